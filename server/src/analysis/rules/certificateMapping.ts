/**
 * Coherence of client-certificate mapping across the levels of one file:
 *
 * - `mapping-disabled`: mappings of a kind whose switch is off
 *   (oneToOneCertificateMappingsEnabled / manyToOneCertificateMappingsEnabled
 *   "false" where the entries are); an entry with enabled="false" (information).
 * - `no-mappings`: the section is switched on, but no enabled mapping of an
 *   enabled kind exists at that level or below it.
 * - `client-cert-not-negotiated`: mapping is switched on for a level, but no
 *   access/@sslFlags at that level or below asks for a client certificate
 *   (SslNegotiateCert or SslRequireCert), so there is never one to map.
 * - `mapping-ad-and-iis`: Active Directory mapping and IIS mapping both on for
 *   the same paths.
 *
 * Sections IIS ignores at their level (iisClientCertificateMappingAuthentication
 * below a site) do not switch anything on; ignored-at-level reports them.
 * In a web.config, what the file does not say is inherited from files not in
 * view, and the rules stay silent rather than guess.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import type { EffectiveSettings, Scope } from '../../hierarchy/effectiveSettings';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import {
  ACCESS, AD_MAPPING, IIS_MAPPING, effectiveSettings, instancePlace, isReadWhereItIs, isTrue, parseSslFlags, scopeName,
} from '../clientCertificates';

const KINDS = [
  { collection: 'oneToOneMappings', flag: 'oneToOneCertificateMappingsEnabled', words: 'one-to-one' },
  { collection: 'manyToOneMappings', flag: 'manyToOneCertificateMappingsEnabled', words: 'many-to-one' },
] as const;

function isEnabledEntry(add: XmlElement): boolean {
  const e = getAttribute(add, 'enabled');
  return !e || isTrue(e.value);
}

export const certificateMappingRule: Rule = {
  id: 'certificate-mapping',
  codes: ['mapping-disabled', 'no-mappings', 'client-cert-not-negotiated', 'mapping-ad-and-iis'],
  scopeReads: [IIS_MAPPING, AD_MAPPING, ACCESS],
  checkScope(scope: Scope, ctx: RuleContext) {
    const inAppHost = ctx.file.kind === 'applicationHost';
    const settings = effectiveSettings(ctx.file, ctx.schema);
    const ignored = (s: SectionInstance) => !isReadWhereItIs(s, inAppHost);
    // The mapping sections set at this path, in document order (what below them they need is in the subtree).
    const here = [...settings.instancesAt(IIS_MAPPING, scope.key), ...settings.instancesAt(AD_MAPPING, scope.key)];
    if (!here.length) return;
    if (here.length > 1) here.sort((a, b) => a.element.start - b.element.start);
    for (const section of here) {
      const key = scope.key;
      if (section.path === IIS_MAPPING) checkDisabledKinds(ctx, settings, section, key, ignored);
      if (ignored(section)) continue;
      const enabledAttr = getAttribute(section.element, 'enabled');
      if (!enabledAttr || !isTrue(enabledAttr.value)) continue;
      // This instance switches mapping on for `key` and below.
      if (section.path === IIS_MAPPING) checkHasMappings(ctx, settings, section, key, ignored);
      checkNegotiated(ctx, settings, section, key);
      checkBothKinds(ctx, settings, section, key, ignored);
    }
  },
};

/** Entries of a kind whose switch is off, and entries switched off one by one. */
function checkDisabledKinds(ctx: RuleContext, settings: EffectiveSettings, section: SectionInstance, key: string, ignored: (s: SectionInstance) => boolean): void {
  for (const kind of KINDS) {
    for (const coll of childElements(section.element)) {
      if (coll.name !== kind.collection) continue;
      const adds = childElements(coll).filter((c) => c.name === 'add');
      for (const add of adds) {
        const e = getAttribute(add, 'enabled');
        if (e && !isTrue(e.value) && e.value.trim().toLowerCase() === 'false') {
          ctx.report({
            code: 'mapping-disabled', severity: 'information', start: e.start, end: e.end,
            message: `This ${kind.words} mapping is switched off (enabled="false"), so IIS skips it.`,
          });
        }
      }
      if (!adds.length) continue;
      const own = getAttribute(section.element, kind.flag);
      const flag = own ? { known: true as const, value: own.value, instance: section } : settings.attribute(IIS_MAPPING, kind.flag, key, (s) => s !== section && ignored(s));
      if (!flag.known || isTrue(flag.value) || flag.value.trim().toLowerCase() !== 'false') continue;
      const where = flag.instance === section ? 'on this section' : `at ${instancePlace(flag.instance, ctx.file)}`;
      const flagAttr = flag.instance && getAttribute(flag.instance.element, kind.flag);
      ctx.report({
        code: 'mapping-disabled', start: coll.nameStart, end: coll.nameEnd,
        message: `${adds.length === 1 ? 'This' : `These ${adds.length}`} ${kind.words} mapping${adds.length === 1 ? ' is' : 's are'} never used: ${kind.flag} is "false" ${where}.`,
        detail: `IIS uses ${kind.words} mappings only where ${kind.flag} is "true"; set it to "true" or remove the mappings.`,
        ...(flagAttr && flag.instance !== section ? { related: [{ message: `${kind.flag}="false"`, start: flagAttr.start, end: flagAttr.end }] } : {}),
      });
    }
  }
}

/** Switched on, but no enabled mapping of an enabled kind at this level or below. */
function checkHasMappings(ctx: RuleContext, settings: EffectiveSettings, section: SectionInstance, key: string, ignored: (s: SectionInstance) => boolean): void {
  const enabledKinds: string[] = [];
  for (const scope of settings.subtree(key)) {
    for (const kind of KINDS) {
      const flag = settings.attribute(IIS_MAPPING, kind.flag, scope.key, ignored);
      if (!flag.known) return; // a parent file may say otherwise
      if (!isTrue(flag.value)) continue;
      if (!enabledKinds.includes(kind.words)) enabledKinds.push(kind.words);
      const entries = settings.entries(IIS_MAPPING, kind.collection, scope.key, ignored);
      if (!entries.complete || entries.entries.some(isEnabledEntry)) return;
    }
  }
  const enabledAttr = getAttribute(section.element, 'enabled')!;
  const kinds = enabledKinds.length ? `no enabled ${enabledKinds.join(' or ')} mapping` : 'both kinds of mapping are switched off';
  // Mappings saved where IIS does not read them (below a site) are the usual reason.
  const lost = settings.subtree(key).flatMap((s) => settings.instancesAt(IIS_MAPPING, s.key))
    .filter((s) => ignored(s) && childElements(s.element).some((c) => KINDS.some((k) => k.collection === c.name) && childElements(c).some((d) => d.name === 'add')));
  const lostNote = lost.length
    ? ` The mappings at ${lost.slice(0, 2).map((s) => instancePlace(s, ctx.file)).join(' and ')}${lost.length > 2 ? ' and others' : ''} do not count: IIS reads this section only at server and site level.`
    : '';
  ctx.report({
    code: 'no-mappings', start: enabledAttr.start, end: enabledAttr.end,
    message: `Certificate mapping is switched on, but ${kinds} exists at ${scopeName(settings.scope(key), ctx.file)} or below.`,
    detail: `No client certificate can be mapped to a user.${lostNote} Add <add> entries under <oneToOneMappings> or <manyToOneMappings>.`,
    ...(lost.length ? { related: lost.map((s) => ({ message: 'Mappings IIS does not read at this level', start: s.element.start, end: s.element.startTagEnd })) } : {}),
  });
}

/** Switched on, but no level at or below asks the client for a certificate. */
function checkNegotiated(ctx: RuleContext, settings: EffectiveSettings, section: SectionInstance, key: string): void {
  const flagsSeen: string[] = [];
  for (const scope of settings.subtree(key)) {
    const v = settings.attribute(ACCESS, 'sslFlags', scope.key);
    if (!v.known) return; // inherited from a file not in view
    if (parseSslFlags(v.value).asksForCertificate) return;
    const text = `"${v.value}" at ${scopeName(scope, ctx.file)}${v.instance ? '' : ' (default)'}`;
    if (!flagsSeen.includes(text)) flagsSeen.push(text);
  }
  const enabledAttr = getAttribute(section.element, 'enabled')!;
  const what = section.path === IIS_MAPPING ? 'IIS client certificate mapping' : 'Active Directory client certificate mapping';
  const place = key === '' ? (ctx.file.kind === 'applicationHost' ? 'any site of this file' : 'this web.config') : scopeName(settings.scope(key), ctx.file);
  ctx.report({
    code: 'client-cert-not-negotiated', start: enabledAttr.start, end: enabledAttr.end,
    message: `Certificate mapping is on, but IIS never asks for a client certificate at ${place}; add SslNegotiateCert to sslFlags.`,
    detail: `${what} is switched on, but no access sslFlags at that level or below include SslNegotiateCert or SslRequireCert (${flagsSeen.slice(0, 3).join('; ')}${flagsSeen.length > 3 ? '; …' : ''}). ` +
      'Set sslFlags="Ssl, SslNegotiateCert" (accept) or "Ssl, SslNegotiateCert, SslRequireCert" (require) where the certificate is needed.',
  });
}

/** Active Directory mapping and IIS mapping both switched on for the same paths. */
function checkBothKinds(ctx: RuleContext, settings: EffectiveSettings, section: SectionInstance, key: string, ignored: (s: SectionInstance) => boolean): void {
  const other = section.path === IIS_MAPPING ? AD_MAPPING : IIS_MAPPING;
  // Paths this instance switches on: its scope and the scopes below that do not switch it off again.
  const reached = settings.subtree(key).filter((s) => {
    const mine = settings.attribute(section.path, 'enabled', s.key, ignored);
    return mine.known && mine.instance === section;
  });
  for (const scope of reached) {
    const v = settings.attribute(other, 'enabled', scope.key, ignored);
    if (!v.known || !isTrue(v.value) || !v.instance) continue;
    // Report once per pair, on the instance that comes second: the deeper one, or the later one at the same level.
    const otherKey = settings.keyOf(v.instance);
    const otherFirst = depth(otherKey) < depth(key) || (otherKey === key && v.instance.element.start < section.element.start);
    if (!otherFirst) continue;
    report(ctx, section, v.instance, scope);
    return;
  }
}

function depth(key: string): number {
  return key === '' ? 0 : key.split('/').length;
}

function report(ctx: RuleContext, section: SectionInstance, other: SectionInstance, scope: Scope): void {
  const enabledAttr = getAttribute(section.element, 'enabled')!;
  const otherName = other.path === AD_MAPPING ? '<clientCertificateMappingAuthentication>' : '<iisClientCertificateMappingAuthentication>';
  ctx.report({
    code: 'mapping-ad-and-iis', start: enabledAttr.start, end: enabledAttr.end,
    related: [{ message: `${otherName} is switched on here`, start: getAttribute(other.element, 'enabled')!.start, end: getAttribute(other.element, 'enabled')!.end }],
    message: `Both Active Directory and IIS client certificate mapping are switched on for ${scopeName(scope, ctx.file)}; switch off the one you do not use.`,
    detail: `The other is switched on at ${instancePlace(other, ctx.file)}. ` +
      'Active Directory mapping (<clientCertificateMappingAuthentication>) only works when the HTTPS binding has the DS mapper enabled: HTTP.sys then maps the certificate to a domain account before IIS sees it, and that is the mapping you get (IIS 6 documented that DS mapping excludes one-to-one and many-to-one mapping). ' +
      'Without the DS mapper, Active Directory mapping finds no user and only the one-to-one and many-to-one tables of <iisClientCertificateMappingAuthentication> apply.',
  });
}
