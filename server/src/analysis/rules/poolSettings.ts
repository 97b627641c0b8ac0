/**
 * Application pools, as WAS reads them when it starts a pool (reported only
 * in an applicationHost.config whose `<applicationPools>` is in the file):
 *
 * - `application-pool-undefined`: an application, or `<applicationDefaults>`
 *   (the site's or the server's), names a pool that is not defined. WAS
 *   ignores the application and IIS answers 503. An inherited name is
 *   reported once, at the `<applicationDefaults>` that sets it.
 * - `pool-runtime-version-invalid`: managedRuntimeVersion other than "", v2.0
 *   or v4.0 (v1.1 on old servers): "v4.8", "No Managed Code".
 * - `pool-identity-incomplete`: identityType="SpecificUser" without userName or
 *   password (in the pool or inherited from `<applicationPoolDefaults>`).
 * - `enabled-protocols-invalid`: enabledProtocols listing https.
 *
 * Facts: iis/serverFacts.ts (RUNTIME_FAILURES.poolUndefined, poolRuntime,
 * poolIdentity, enabledProtocols; RUNTIME_VERSIONS).
 */
import type { Rule } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { Finding, FindingsMemo } from './memo';
import type { CodeAction, Diagnostic, DocumentAnalysis, RelatedInformation } from '../types';
import { XmlAttribute, encodeAttributeValue } from '../../syntax/xml';
import { closestMatches, shown } from '../../util/strings';
import { RUNTIME_VERSIONS, runtimeVersionFix } from '../../iis/serverFacts';
import { ApplicationModel, AppPool, ServerModel, poolNamed } from '../../model';
import { serverView } from '../serverView';

interface Data {
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly replacements: ReadonlyArray<{ readonly title: string; readonly value: string }>;
}

function valueRange(a: XmlAttribute): { start: number; end: number } {
  return a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.nameStart, end: a.nameEnd };
}

function appWords(app: ApplicationModel): string {
  return app.path === '/' ? `the root application of site "${app.site.name}"` : `application "${app.path}" of site "${app.site.name}"`;
}

const POOLS = 'system.applicationHost/applicationPools';
const SITES = 'system.applicationHost/sites';
const poolFindings = new FindingsMemo();
const siteFindings = new FindingsMemo();

export const poolSettingsRule: Rule = {
  id: 'pool-settings',
  codes: ['application-pool-undefined', 'pool-runtime-version-invalid', 'pool-identity-incomplete', 'enabled-protocols-invalid'],
  // Per section: the pools' settings are read in <applicationPools>; the applications' in <sites>, which names the
  // pools (so <applicationPools> is read by that check too). Both from the server model, whose parts are kept while
  // their sections are unchanged, and the findings with them.
  dependsOn: (file) => (file.kind === 'applicationHost' ? [POOLS] : []),
  checkSection(section, ctx) {
    if (ctx.file.kind !== 'applicationHost' || (section.path !== POOLS && section.path !== SITES)) return;
    const model = serverView(ctx).model;
    if (!model) return;
    if (section.element === model.applicationPoolsElement) {
      poolFindings.report(ctx, section, [model.poolList, model.applicationPoolDefaults], () => checkPools(model.poolList, model.applicationPoolDefaults));
    }
    if (section.element === model.sitesElement) {
      siteFindings.report(ctx, section, [model.sites, model.applicationDefaults, model.pools, model.poolList, model.applicationPoolsElement], () => {
        const out = checkProtocols(model.sites ?? [], model.applicationDefaults);
        if (model.pools && model.sites) checkUndefined(out, model);
        return out;
      });
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.replacements?.length) return [];
    return data.replacements.map((r, i) => ({
      title: r.title, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: [{ start: data.valueStart, end: data.valueEnd, newText: encodeAttributeValue(r.value) }],
    })).filter((a) => analysis.text.slice(data.valueStart, data.valueEnd) !== a.edits[0].newText);
  },
};

/** Undefined pools: an application's own attribute at the application; an inherited one once, at its <applicationDefaults>. */
function checkUndefined(out: Finding[], model: ServerModel): void {
  const names = model.poolList.map((p) => p.name).filter(Boolean);
  const inheritedUsers = new Map<XmlAttribute, ApplicationModel[]>();
  for (const site of model.sites!) {
    for (const app of site.applications) {
      const s = app.applicationPool;
      if (!s.attribute || s.value.trim() === '' || poolNamed(model, s.value)) continue;
      if (s.from !== 'own') {
        const list = inheritedUsers.get(s.attribute) ?? [];
        list.push(app);
        inheritedUsers.set(s.attribute, list);
        continue;
      }
      reportUndefined(out, s.attribute, `Application pool "${shown(s.value)}" is not defined in <applicationPools>`, `${appWords(app)[0].toUpperCase()}${appWords(app).slice(1)} runs in this pool.`, names, model.applicationPoolsElement);
    }
  }
  // <applicationDefaults> naming an undefined pool, whether or not an application inherits it today.
  for (const el of [model.applicationDefaults, ...model.sites!.map((s) => s.applicationDefaults)]) {
    const a = el && el.attributes.find((x) => x.name === 'applicationPool');
    if (!a || a.value.trim() === '' || poolNamed(model, a.value)) continue;
    const users = inheritedUsers.get(a) ?? [];
    const who = users.length
      ? `${users.slice(0, 3).map(appWords).join(', ')}${users.length > 3 ? ` and ${users.length - 3} more` : ''} inherit${users.length === 1 ? 's' : ''} it`
      : 'every application added without its own applicationPool inherits it';
    const shownUsers = users.slice(0, 5);
    reportUndefined(out, a, `<applicationDefaults> names application pool "${shown(a.value)}", which <applicationPools> does not define`, `${who[0].toUpperCase()}${who.slice(1)}.`, names, model.applicationPoolsElement,
      () => shownUsers.map((u) => ({ message: `${appWords(u)} inherits this pool`, start: u.element.start, end: u.element.startTagEnd })), users.length ? undefined : 'warning');
  }
}

function reportUndefined(out: Finding[], a: XmlAttribute, what: string, who: string, names: string[], poolsEl: { start: number; startTagEnd: number } | undefined, extra: () => RelatedInformation[] = () => [], severity?: 'warning'): void {
  const close = closestMatches(a.value, names, 3);
  const defined = names.length ? ` Defined pools: ${names.slice(0, 8).map((n) => `"${n}"`).join(', ')}${names.length > 8 ? ', …' : ''}.` : '';
  out.push((ctx) => {
  const related: RelatedInformation[] = extra();
  if (poolsEl) related.push({ message: 'the application pools defined on this server', start: poolsEl.start, end: poolsEl.startTagEnd });
  ctx.report({
    code: 'application-pool-undefined', ...valueRange(a), ...(severity ? { severity } : {}), related,
    data: { valueStart: a.valueStart, valueEnd: a.valueEnd, replacements: close.map((n) => ({ title: `Change to "${n}"`, value: n })) } satisfies Data,
    message: close.length ? `${what}; did you mean "${shown(close[0])}"?` : `${what}, so WAS ignores the application (503).`,
    detail: `${who} WAS ignores an application whose pool is not defined (it logs an invalid AppPoolId) and IIS answers 503 Service Unavailable on every request.${defined}`,
  });
  });
}

function checkPools(pools: readonly AppPool[], defaultsEl: { attributes: XmlAttribute[] } | undefined): Finding[] {
  const out: Finding[] = [];
  const runtimeAttrs: XmlAttribute[] = [];
  const d = defaultsEl?.attributes.find((a) => a.name === 'managedRuntimeVersion');
  if (d) runtimeAttrs.push(d);
  for (const p of pools) if (p.managedRuntimeVersion.from === 'own' && p.managedRuntimeVersion.attribute) runtimeAttrs.push(p.managedRuntimeVersion.attribute);
  for (const a of runtimeAttrs) {
    if (RUNTIME_VERSIONS.some((r) => r.toLowerCase() === a.value.trim().toLowerCase())) continue;
    const fix = runtimeVersionFix(a.value);
    const v = shown(a.value, 30);
    out.push((ctx) => ctx.report({
      code: 'pool-runtime-version-invalid', ...valueRange(a),
      data: { valueStart: a.valueStart, valueEnd: a.valueEnd, replacements: fix === undefined ? [] : [{ title: `Change to "${fix}"${fix === '' ? ' (no managed code)' : ''}`, value: fix }] } satisfies Data,
      message: fix === undefined ? `managedRuntimeVersion "${v}" is not a CLR version WAS can load ("", v2.0 or v4.0).`
        : fix === '' ? `managedRuntimeVersion "${v}" is not a CLR version; write "" for a pool without managed code.`
          : `managedRuntimeVersion "${v}" is not a CLR version; write "${fix}"${fix === 'v4.0' ? ', the CLR every .NET Framework 4.x runs on' : ''}.`,
      detail: 'managedRuntimeVersion names the CLR the pool loads: "" (no managed code: ASP.NET Core, PHP, static files), v2.0 (.NET 2.0 to 3.5) or v4.0 (.NET 4.x). WAS cannot pre-load any other version, so the pool does not start and IIS answers 503.',
    }));
  }
  for (const p of pools) {
    if (p.identityType.value.trim().toLowerCase() !== 'specificuser') continue;
    const missing: string[] = [];
    if (p.userName.value.trim() === '') missing.push('userName');
    if (p.password.from === 'schema' || p.password.value === '') missing.push('password');
    if (!missing.length) continue;
    const where = p.identityType.from === 'own' && p.identityType.attribute ? p.identityType.attribute : p.nameAttribute;
    if (!where) continue;
    const inherited = p.identityType.from === 'applicationPoolDefaults' ? ' (identityType inherited from <applicationPoolDefaults>)' : '';
    const inheritedFrom = p.identityType.from === 'applicationPoolDefaults' ? p.identityType.attribute : undefined;
    out.push((ctx) => ctx.report({
      code: 'pool-identity-incomplete', ...valueRange(where), related: inheritedFrom ? [{ message: 'SpecificUser is set here', start: inheritedFrom.start, end: inheritedFrom.end }] : [],
      message: `Application pool "${shown(p.name)}" runs as SpecificUser without a ${missing.join(' or ')}, so WAS cannot start it (503).`,
      detail: `A SpecificUser identity logs on with processModel's userName and password${inherited}; without them WAS cannot log the identity on (events 5057 / 5059), stops the pool and IIS answers 503. Set the account with IIS Manager or appcmd, which store the password encrypted.`,
    }));
  }
  return out;
}

function checkProtocols(sites: readonly { applications: readonly ApplicationModel[]; applicationDefaults?: { attributes: XmlAttribute[] } }[], defaultsEl: { attributes: XmlAttribute[] } | undefined): Finding[] {
  const out: Finding[] = [];
  const attrs = new Set<XmlAttribute>();
  const add = (el: { attributes: XmlAttribute[] } | undefined) => { const a = el?.attributes.find((x) => x.name === 'enabledProtocols'); if (a) attrs.add(a); };
  add(defaultsEl);
  for (const s of sites) {
    add(s.applicationDefaults);
    for (const app of s.applications) if (app.enabledProtocols.from === 'own' && app.enabledProtocols.attribute) attrs.add(app.enabledProtocols.attribute);
  }
  for (const a of attrs) {
    const tokens = a.value.split(',').map((t) => t.trim());
    if (!tokens.some((t) => t.toLowerCase() === 'https')) continue;
    const kept = tokens.filter((t) => t && t.toLowerCase() !== 'https');
    const fixed = kept.length ? kept.join(',') : 'http';
    out.push((ctx) => ctx.report({
      code: 'enabled-protocols-invalid', ...valueRange(a),
      data: { valueStart: a.valueStart, valueEnd: a.valueEnd, replacements: [{ title: `Change to "${fixed}"`, value: fixed }] } satisfies Data,
      message: `enabledProtocols may not list https (an https binding is served by the http protocol); write "${shown(fixed)}".`,
      detail: 'enabledProtocols names the listener protocols of an application (http, net.tcp, net.pipe, net.msmq, msmq.formatname). HTTPS is a binding of the http protocol, not a protocol of its own: WAS rejects an application that lists it ("HTTPS is not allowed in enabledProtocols").',
    }));
  }
  return out;
}
