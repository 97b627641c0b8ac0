/**
 * The ASP.NET Core Module (ANCM), as it reads `<aspNetCore>` when the
 * application starts:
 *
 * - `aspnetcore-hosting-model-unknown`: hostingModel other than inprocess /
 *   outofprocess (compared case-insensitively: "InProcess" is fine, "inproc" is
 *   not); empty means out of process. ANCM stops with a configuration error.
 * - `aspnetcore-process-path-empty`: processPath="" (or none in any file of the
 *   chain): ANCM requires it.
 * - `aspnetcore-launcher-placeholder`: %LAUNCHER_PATH% / %LAUNCHER_ARGS% in a
 *   web.config that a full IIS server (a real applicationHost.config that is
 *   not IIS Express, whose site maps the file) runs: only Visual Studio fills
 *   them, for IIS Express.
 * - `aspnetcore-v1-in-process`: hostingModel="inprocess" where the handler
 *   names the V1 module (AspNetCoreModule), which has no in-process hosting.
 * - `aspnetcore-pool-shared`: applications of one pool (of one site under IIS
 *   Express, which runs one site per process) that run under ANCM where one is
 *   in process: two in-process apps answer 500.35, in-process with
 *   out-of-process 500.34. Needs the pools and sites; other applications'
 *   web.config files come from the hierarchy's peer reader.
 *
 * Facts: iis/serverFacts.ts (ANCM_HOSTING_MODELS, ANCM_LAUNCHER_PLACEHOLDERS,
 * ANCM_V1/V2, IIS_EXPRESS_ONE_SITE_PER_PROCESS, RUNTIME_FAILURES.ancm*).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis, RelatedInformation } from '../types';
import type { ConfigFile, SectionInstance } from '../../hierarchy/configFile';
import { Finding, FindingsMemo } from './memo';
import { contributionsAt } from '../../hierarchy/chain';
import { XmlAttribute, XmlElement, childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import { ANCM_HOSTING_MODELS, ANCM_LAUNCHER_PLACEHOLDERS, ANCM_V1, ANCM_V2, IIS_EXPRESS_ONE_SITE_PER_PROCESS } from '../../iis/serverFacts';
import { ApplicationModel, ServerModel, applicationsInPool, handlersAt, poolOf } from '../../model';
import { AncmApp, ancmApp } from '../aspNetCoreApps';
import { factsAt, relatedIn, serverView, targetPath, ServerView } from '../serverView';
import { baseNameOf } from '../messages';
import { shown } from '../../util/strings';

const SECTION = 'system.webServer/aspNetCore';
const HANDLERS = 'system.webServer/handlers';
const POOLS = 'system.applicationHost/applicationPools';
const SITES = 'system.applicationHost/sites';
const GLOBAL_MODULES = 'system.webServer/globalModules';

interface Data {
  readonly edits: ReadonlyArray<{ readonly title: string; readonly start: number; readonly end: number; readonly newText: string }>;
}

function valueRange(a: XmlAttribute): { start: number; end: number } {
  return a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.nameStart, end: a.nameEnd };
}

function appWords(app: ApplicationModel): string {
  return app.path === '/' ? `site "${shown(app.site.name, 30)}"` : `application "${shown(app.path, 30)}" of site "${shown(app.site.name, 30)}"`;
}

function checkHostingModel(section: SectionInstance, ctx: RuleContext): void {
  const a = getAttribute(section.element, 'hostingModel');
  if (!a) return;
  const v = a.value.trim().toLowerCase();
  if (v === '' || v === ANCM_HOSTING_MODELS.inprocess || v === ANCM_HOSTING_MODELS.outofprocess) return;
  const outFirst = v.startsWith('out');
  const choices = outFirst ? ['OutOfProcess', 'InProcess'] : ['InProcess', 'OutOfProcess'];
  ctx.report({
    code: 'aspnetcore-hosting-model-unknown', ...valueRange(a),
    data: { edits: choices.map((c) => ({ title: `Change to "${c}"`, start: a.valueStart, end: a.valueEnd, newText: c })) } satisfies Data,
    message: `hostingModel "${shown(a.value)}" is not one the ASP.NET Core Module knows; write "${choices[0]}" or "${choices[1]}".`,
    detail: 'The ASP.NET Core Module accepts inprocess and outofprocess, compared without regard to case (InProcess is fine), and an empty value means out of process; for any other value it fails to load its configuration and the app answers 500.0.',
  });
}

function checkProcessPath(section: SectionInstance, ctx: RuleContext, view: ServerView): void {
  const a = getAttribute(section.element, 'processPath');
  if (getAttribute(section.element, 'configSource')) return;
  if (a) {
    if (a.value.trim() !== '') return;
    ctx.report({
      code: 'aspnetcore-process-path-empty', start: a.nameStart, end: a.end,
      message: 'processPath is empty, but the ASP.NET Core Module needs the program to start ("dotnet" or the app\'s .exe).',
      detail: 'The ASP.NET Core Module requires processPath (with arguments=".\\App.dll" for "dotnet"); without one it fails to load its configuration and the app answers 500.0 (in process) or 502.5 (out of process).',
    });
    return;
  }
  if (ctx.file.kind === 'applicationHost' && !section.location) return; // server-wide defaults; each app may set its own
  // Absent here: does any file of the chain set it for this path?
  const target = targetPath(view, section);
  const sets = (el: XmlElement) => (getAttribute(el, 'processPath')?.value.trim() ?? '') !== '';
  const setElsewhere = view.hierarchy && target
    ? contributionsAt(view.hierarchy, view.chain, SECTION, target).some((c) => c.section !== section && sets(c.section.element))
    : ctx.file.sections.some((s) => s !== section && s.path === SECTION && (!s.location || s.location === section.location) && sets(s.element));
  if (setElsewhere) return;
  ctx.report({
    code: 'aspnetcore-process-path-empty', start: section.element.nameStart, end: section.element.nameEnd,
    message: '<aspNetCore> has no processPath, and no file above sets one for it.',
    detail: 'The ASP.NET Core Module requires processPath ("dotnet" with arguments=".\\App.dll", or the app\'s .exe); without one it fails to load its configuration and the app answers 500.0 (in process) or 502.5 (out of process).',
  });
}

function checkLauncher(section: SectionInstance, ctx: RuleContext, view: ServerView): void {
  const model = view.model;
  const h = view.hierarchy;
  if (ctx.file.kind !== 'web' || !model || view.assumed || model.kind !== 'iis' || !h?.mapped || h.choice.source === 'iisExpress') return;
  for (const name of ['processPath', 'arguments']) {
    const a = getAttribute(section.element, name);
    const placeholder = a && ANCM_LAUNCHER_PLACEHOLDERS.find((p) => a.value.toUpperCase().includes(p));
    if (!a || !placeholder) continue;
    const at = a.valueStart + a.rawValue.toUpperCase().indexOf(placeholder);
    const site = factsAt(view, h.configPath)?.site;
    const related = site && relatedIn(view.chain[0], site.element.start, site.element.startTagEnd, `site "${site.name}" of the full IIS applicationHost.config this web.config runs under`);
    ctx.report({
      code: 'aspnetcore-launcher-placeholder', start: at, end: at + placeholder.length, related: related ? [related] : [],
      message: `${placeholder} is filled in only by Visual Studio for IIS Express, not by this full IIS server.`,
      detail: `Visual Studio replaces %LAUNCHER_PATH% and %LAUNCHER_ARGS% when it starts the app in IIS Express; under full IIS (${baseNameOf(h.appHost.fileName)}) nothing does, so the process cannot start (502.5 out of process, 500.30 in process). Publish the app (dotnet publish writes processPath="dotnet" and arguments=".\\App.dll"), or write the real values.`,
    });
  }
}

function ancmHandlers(section: SectionInstance, ctx: RuleContext, view: ServerView): XmlElement[] {
  const target = targetPath(view, section);
  if (view.hierarchy && target) return handlersAt(view.hierarchy, view.chain, target).entries.map((e) => e.element);
  const out: XmlElement[] = [];
  for (const s of ctx.file.sections) {
    if (s.path !== 'system.webServer/handlers' || s.location !== section.location) continue;
    for (const e of childElements(s.element)) if (e.name === 'add') out.push(e);
  }
  return out;
}

function moduleNames(el: XmlElement): string[] {
  return (getAttribute(el, 'modules')?.value ?? '').split(',').map((s) => s.trim());
}

/** Does any handler of the chain name the V1 module? (Once per analysis: most files never do, and the check is then free.) */
const v1Named = new WeakMap<ServerView, boolean>();
function namesV1(view: ServerView): boolean {
  let v = v1Named.get(view);
  if (v === undefined) {
    v = view.chain.some((f) => f.file.sections.some((s) => s.path === 'system.webServer/handlers' && childElements(s.element).some((e) => e.name === 'add' && moduleNames(e).includes(ANCM_V1))));
    v1Named.set(view, v);
  }
  return v;
}

function checkV1InProcess(section: SectionInstance, ctx: RuleContext, view: ServerView): void {
  const a = getAttribute(section.element, 'hostingModel');
  if (!a || a.value.trim().toLowerCase() !== ANCM_HOSTING_MODELS.inprocess || !namesV1(view)) return;
  const handlers = ancmHandlers(section, ctx, view);
  const v1 = handlers.filter((h) => moduleNames(h).includes(ANCM_V1));
  if (!v1.length || handlers.some((h) => moduleNames(h).includes(ANCM_V2))) return;
  const handler = v1[v1.length - 1];
  const mods = getAttribute(handler, 'modules')!;
  const inFile = ctx.doc.root && isIn(handler, ctx.doc.root);
  const v2Known = view.model?.globalModules ? view.model.globalModules.some((g) => g.name === ANCM_V2) : undefined;
  const edits = inFile && v2Known !== false
    ? [{ title: `Use ${ANCM_V2} in handler "${getAttribute(handler, 'name')?.value ?? ''}"`, start: mods.valueStart, end: mods.valueEnd, newText: encodeAttributeValue(moduleNames(handler).map((m) => (m === ANCM_V1 ? ANCM_V2 : m)).join(',')) }]
    : [];
  ctx.report({
    code: 'aspnetcore-v1-in-process', ...valueRange(a),
    data: { edits } satisfies Data,
    related: inFile ? [{ message: `the handler names ${ANCM_V1} (version 1)`, start: mods.start, end: mods.end }] : [],
    message: `hostingModel="${shown(a.value)}" needs ${ANCM_V2}, but the handler names ${ANCM_V1}, which runs the app out of process.`,
    detail: `In-process hosting needs the ASP.NET Core Module V2. Version 1 (${ANCM_V1}) has no hostingModel and silently runs the app out of process behind it. Name ${ANCM_V2} in the handler's modules.`,
  });
}

function isIn(el: XmlElement, root: XmlElement): boolean {
  let e: XmlElement | undefined = el;
  while (e?.parent) e = e.parent;
  return e === root;
}

/** The ANCM applications sharing a worker process with `app` (its pool; under IIS Express also its site). */
function poolMates(view: ServerView, model: ServerModel, app: ApplicationModel, budget: { peers: number }): AncmApp[] {
  const pool = poolOf(model, app);
  if (!pool) return [];
  const sameProcess = (other: ApplicationModel) => other !== app && (model.kind !== 'iisExpress' || !IIS_EXPRESS_ONE_SITE_PER_PROCESS || other.site === app.site);
  const out: AncmApp[] = [];
  for (const other of applicationsInPool(model, pool.name)) {
    if (!sameProcess(other)) continue;
    const facts = ancmApp(view, other, budget);
    if (facts) out.push(facts);
  }
  return out;
}

/** How an app runs, in words. */
function hostingWords(inProcess: boolean): string {
  return inProcess ? IN_PROCESS : OUT_OF_PROCESS;
}
const IN_PROCESS = 'in process';
const OUT_OF_PROCESS = 'out of process';
const BOTH_IN = 'both in process';
const MIXED = 'one in process and one out of process';

function statusOf(a: AncmApp, b: AncmApp): string {
  return a.inProcess && b.inProcess ? '500.35' : '500.34';
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function conflictWords(a: AncmApp, b: AncmApp): string {
  return a.inProcess && b.inProcess ? '500.35 ("multiple in-process applications in the same process")' : '500.34 ("mixed hosting models not supported")';
}

function relatedFor(view: ServerView, other: AncmApp): RelatedInformation[] {
  const out: RelatedInformation[] = [];
  const where = other.hostingModel ?? { attribute: undefined, chainFile: other.handler.chainFile };
  if (other.hostingModel) {
    const r = relatedIn(other.hostingModel.chainFile, other.hostingModel.attribute.start, other.hostingModel.attribute.end, `${appWords(other.app)} runs ${hostingWords(other.inProcess)} here`);
    if (r) out.push(r);
  } else {
    const r = relatedIn(where.chainFile, other.handler.element.start, other.handler.element.startTagEnd, `${appWords(other.app)} runs out of process (no hostingModel)`);
    if (r) out.push(r);
  }
  const app = relatedIn(view.chain[0], other.app.element.start, other.app.element.startTagEnd, `${appWords(other.app)} is in the same application pool`);
  if (app) out.push(app);
  return out;
}

/** In a web.config: does this file's application share its pool with another ANCM application in a way ANCM refuses? */
function checkPoolShared(section: SectionInstance, ctx: RuleContext, view: ServerView, budget: { peers: number }): void {
  const model = view.model;
  if (!model?.pools || view.assumed || ctx.file.kind !== 'web') return;
  const facts = factsAt(view, targetPath(view, section));
  const app = facts?.application;
  if (!app || !facts.pool) return;
  const me = ancmApp(view, app, budget);
  if (!me) return;
  const mates = poolMates(view, model, app, budget);
  const other = mates.find((o) => me.inProcess || o.inProcess);
  if (!other) return;
  const a = getAttribute(section.element, 'hostingModel');
  ctx.report({
    code: 'aspnetcore-pool-shared', ...(a ? valueRange(a) : { start: section.element.nameStart, end: section.element.nameEnd }),
    related: relatedFor(view, other),
    message: `This ${hostingWords(me.inProcess).replace(/ /g, '-')} app shares application pool "${shown(facts.pool.name)}" with ${appWords(other.app)} (${hostingWords(other.inProcess)}), so one of them answers ${statusOf(me, other)}.`,
    detail: `The ASP.NET Core Module allows one in-process app per worker process, and no out-of-process app beside it: the app started second answers ${conflictWords(me, other)}. Give each ASP.NET Core app its own application pool.`,
  });
}

/** Does any <aspNetCore> of the file set a processPath (without one no application runs under ANCM)? Once per version of the file's aspNetCore sections. */
const processPaths = new WeakMap<object, boolean>();
function anyProcessPath(file: ConfigFile): boolean {
  const token = file.versions.of(SECTION);
  let v = processPaths.get(token);
  if (v === undefined) {
    v = file.sections.some((s) => s.path === SECTION && (getAttribute(s.element, 'processPath')?.value.trim() ?? '') !== '');
    processPaths.set(token, v);
  }
  return v;
}

const poolFindings = new FindingsMemo();

/**
 * In an applicationHost.config, per <sites> section: one finding per pool (per site under IIS Express) whose ANCM
 * applications conflict. Reads the pools and the file's aspNetCore and handlers sections: the findings are kept while
 * those are the same (model parts, version tokens of the two section paths).
 */
function checkPoolsInAppHost(section: SectionInstance, ctx: RuleContext, view: ServerView): void {
  const model = view.model;
  if (!model?.pools || !model.sites || section.element !== model.sitesElement) return;
  const file = ctx.file;
  poolFindings.report(ctx, section, [model.sites, model.pools, model.kind, file.versions.of(SECTION), file.versions.of(HANDLERS)],
    () => (anyProcessPath(file) ? poolsInAppHost(view, model) : []));
}

function poolsInAppHost(view: ServerView, model: ServerModel): Finding[] {
  const out: Finding[] = [];
  if (!model.pools || !model.sites) return out;
  const budget = { peers: 0 };
  const groups = new Map<string, AncmApp[]>();
  for (const site of model.sites) for (const app of site.applications) {
    const pool = poolOf(model, app);
    // Only pools that hold another application can be shared (a hosting server gives most apps their own pool).
    if (!pool || applicationsInPool(model, pool.name).length < 2) continue;
    const facts = ancmApp(view, app, budget);
    if (!facts) continue;
    const key = model.kind === 'iisExpress' && IIS_EXPRESS_ONE_SITE_PER_PROCESS ? `${pool.name.toLowerCase()}|${site.name.toLowerCase()}` : pool.name.toLowerCase();
    const list = groups.get(key);
    if (list) list.push(facts); else groups.set(key, [facts]);
  }
  for (const list of groups.values()) {
    if (list.length < 2 || !list.some((a) => a.inProcess)) continue;
    const first = list.find((a) => a.inProcess)!;
    const second = list.find((a) => a !== first)!;
    const pool = poolOf(model, second.app)!;
    const attr = second.app.applicationPool.from === 'own' ? second.app.applicationPool.attribute : getAttribute(second.app.element, 'path');
    const more = list.length > 2 ? ` (${list.length} ASP.NET Core apps share it)` : '';
    out.push((ctx) => ctx.report({
      code: 'aspnetcore-pool-shared', ...(attr ? valueRange(attr) : { start: second.app.element.nameStart, end: second.app.element.nameEnd }), related: relatedFor(serverView(ctx), first),
      message: `${capital(appWords(second.app))} shares application pool "${shown(pool.name)}" with ${appWords(first.app)}, so one ASP.NET Core app answers ${statusOf(first, second)}.`,
      detail: `Both run under the ASP.NET Core Module${more}, ${first.inProcess && second.inProcess ? BOTH_IN : MIXED}; the module allows one in-process app per worker process and no other beside it, so the app started second answers ${conflictWords(first, second)}. Give each ASP.NET Core app its own application pool.`,
    }));
  }
  return out;
}

export const aspNetCoreRule: Rule = {
  id: 'aspnetcore',
  codes: ['aspnetcore-hosting-model-unknown', 'aspnetcore-process-path-empty', 'aspnetcore-launcher-placeholder', 'aspnetcore-v1-in-process', 'aspnetcore-pool-shared'],
  // Per section. An <aspNetCore> reads the other aspNetCore sections and the handlers in effect at its path (and, in a
  // web.config, the fixed files above it and its pool's other applications); <sites> of an applicationHost.config
  // reads the pools, the aspNetCore and handlers sections and the native modules.
  dependsOn: (file) => (file.kind === 'applicationHost' ? [SECTION, HANDLERS, POOLS, GLOBAL_MODULES] : [SECTION, HANDLERS]),
  checkSection(s, ctx) {
    if (ctx.file.kind === 'transform') return;
    if (s.path === SECTION) {
      const view = serverView(ctx);
      // Other applications' web.config files read for this section (a bound on the work per section).
      const budget = { peers: 64 };
      checkHostingModel(s, ctx);
      checkProcessPath(s, ctx, view);
      checkLauncher(s, ctx, view);
      checkV1InProcess(s, ctx, view);
      checkPoolShared(s, ctx, view, budget);
    } else if (s.path === SITES && ctx.file.kind === 'applicationHost') {
      checkPoolsInAppHost(s, ctx, serverView(ctx));
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.edits?.length) return [];
    return data.edits.filter((e) => analysis.text.slice(e.start, e.end) !== e.newText).map((e, i) => ({
      title: e.title, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: [{ start: e.start, end: e.end, newText: e.newText }],
    }));
  },
};
