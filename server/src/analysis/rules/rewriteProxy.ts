/**
 * `rewrite-proxy-not-enabled`: a Rewrite action to an absolute http(s) URL
 * makes IIS forward the request, which only Application Request Routing does,
 * and only with `system.webServer/proxy/@enabled="true"` (a server setting,
 * false by default: arr_schema.xml). Without it IIS answers 404.4 (the
 * runtime-failures table, row 52: grafana/grafana#23013; "Reverse Proxy with
 * URL Rewrite v2 and Application Request Routing" enables the proxy first).
 *
 * ARR is installed when the applicationHost.config in effect declares the
 * `proxy` section in its own `<configSections>`. An error when that file is
 * in view; information under the default IIS 10 model (ARR is not part of a
 * default install, but the real server may have it).
 */
import type { Rule, RuleContext } from './rule';
import type { RelatedInformation } from '../types';
import type { ConfigFile, SectionInstance } from '../../hierarchy/configFile';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import { REWRITE_SECTIONS, readInboundRule } from '../../rewrite/model';
import { EffectiveSettings, normalizeScopeKey } from '../../hierarchy/effectiveSettings';
import { RewriteContext, hasRewrite, rewriteContext, valueRange } from '../rewriteContext';
import { assumedClause, assumptionNote, lineOf } from '../inheritance';

const PROXY = 'system.webServer/proxy';

/** Does an applicationHost.config's own <configSections> declare system.webServer/proxy (ARR installed)? */
export function declaresProxy(file: ConfigFile): boolean {
  const cs = file.configSections;
  if (!cs) return false;
  const stack: Array<{ el: XmlElement; path: string }> = childElements(cs).map((el) => ({ el, path: '' }));
  while (stack.length) {
    const { el, path } = stack.pop()!;
    const name = getAttribute(el, 'name')?.value ?? '';
    const full = path ? `${path}/${name}` : name;
    if (el.name === 'section' && full === PROXY) return true;
    if (el.name === 'sectionGroup') for (const c of childElements(el)) stack.push({ el: c, path: full });
  }
  return false;
}

type ProxyState = { readonly ok: true } | { readonly ok: false; readonly short: string; readonly why: string; readonly related?: RelatedInformation };

function proxyState(rc: RewriteContext, at: readonly string[], ctx: RuleContext): ProxyState {
  const appHost = rc.h.appHost;
  const self = ctx.file.kind === 'applicationHost';
  const name = self ? 'this applicationHost.config' : 'the applicationHost.config in effect';
  const relatedAt = (start: number, end: number, message: string): RelatedInformation => ({ message, start, end, ...(self ? {} : { file: appHost.fileName }) });
  if (!declaresProxy(appHost.file)) {
    const cs = appHost.file.configSections ?? appHost.file.configuration;
    return { ok: false, short: 'ARR is not installed', why: `Application Request Routing is not installed: ${name} does not declare the system.webServer/proxy section`, ...(cs ? { related: relatedAt(cs.start, cs.startTagEnd, 'no <section name="proxy"> here') } : {}) };
  }
  const settings = new EffectiveSettings(appHost.file, ctx.schema);
  const key = rc.h.mapped || ctx.file.kind === 'applicationHost' ? normalizeScopeKey(at.join('/')) : '';
  const v = settings.attribute(PROXY, 'enabled', settings.scope(key) ? key : closestScope(settings, key));
  if (v.known && v.value.trim().toLowerCase() === 'true') return { ok: true };
  const where = v.known && v.instance ? ` (line ${lineOf(appHost.text, v.instance.element.start)})` : ' (not set: false by default)';
  return {
    ok: false, short: 'proxy/@enabled is not "true"', why: `system.webServer/proxy/@enabled is not "true" in ${name}${where}`,
    ...(v.known && v.instance ? { related: relatedAt(v.instance.element.start, v.instance.element.startTagEnd, 'the proxy settings in effect') } : {}),
  };
}

/** The deepest scope of the file that is a prefix of `key`. */
function closestScope(settings: EffectiveSettings, key: string): string {
  const parts = key.split('/');
  for (let i = parts.length; i > 0; i--) { const k = parts.slice(0, i).join('/'); if (settings.scope(k)) return k; }
  return '';
}

export function checkProxy(section: SectionInstance, ctx: RuleContext, rc: RewriteContext): void {
  if (section.path !== REWRITE_SECTIONS.rules && section.path !== REWRITE_SECTIONS.globalRules) return;
  if (!rc.known) return;
  let state: ProxyState | undefined;
  for (const el of childElements(section.element)) {
    if (el.name !== 'rule') continue;
    const rule = readInboundRule(el);
    const url = rule.action.urlAttribute;
    if (rule.action.type !== 'Rewrite' || !url) continue;
    const m = /^\s*(https?):\/\//i.exec(url.value);
    if (!m) continue;
    state ??= rc.assumedDefault ? { ok: false, short: 'ARR\'s proxy is not on by default', why: 'Application Request Routing is not part of a default IIS install, and its proxy is off until applicationHost.config turns it on' } : proxyState(rc, rc.targetOf(section), ctx);
    if (state.ok) continue;
    ctx.report({
      code: 'rewrite-proxy-not-enabled', ...valueRange(url, m.index, m.index + m[0].length),
      ...(rc.assumedDefault ? { severity: 'information' as const } : {}),
      ...(!state.ok && state.related ? { related: [state.related] } : {}),
      message: `A Rewrite to an absolute URL needs ARR with the proxy enabled, else 404.4: ${state.short}${rc.assumedDefault ? assumedClause(rc.h) : ''}.`,
      detail: `A Rewrite action to an http:// or https:// URL forwards the request, which only Application Request Routing does, and only with system.webServer/proxy/@enabled="true" (false by default); without it IIS answers 404.4. Here ${state.why}.${rc.assumedDefault ? ` ${assumptionNote(rc.h)} It is information only: the real server may have ARR with its proxy on.` : ''}`,
    });
  }
}

export const rewriteProxyRule: Rule = {
  id: 'rewrite-proxy',
  codes: ['rewrite-proxy-not-enabled'],
  check(ctx) {
    // XML Document Transform files hold fragments merged into another file: only their patterns are checked.
    if (!hasRewrite(ctx) || ctx.file.kind === 'transform') return;
    const rc = rewriteContext(ctx);
    for (const s of ctx.file.sections) checkProxy(s, ctx, rc);
  },
};
