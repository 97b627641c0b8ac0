/**
 * Explain a request: what the server would do for a path, from the files
 * alone — the site and its bindings, the application and its pool (pipeline,
 * CLR, identity, bitness, autoStart), the authentication in effect, the
 * handler chosen for the file name and verb (and the ones skipped, with why),
 * the modules of the pipeline, and the findings of the files on the way that
 * apply to the path. Every fact carries the file and line it comes from, or
 * says it is a default, an assumption (the built-in default model) or unknown.
 *
 * Pure: the hierarchy of the path is read by the caller (buildPathHierarchy);
 * the findings come from analysing each file of the chain with its own
 * hierarchy context.
 */
import type { ConfigHierarchy, HierarchyFile } from '../hierarchy/hierarchy';
import { ChainFile, chainOf, contributionsAt, targetOf } from '../hierarchy/chain';
import { isPrefixPath } from '../hierarchy/physicalPaths';
import type { XmlAttribute, XmlElement } from '../syntax/xml';
import { getAttribute } from '../syntax/xml';
import { LineIndex } from '../syntax/lineIndex';
import { SchemaRegistry, bundledSchema, attributeSchema, effectiveDefault } from '../iis/schemaLoader';
import {
  AppPool, RequestTarget, ServerModel, Setting, bitness, describeSource, handlersAt, modulesAt, modulesForRequest,
  poolOf, resolveRequest, selectHandler, serverModel,
} from '../model';
import { analyzeDocument } from './analyze';
import type { AnalysisContext, Diagnostic } from './types';

/** Where a fact comes from: a file and line, or a default / assumption. */
export interface FactSource {
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** "schema default", "from <applicationPoolDefaults>", "assumed: default IIS 10 settings". */
  readonly note?: string;
}

export interface Fact {
  readonly label: string;
  readonly value: string;
  readonly source: FactSource;
}

export interface ExplainedModule {
  readonly name: string;
  readonly kind: 'native' | 'managed';
  readonly preCondition?: string;
  /** false: it does not run for this request (with why); undefined: it depends on facts not in view. */
  readonly runs: boolean | undefined;
  readonly why?: string;
  readonly source: FactSource;
}

export interface ExplainedFinding {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
}

export interface Explanation {
  readonly request: { readonly input: string; readonly verb: string; readonly configPath: string; readonly urlPath: string; readonly fileName: string };
  readonly applicationHost: { readonly file?: string; readonly builtIn: boolean; readonly reason: string };
  readonly site: readonly Fact[];
  readonly application: readonly Fact[];
  readonly pool: readonly Fact[];
  readonly authentication: readonly Fact[];
  readonly handler: { readonly chosen?: Fact; readonly skipped: readonly Fact[]; readonly note?: string };
  readonly modules: readonly ExplainedModule[];
  readonly findings: readonly ExplainedFinding[];
  /** Facts the files cannot tell. */
  readonly unknown: readonly string[];
}

export interface ExplainOptions {
  readonly verb?: string;
  readonly schema?: SchemaRegistry;
  /** Analyse the files of the chain for findings (default true). */
  readonly findings?: boolean;
  /** Extra analysis context for the files (e.g. readRelatedFile). */
  readonly context?: Partial<AnalysisContext>;
}

const AUTH = [
  ['anonymous', 'system.webServer/security/authentication/anonymousAuthentication'],
  ['Windows', 'system.webServer/security/authentication/windowsAuthentication'],
  ['basic', 'system.webServer/security/authentication/basicAuthentication'],
  ['digest', 'system.webServer/security/authentication/digestAuthentication'],
  ['client certificate (IIS mapping)', 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication'],
  ['client certificate (Active Directory)', 'system.webServer/security/authentication/clientCertificateMappingAuthentication'],
] as const;

/** Resolve what the user typed against the server model of a hierarchy (any configuration path of the server). */
export function resolveExplainTarget(h: ConfigHierarchy, input: string): RequestTarget | { error: string } {
  return resolveRequest(serverModel(h.appHost.file, { builtIn: h.appHost.builtIn }), input);
}

class Sources {
  private readonly indexes = new Map<string, LineIndex>();
  at(file: HierarchyFile | ChainFile, offset: number, note?: string): FactSource {
    if (file.builtIn) return { note: note ? `${note}; assumed: default IIS 10 settings` : 'assumed: default IIS 10 settings' };
    let index = this.indexes.get(file.fileName);
    if (!index) { index = new LineIndex(file.text); this.indexes.set(file.fileName, index); }
    return { file: file.fileName, line: index.positionAt(offset).line + 1, ...(note ? { note } : {}) };
  }
  /** A setting of the applicationHost.config: where it is written, or that it is a default. */
  setting(appHost: HierarchyFile, s: Setting): FactSource {
    if (!s.attribute) return { note: appHost.builtIn ? 'schema default; assumed: default IIS 10 settings' : 'schema default' };
    return this.at(appHost, s.attribute.start, s.from === 'own' ? undefined : describeSource(s));
  }
}

/** The request the path stands for: explain what the server does with it. */
export function explainRequest(h: ConfigHierarchy, target: RequestTarget, input: string, options: ExplainOptions = {}): Explanation {
  const verb = (options.verb ?? 'GET').toUpperCase();
  const schema = options.schema ?? bundledSchema();
  const model = serverModel(h.appHost.file, { builtIn: h.appHost.builtIn });
  const chain = chainOf(h);
  const sources = new Sources();
  const at = target.configPath;
  const unknown: string[] = [];
  const app = h.appHost;

  const site: Fact[] = [];
  const application: Fact[] = [];
  const pool: Fact[] = [];
  let poolModel: AppPool | undefined;
  if (!model.sites) unknown.push('the site, application and pool: the applicationHost.config in effect has no <sites>');
  else if (!target.site) unknown.push(`the site: no site named "${at[0]}" is defined`);
  if (target.site) {
    const s = target.site;
    site.push({ label: 'site', value: `${s.name}${s.id ? ` (id ${s.id})` : ''}`, source: sources.at(app, s.element.start) });
    for (const b of s.bindings) site.push({ label: 'binding', value: `${b.protocol} ${b.information}${b.problem ? ` (cannot be read: ${b.problem})` : ''}`, source: sources.at(app, b.element.start, s.bindingsFrom === 'siteDefaults' ? 'from <siteDefaults>' : undefined) });
    if (!s.bindings.length) site.push({ label: 'binding', value: 'none: the site cannot take requests', source: sources.at(app, s.element.start) });
    site.push({ label: 'serverAutoStart', value: s.serverAutoStart.value, source: sources.setting(app, s.serverAutoStart) });
    if (target.binding) site.push({ label: 'takes the request', value: `${target.binding.protocol} ${target.binding.information}`, source: sources.at(app, target.binding.element.start) });
  }
  const a = target.application;
  if (a) {
    application.push({ label: 'application', value: a.path, source: sources.at(app, a.element.start) });
    application.push({ label: 'applicationPool', value: a.applicationPool.value || '(none)', source: sources.setting(app, a.applicationPool) });
    application.push({ label: 'enabledProtocols', value: a.enabledProtocols.value, source: sources.setting(app, a.enabledProtocols) });
    const root = a.virtualDirectories.find((v) => v.path === '/');
    if (root?.physicalPath) application.push({ label: 'physicalPath', value: root.physicalPath, source: sources.at(app, root.element.start) });
    poolModel = poolOf(model, a);
    if (!model.pools) unknown.push('the pool\'s settings: the applicationHost.config in effect has no <applicationPools>');
    else if (!poolModel) unknown.push(`the pool: "${a.applicationPool.value}" is not defined in <applicationPools> (WAS ignores the application: 503)`);
  } else if (target.site) unknown.push('the application: the site has no root application');
  if (poolModel) {
    const p = poolModel;
    pool.push({ label: 'pool', value: p.name, source: sources.at(app, p.element.start) });
    pool.push({ label: 'pipeline', value: p.managedPipelineMode.value, source: sources.setting(app, p.managedPipelineMode) });
    pool.push({ label: 'CLR', value: p.managedRuntimeVersion.value === '' ? '"" (no managed code)' : p.managedRuntimeVersion.value, source: sources.setting(app, p.managedRuntimeVersion) });
    pool.push({ label: 'identity', value: p.identityType.value + (p.identityType.value.toLowerCase() === 'specificuser' ? ` (${p.userName.value || 'no userName'})` : ''), source: sources.setting(app, p.identityType) });
    pool.push({ label: 'bitness', value: `${bitness(p)}-bit${bitness(p) === 32 ? ' (enable32BitAppOnWin64)' : ''}`, source: sources.setting(app, p.enable32BitAppOnWin64) });
    pool.push({ label: 'autoStart', value: p.autoStart.value, source: sources.setting(app, p.autoStart) });
    pool.push({ label: 'startMode', value: p.startMode.value, source: sources.setting(app, p.startMode) });
  }

  // Authentication in effect at the path.
  const authentication: Fact[] = [];
  for (const [label, path] of AUTH) {
    const contributions = contributionsAt(h, chain, path, at);
    let attr: { a: XmlAttribute; f: ChainFile } | undefined;
    for (const c of contributions) { const x = getAttribute(c.section.element, 'enabled'); if (x) attr = { a: x, f: c.chainFile }; }
    const node = schema.node(path);
    const def = node && attributeSchema(node, 'enabled');
    const value = attr ? attr.a.value : (def && effectiveDefault(def)) ?? 'false';
    if (!attr && value.toLowerCase() !== 'true' && label !== 'Windows' && label !== 'basic') continue;
    authentication.push({ label, value: value.toLowerCase() === 'true' ? 'enabled' : 'disabled', source: attr ? sources.at(attr.f, attr.a.start) : { note: 'schema default' } });
  }
  const forms = contributionsAt(h, chain, 'system.web/authentication', at).reverse().find((c) => getAttribute(c.section.element, 'mode'));
  if (forms) authentication.push({ label: 'ASP.NET (system.web/authentication)', value: getAttribute(forms.section.element, 'mode')!.value, source: sources.at(forms.chainFile, forms.section.element.start) });

  // Handler and modules.
  const handlers = handlersAt(h, chain, at).entries;
  const choice = selectHandler(handlers, { fileName: target.fileName, urlPath: target.urlPath, verb }, poolModel);
  const handlerFact = (e: (typeof handlers)[number], value?: string): Fact => ({
    label: e.name,
    value: value ?? `path ${e.path}, verb ${e.verb}, ${e.type ? `type ${e.type}` : `modules ${e.modules}`}${e.preCondition ? `, preCondition ${e.preCondition}` : ''}`,
    source: sources.at(e.chainFile, e.element.start),
  });
  const handler = {
    ...(choice.handler ? { chosen: handlerFact(choice.handler) } : {}),
    skipped: choice.skipped.map((s) => handlerFact(s.handler, `skipped: precondition ${s.unmet.join(', ')} not met by the pool`)),
    ...(choice.handler ? (choice.uncertain ? { note: 'its preconditions could not be checked: the pool is unknown' } : {})
      : { note: `no handler matches ${verb} ${target.fileName || '/'}: IIS answers 404.3 or 405` }),
  };
  if (!choice.handler && !handlers.length) unknown.push('the handlers: none are in view');
  const modulesSection = contributionsAt(h, chain, 'system.webServer/modules', at).reverse().find((c) => getAttribute(c.section.element, 'runAllManagedModulesForAllRequests'));
  const runAll = modulesSection ? getAttribute(modulesSection.section.element, 'runAllManagedModulesForAllRequests')!.value.trim().toLowerCase() === 'true' : false;
  const modules: ExplainedModule[] = modulesForRequest(modulesAt(h, chain, at).entries, poolModel, choice.handler, runAll).map((m) => ({
    name: m.module.name, kind: m.module.type ? 'managed' : 'native', ...(m.module.preCondition ? { preCondition: m.module.preCondition } : {}),
    runs: m.runs, ...(m.why ? { why: m.why } : {}), source: sources.at(m.module.chainFile, m.module.element.start),
  }));
  if (app.builtIn) unknown.push('the server itself: no applicationHost.config was found, so the default IIS 10 settings are assumed');

  return {
    request: { input, verb, configPath: at.join('/'), urlPath: target.urlPath, fileName: target.fileName },
    applicationHost: { ...(app.builtIn ? {} : { file: app.fileName }), builtIn: app.builtIn, reason: h.choice.reason },
    site, application, pool, authentication, handler, modules,
    findings: options.findings === false ? [] : findingsFor(h, model, target, sources, options),
    unknown,
  };
}

/** The diagnostics of the chain's files that apply to the path. */
function findingsFor(h: ConfigHierarchy, model: ServerModel, target: RequestTarget, sources: Sources, options: ExplainOptions): ExplainedFinding[] {
  const out: ExplainedFinding[] = [];
  const at = target.configPath;
  const files: Array<{ f: HierarchyFile; context: Partial<AnalysisContext> }> = [];
  if (!h.appHost.builtIn) files.push({ f: h.appHost, context: { kind: 'applicationHost' } });
  h.parents.forEach((p, i) => {
    const sub: ConfigHierarchy = {
      ...h, parents: h.parents.slice(0, i), configPath: p.configPath, fileLevel: p.file.fileLevel,
      declarations: i === 0 ? h.appHost.file.declarations : h.parents[i - 1].file.declarations,
    };
    files.push({ f: p, context: { hierarchy: sub, fileLevel: sub.fileLevel, sites: sub.sites, declarations: sub.declarations } });
  });
  // Elements of the applicationHost.config that belong to this request: its site and its pool.
  const own = new Set<XmlElement>();
  if (target.site) own.add(target.site.element);
  if (target.application) { const p = poolOf(model, target.application); if (p) own.add(p.element); }
  for (const { f, context } of files) {
    const analysis = analyzeDocument(f.text, { ...options.context, ...context, fileName: f.fileName });
    const chainFile: ChainFile = { ...f, index: f === h.appHost ? 0 : 1 + h.parents.indexOf(f), current: false };
    for (const d of analysis.diagnostics) {
      if (!applies(h, analysis.file.sections, chainFile, d, at, own)) continue;
      const src = sources.at(f, d.start);
      out.push({ file: f.fileName, line: src.line ?? 0, code: d.code, severity: d.severity, message: d.message });
    }
  }
  return out;
}

function applies(
  h: ConfigHierarchy, sections: readonly import('../hierarchy/configFile').SectionInstance[], chainFile: ChainFile, d: Diagnostic,
  at: readonly string[], own: ReadonlySet<XmlElement>,
): boolean {
  const section = sections.find((s) => s.element.start <= d.start && d.start <= s.element.end);
  if (!section) {
    // On a <location> itself: it applies when its path reaches the request; elsewhere it is about the file (XML, declarations).
    const location = chainFile.file.locations.find((l) => l.element.start <= d.start && d.start <= l.element.startTagEnd);
    if (!location) return true;
    const target = targetOf(h, chainFile, location);
    return !!target && isPrefixPath(target.map((s) => s.toLowerCase()), at.map((s) => s.toLowerCase()));
  }
  if (section.path === 'system.applicationHost/sites' || section.path === 'system.applicationHost/applicationPools') {
    for (const el of own) if (el.start <= d.start && d.start <= el.end) return true;
    return false;
  }
  const target = targetOf(h, chainFile, section.location);
  return !!target && isPrefixPath(target.map((s) => s.toLowerCase()), at.map((s) => s.toLowerCase()));
}

/** The explanation as text: one fact per line, with the file and line it comes from. */
export function explanationText(e: Explanation, displayPath: (file: string) => string = (f) => f): string {
  const lines: string[] = [];
  const where = (s: FactSource) => [s.file ? `${displayPath(s.file)}:${s.line}` : '', s.note ?? ''].filter(Boolean).join(', ');
  const row = (label: string, value: string, s: FactSource) => {
    const left = `  ${label.padEnd(18)} ${value}`;
    const w = where(s);
    lines.push(w ? `${left.padEnd(70)} ${w}` : left);
  };
  lines.push(`${e.request.verb} ${e.request.urlPath} (configuration path "${e.request.configPath}")`);
  lines.push(e.applicationHost.builtIn ? `applicationHost.config: none found, assuming default IIS 10 settings` : `applicationHost.config: ${displayPath(e.applicationHost.file!)} (${e.applicationHost.reason})`);
  const block = (title: string, facts: readonly Fact[]) => {
    if (!facts.length) return;
    lines.push('', title);
    for (const f of facts) row(f.label, f.value, f.source);
  };
  block('Site', e.site);
  block('Application', e.application);
  block('Application pool', e.pool);
  block('Authentication', e.authentication);
  lines.push('', 'Handler');
  if (e.handler.chosen) row(e.handler.chosen.label, e.handler.chosen.value, e.handler.chosen.source);
  for (const s of e.handler.skipped) row(s.label, s.value, s.source);
  if (e.handler.note) lines.push(`  (${e.handler.note})`);
  if (e.modules.length) {
    lines.push('', 'Modules (in pipeline order)');
    for (const m of e.modules) {
      const state = m.runs === false ? `does not run: ${m.why}` : m.runs === undefined ? 'runs if its precondition holds' : 'runs';
      row(m.name, `${m.kind}${m.preCondition ? ` [${m.preCondition}]` : ''}, ${state}`, m.source);
    }
  }
  lines.push('', e.findings.length ? 'Findings that apply' : 'Findings that apply: none');
  for (const f of e.findings) lines.push(`  ${displayPath(f.file)}:${f.line} ${f.severity} ${f.code} ${f.message}`);
  if (e.unknown.length) {
    lines.push('', 'Not known from the files');
    for (const u of e.unknown) lines.push(`  ${u}`);
  }
  return lines.join('\n') + '\n';
}

export type { RequestTarget };
