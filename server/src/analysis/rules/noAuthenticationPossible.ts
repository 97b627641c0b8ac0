/**
 * `no-authentication-possible` (warning): at a path where anonymous
 * authentication is off, no enabled authentication module can set a user, so
 * IIS answers every request with 401.2 (FREB shows that every authentication
 * module ran and none set a user). The message lists the modules considered
 * and why each one does not apply: switched off; the mapping section set at a
 * level IIS ignores (the motivating case: mappings saved for a
 * sub-application); no enabled mapping; client certificates never requested
 * by sslFlags.
 *
 * Checked at every path of the file that sets an authentication or access
 * section. In an applicationHost.config, what no level sets is the schema
 * default. In a web.config, values the file does not set come from
 * applicationHost.config, which is not in view: the rule speaks only when the
 * file itself sets up certificate mapping for the path, assumes the other
 * modules keep their defaults (off), says so, and lowers the severity to
 * information. A custom managed module (a <modules> entry whose type is not
 * System.*) or Forms authentication may set a user: then the rule is silent.
 *
 * Source: Microsoft IIS Support blog, "IIS Client Certificate Authentication
 * results in 401-Unauthorized for sub-applications" (2020-04-28); schema
 * defaults of the authentication sections.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import type { EffectiveSettings, Scope } from '../../hierarchy/effectiveSettings';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import { describeLevels } from '../../hierarchy/levels';
import { shown } from '../messages';
import { runtimeLevelRows } from '../../iis/runtimeLevels';
import {
  ACCESS, AD_MAPPING, ANONYMOUS, BASIC, DIGEST, IIS_MAPPING, WINDOWS,
  effectiveSettings, instancePlace, isReadWhereItIs, isTrue, parseSslFlags,
} from '../clientCertificates';

const FORMS = 'system.web/authentication';
const MODULES = 'system.webServer/modules';
const RELEVANT = new Set([ANONYMOUS, BASIC, DIGEST, WINDOWS, IIS_MAPPING, AD_MAPPING, ACCESS]);

/** What one module can do at a path. */
type Verdict =
  | { readonly kind: 'possible' }
  | { readonly kind: 'impossible'; readonly why: string; readonly assumed?: boolean };

interface Env {
  readonly ctx: RuleContext;
  readonly settings: EffectiveSettings;
  readonly ignored: (s: SectionInstance) => boolean;
  /** Values inherited from files not in view are assumed to be the defaults. */
  readonly assumeDefaults: boolean;
}

export const noAuthenticationPossibleRule: Rule = {
  id: 'no-authentication-possible',
  codes: ['no-authentication-possible'],
  // The authentication and access sections, and what may set a user otherwise (Forms, custom managed modules).
  scopeReads: [...RELEVANT, FORMS, MODULES],
  checkScope(scope: Scope, ctx: RuleContext) {
    const inAppHost = ctx.file.kind === 'applicationHost';
    const settings = effectiveSettings(ctx.file, ctx.schema);
    const ignored = (s: SectionInstance) => !isReadWhereItIs(s, inAppHost);
    const here = settings.allAt(scope.key).filter((s) => RELEVANT.has(s.path));
    if (!here.length) return;
    const anonymous = settings.attribute(ANONYMOUS, 'enabled', scope.key);
    if (!anonymous.known || isTrue(anonymous.value)) return;
    if (mayAuthenticateOtherwise(settings, scope.key)) return;
    // In a web.config, speak only when the file itself sets up certificate mapping for this path.
    const intent = settings.instancesOnChain(IIS_MAPPING, scope.key).length + settings.instancesOnChain(AD_MAPPING, scope.key).length > 0;
    const env: Env = { ctx, settings, ignored, assumeDefaults: !settings.complete && intent };

    const verdicts: Array<{ name: string; v: Verdict | undefined }> = [
      { name: 'Basic, Digest and Windows authentication', v: plainModules(env, scope.key) },
      { name: 'IIS client certificate mapping', v: iisMapping(env, scope) },
      { name: 'Active Directory client certificate mapping', v: adMapping(env, scope.key) },
    ];
    // undefined: not known (and not assumed) → the module may work; stay silent.
    if (verdicts.some((x) => !x.v || x.v.kind === 'possible')) return;
    const assumed = verdicts.some((x) => x.v?.kind === 'impossible' && x.v.assumed);
    const anchor = anchorFor(settings, scope, ignored);
    const place = scope.key === '' ? (inAppHost ? 'this server' : 'this web.config\'s path') : `"${shown(scope.path, 40)}"`;
    const considered = verdicts.map((x) => `${x.name}: ${(x.v as { why: string }).why}`).join('; ');
    ctx.report({
      code: 'no-authentication-possible', start: anchor.nameStart, end: anchor.nameEnd,
      ...(assumed ? { severity: 'information' as const } : {}),
      message: `Requests to ${place} get 401.2: anonymous authentication is off and no other module can set a user${assumed ? ' (as far as this file says)' : ''}.`,
      detail: `Anonymous authentication is off (${anonymous.instance ? `at ${instancePlace(anonymous.instance, ctx.file)}` : 'default'}). ` +
        `Considered: ${considered}.` +
        (assumed ? ' applicationHost.config is not in view: modules this file does not configure are assumed to keep their defaults.' : ''),
    });
  },
};

/** Forms authentication, or a custom managed module, may set a user: we cannot tell. */
function mayAuthenticateOtherwise(settings: EffectiveSettings, key: string): boolean {
  const mode = settings.attribute(FORMS, 'mode', key);
  if (mode.known && mode.value.trim().toLowerCase() === 'forms') return true;
  for (const m of settings.instancesOnChain(MODULES, key)) {
    for (const add of childElements(m.element)) {
      if (add.name !== 'add') continue;
      const type = getAttribute(add, 'type')?.value.trim();
      if (type && !/^System\./.test(type)) return true;
    }
  }
  return false;
}

function plainModules(env: Env, key: string): Verdict | undefined {
  let assumed = false;
  for (const path of [BASIC, DIGEST, WINDOWS]) {
    const v = env.settings.attribute(path, 'enabled', key);
    if (!v.known) {
      if (!env.assumeDefaults) return undefined;
      assumed = true;
    } else if (isTrue(v.value)) {
      return { kind: 'possible' };
    }
  }
  return { kind: 'impossible', why: assumed ? 'off (as far as this file says)' : 'off', assumed };
}

function asksForCertificate(env: Env, key: string): { asks: boolean | undefined; text: string } {
  const v = env.settings.attribute(ACCESS, 'sslFlags', key);
  if (!v.known) return { asks: undefined, text: '' };
  const where = v.instance ? `at ${instancePlace(v.instance, env.ctx.file)}` : 'the default';
  return { asks: parseSslFlags(v.value).asksForCertificate, text: `sslFlags "${v.value}" (${where}) never ask the client for a certificate` };
}

function iisMapping(env: Env, scope: Scope): Verdict | undefined {
  const { settings, ignored, ctx } = env;
  const key = scope.key;
  const ignoredCopies = settings.instancesOnChain(IIS_MAPPING, key).filter(ignored);
  const note = ignoredCopies.length
    ? `the section at ${instancePlace(ignoredCopies[ignoredCopies.length - 1], ctx.file)} is ignored there (IIS reads it only at ${readLevels()} level), and `
    : '';
  const enabled = settings.attribute(IIS_MAPPING, 'enabled', key, ignored);
  if (!enabled.known) {
    if (!env.assumeDefaults) return undefined;
    return { kind: 'impossible', why: `${note}this file does not switch it on where IIS reads it`, assumed: true };
  }
  if (!isTrue(enabled.value)) {
    const where = enabled.instance ? `switched off at ${instancePlace(enabled.instance, ctx.file)}` : 'not switched on at any level IIS reads it from';
    return { kind: 'impossible', why: `${note}${where}` };
  }
  let anyMapping = false;
  for (const kind of [
    { collection: 'oneToOneMappings', flag: 'oneToOneCertificateMappingsEnabled' },
    { collection: 'manyToOneMappings', flag: 'manyToOneCertificateMappingsEnabled' },
  ]) {
    const flag = settings.attribute(IIS_MAPPING, kind.flag, key, ignored);
    if (!flag.known) return undefined;
    if (!isTrue(flag.value)) continue;
    const entries = settings.entries(IIS_MAPPING, kind.collection, key, ignored);
    if (!entries.complete) return undefined;
    if (entries.entries.some((e) => usableEntry(e))) anyMapping = true;
  }
  if (!anyMapping) return { kind: 'impossible', why: `${note}switched on at ${instancePlace(enabled.instance, ctx.file)}, but no enabled mapping reaches this path` };
  const ask = asksForCertificate(env, key);
  if (ask.asks !== false) return ask.asks === undefined ? undefined : { kind: 'possible' };
  return { kind: 'impossible', why: `${note}switched on with mappings, but ${ask.text}` };
}

function usableEntry(add: XmlElement): boolean {
  const enabled = getAttribute(add, 'enabled');
  if (enabled && !isTrue(enabled.value)) return false;
  const mode = getAttribute(add, 'permissionMode');
  return !mode || mode.value.trim().toLowerCase() !== 'deny';
}

function adMapping(env: Env, key: string): Verdict | undefined {
  const enabled = env.settings.attribute(AD_MAPPING, 'enabled', key);
  if (!enabled.known) return env.assumeDefaults ? { kind: 'impossible', why: 'off (as far as this file says)', assumed: true } : undefined;
  if (!isTrue(enabled.value)) return { kind: 'impossible', why: enabled.instance ? `switched off at ${instancePlace(enabled.instance, env.ctx.file)}` : 'off' };
  const ask = asksForCertificate(env, key);
  if (ask.asks !== false) return ask.asks === undefined ? undefined : { kind: 'possible' };
  return { kind: 'impossible', why: `switched on, but ${ask.text}` };
}

function readLevels(): string {
  const row = runtimeLevelRows(IIS_MAPPING).find((r) => r.scope === 'section');
  return row ? describeLevels(row.levels) : 'server and site';
}

/** Where to put the diagnostic: the setting at this path that decides it. */
function anchorFor(settings: EffectiveSettings, scope: Scope, ignored: (s: SectionInstance) => boolean): XmlElement {
  const here = settings.allAt(scope.key);
  const pick = here.find((s) => s.path === ANONYMOUS)
    ?? here.find((s) => s.path === IIS_MAPPING && ignored(s))
    ?? here.find((s) => s.path === ACCESS)
    ?? here.find((s) => RELEVANT.has(s.path))!;
  return pick.element;
}
