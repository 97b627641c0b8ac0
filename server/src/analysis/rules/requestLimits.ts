/**
 * `request-limit-mismatch`: IIS request filtering and ASP.NET each limit a
 * request, and the smaller limit wins. Raising one alone does nothing past the
 * other: requestLimits/@maxAllowedContentLength (bytes, default 30000000)
 * against httpRuntime/@maxRequestLength (KB, default 4096); maxQueryString
 * against maxQueryStringLength; maxUrl against maxUrlLength.
 *
 * Reported at a limit written in the file that is above the other one's
 * default while nothing in view (this file, the files above it, the
 * applicationHost.config) sets the other: raised alone. When both are set,
 * the smaller one is taken as the choice. An IIS limit above ASP.NET's
 * matters only where ASP.NET serves the requests (see aspNetRuns); an ASP.NET
 * limit above IIS's matters
 * everywhere. The message shows both limits in the IIS unit; the quick fix
 * raises the other limit to match, in the same place.
 *
 * Facts: LIMIT_PAIRS, RUNTIME_FAILURES.uploadTooLarge / queryTooLong / urlTooLong.
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis, RelatedInformation } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import { HTTP_RUNTIME_SECTION, LIMIT_PAIRS, LimitPair, REQUEST_LIMITS_SECTION } from '../../iis/serverFacts';
import { runtimeVersion } from '../../model';
import { factsAt, serverView, targetPath, ServerView } from '../serverView';
import { Contribution, contributionsAt } from '../../hierarchy/chain';
import { pathSegments } from '../../hierarchy/physicalPaths';
import { assumedClause, assumptionNote } from '../inheritance';
import { SectionChange, scopeEdits } from '../fixes/elementEdits';
import { sectionOf } from '../../hierarchy/lookup';

interface Data {
  readonly sectionStart: number;
  readonly change: SectionChange;
  readonly title: string;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Does ASP.NET (System.Web) serve requests here, as far as the files show? Evidence in the web.config files: an
 * httpRuntime, a .NET 4 compilation/@targetFramework, forms authentication, pages, or managed handlers. A
 * system.web left in a PHP or static site's web.config (customErrors, compilation debug) is not evidence; an
 * ASP.NET Core Module app or a no-managed-code pool rules it out.
 */
const ASPNET_EVIDENCE = ['system.webServer/aspNetCore', 'system.web/pages', 'system.web/compilation', 'system.web/authentication', 'system.webServer/handlers'];
function aspNetRuns(view: ServerView, section: SectionInstance): boolean {
  const files = view.chain.filter((f) => f.file.kind !== 'applicationHost' && !f.builtIn);
  const sections = files.flatMap((f) => f.file.sections);
  if (sections.some((s) => s.path === 'system.webServer/aspNetCore')) return false;
  const pool = factsAt(view, targetPath(view, section))?.pool;
  if (pool && runtimeVersion(pool) === '') return false;
  return sections.some((s) => s.path === HTTP_RUNTIME_SECTION || s.path === 'system.web/pages'
    || (s.path === 'system.web/compilation' && getAttribute(s.element, 'targetFramework'))
    || (s.path === 'system.web/authentication' && getAttribute(s.element, 'mode')?.value.trim().toLowerCase() === 'forms')
    || (s.path === 'system.webServer/handlers' && childElements(s.element).some((e) => e.name === 'add' && getAttribute(e, 'type'))));
}

/**
 * Is the limit attribute written at or above the section's path? With a hierarchy, the chain's contributions to that
 * path (each file's instances are indexed by target path once per file version, so a web.config under a large
 * applicationHost.config looks up its own path's prefixes instead of scanning the parent's sections); without one (a
 * web.config read alone), the file's own level and its <location>s, indexed once per analysis.
 */
const ownWriters = new WeakMap<ServerView, Map<string, Map<string, Contribution[]>>>();
function writtenAbove(view: ServerView, sectionPath: string, attribute: string, at: SectionInstance): boolean {
  const writes = (s: SectionInstance) => {
    if (getAttribute(s.element, 'configSource')) return false;
    const holder = sectionPath === REQUEST_LIMITS_SECTION ? requestLimitsOf(s) : s.element;
    return !!holder && !!getAttribute(holder, attribute);
  };
  // Configuration paths where the file is mapped to a site (or is the applicationHost.config).
  const h = view.hierarchy && (view.current.file.kind === 'applicationHost' || view.hierarchy.mapped) ? view.hierarchy : undefined;
  if (h) {
    const target = targetPath(view, at);
    return !!target && contributionsAt(h, view.chain, sectionPath, target, (c) => writes(c.section)).length > 0;
  }
  let byAttr = ownWriters.get(view);
  if (!byAttr) { byAttr = new Map(); ownWriters.set(view, byAttr); }
  const k = `${sectionPath}@${attribute}`;
  let byTarget = byAttr.get(k);
  if (!byTarget) {
    byTarget = new Map();
    byAttr.set(k, byTarget);
    for (const s of view.current.file.sections) {
      if (s.path !== sectionPath || !writes(s)) continue;
      const target = s.location ? ['', ...pathSegments(s.location.path)] : [''];
      const key = target.join('/').toLowerCase();
      const c = { chainFile: view.current, section: s, target };
      const list = byTarget.get(key);
      if (list) list.push(c); else byTarget.set(key, [c]);
    }
  }
  const target = at.location ? ['', ...pathSegments(at.location.path)] : [''];
  let key = '';
  for (let i = 0; i <= target.length; i++) {
    if (i > 0) key = i === 1 ? target[0].toLowerCase() : `${key}/${target[i - 1].toLowerCase()}`;
    if (byTarget.get(key)?.length) return true;
  }
  return false;
}

function requestLimitsOf(section: SectionInstance): XmlElement | undefined {
  return childElements(section.element).find((c) => c.name === 'requestLimits');
}

function checkPair(section: SectionInstance, ctx: RuleContext, view: ServerView, pair: LimitPair): void {
  const iisSide = section.path === REQUEST_LIMITS_SECTION;
  const holder = iisSide ? requestLimitsOf(section) : section.element;
  const attr = holder && getAttribute(holder, iisSide ? pair.iis.attribute : pair.aspNet.attribute);
  const written = num(attr?.value);
  if (!attr || written === undefined) return;
  // In applicationHost.config no web.config shows ASP.NET serving the requests: the IIS side is never reported there.
  if (iisSide && (ctx.file.kind === 'applicationHost' || !aspNetRuns(view, section))) return;
  // Only a limit raised alone: when both are set, the smaller one is a choice.
  if (iisSide ? writtenAbove(view, HTTP_RUNTIME_SECTION, pair.aspNet.attribute, section) : writtenAbove(view, REQUEST_LIMITS_SECTION, pair.iis.attribute, section)) return;
  const otherValue = iisSide ? pair.aspNet.default : pair.iis.default;
  // Both in IIS units (bytes or characters).
  const mine = iisSide ? written : written * pair.aspNetUnit;
  const theirs = iisSide ? otherValue * pair.aspNetUnit : otherValue;
  if (mine <= theirs) return;
  const otherName = iisSide ? `httpRuntime/@${pair.aspNet.attribute}` : `requestLimits/@${pair.iis.attribute}`;
  const kb = pair.aspNetUnit !== 1;
  const mineText = iisSide ? `${pair.iis.attribute} ${fmt(mine)}${kb ? ` ${pair.unit}` : ''}` : `${pair.aspNet.attribute} ${fmt(written)}${kb ? ` KB (${fmt(mine)} ${pair.unit})` : ''}`;
  const theirText = iisSide ? `ASP.NET's ${pair.aspNet.attribute}, ${fmt(otherValue)}${kb ? ` KB (${fmt(theirs)} ${pair.unit})` : ''}` : `IIS's ${pair.iis.attribute}, ${fmt(theirs)}${kb ? ` ${pair.unit}` : ''}`;
  // The quick fix: raise the other limit to this one, in the same place (within its maximum).
  const target = iisSide ? Math.min(Math.ceil(mine / pair.aspNetUnit), pair.aspNet.max) : Math.min(mine, pair.iis.max);
  const change: SectionChange = iisSide
    ? { sectionPath: HTTP_RUNTIME_SECTION, attributes: [{ path: [], name: pair.aspNet.attribute, value: String(target) }] }
    : { sectionPath: REQUEST_LIMITS_SECTION, attributes: [{ path: ['requestLimits'], name: pair.iis.attribute, value: String(target) }] };
  const related: RelatedInformation[] = [];
  ctx.report({
    code: 'request-limit-mismatch', start: attr.valueStart, end: attr.valueEnd, related,
    data: { sectionStart: section.element.start, change, title: `Set ${otherName} to ${target}` } satisfies Data,
    message: `${mineText} is capped by ${theirText}${assumedClause(view.hierarchy)}.`,
    detail: `IIS request filtering and ASP.NET each limit a request and the smaller limit wins: nothing in view sets ${otherName}, so its ${iisSide ? '.NET' : 'IIS'} default applies, and ${pair.what} above it get ${iisSide ? pair.aspNetAnswer : pair.iisAnswer}. Raise ${otherName} to match.${view.assumed ? ` ${assumptionNote(view.hierarchy)}` : ''}`,
  });
}

export const requestLimitsRule: Rule = {
  id: 'request-limit-mismatch',
  codes: ['request-limit-mismatch'],
  // Per section: with where the other limit is written (both sections, this file's and the fixed files above) and,
  // in a web.config, whether ASP.NET serves the requests (aspNetRuns: the sections it reads of this file).
  dependsOn: (file) => (file.kind === 'web' ? [REQUEST_LIMITS_SECTION, HTTP_RUNTIME_SECTION, ...ASPNET_EVIDENCE] : [REQUEST_LIMITS_SECTION, HTTP_RUNTIME_SECTION]),
  checkSection(s, ctx) {
    if (ctx.file.kind === 'transform') return;
    if (s.path !== REQUEST_LIMITS_SECTION && s.path !== HTTP_RUNTIME_SECTION) return;
    if (getAttribute(s.element, 'configSource')) return;
    // In applicationHost.config no web.config shows ASP.NET serving the requests: the IIS side is never reported there.
    if (ctx.file.kind === 'applicationHost' && s.path === REQUEST_LIMITS_SECTION) return;
    const view = serverView(ctx);
    for (const pair of LIMIT_PAIRS) checkPair(s, ctx, view, pair);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data) return [];
    const section = analysis.file.sections.find((s) => s.element.start === data.sectionStart);
    const found = section && sectionOf(analysis.file, section.element);
    if (!found) return [];
    return [{ title: data.title, kind: 'quickfix', diagnostic, isPreferred: true, edits: scopeEdits(analysis.text, analysis.file, found.location, [data.change]) }];
  },
};
