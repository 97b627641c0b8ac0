/**
 * "Test a URL against the rewrite rules": finds the site that serves the URL
 * (the bindings of the applicationHost.config in effect, else the folder the
 * user named as the site's root), reads the rules in effect for every request
 * of the redirect chain from the hierarchy's files, runs them with the rule
 * engine, and renders the trace as text or JSON. Used by `iis-config-lint
 * --rewrite-test` and the editor command.
 *
 * Files come through the injected reader; whether a condition's path is a
 * file or a folder is read from the workspace when the site's physical path
 * maps to a folder there (the named site folder always does), else the user
 * states it (`exists` / `missing`), else the condition is undecided.
 */
import { parseXml } from '../syntax/xml';
import { buildConfigFile } from '../hierarchy/configFile';
import {
  AppHostChoice, ConfigHierarchy, HierarchyFile, HierarchyOptions, HierarchyReader, applicationPaths, baseName, buildPathHierarchy,
  chooseApplicationHost, findFile, joinPath, rootOf,
} from '../hierarchy/hierarchy';
import { STANDALONE_WEB_CONFIG_LEVEL, normalizeUrlPath, resolveLocationPath } from '../hierarchy/levels';
import { folderForPhysical, mapFolder, pathSegments, physicalEntities } from '../hierarchy/physicalPaths';
import { bundledSchema, SchemaRegistry } from '../iis/schemaLoader';
import { chainOf } from './inheritance';
import { rewriteScopeAt } from './rewriteRules';
import { RequestEnvironment, RequestTrace, RuleSets, TestTrace, testUrl } from '../rewrite/engine';
import { decodeSegments, resolveRequest } from '../rewrite/resolve';
import { trimEndChars } from '../util/strings';

export interface RewriteTestOptions extends Omit<HierarchyOptions, 'fileName'> {
  readonly url: string;
  /** The site's root folder (absolute). */
  readonly siteFolder: string;
  /** URL paths (or physical paths) stated to exist: a trailing / marks a folder. */
  readonly exists?: readonly string[];
  /** URL paths (or physical paths) stated not to exist. */
  readonly missing?: readonly string[];
  /** Server variables for the test (HTTPS=on, HTTP_USER_AGENT=…). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly schema?: SchemaRegistry;
  /**
   * The reader lists every file of a folder (the disk). False where it holds only some files (the browser's copy of
   * the workspace's configuration files): a file it does not list is then not known to be missing (undecided).
   */
  readonly listingsComplete?: boolean;
}

export interface RewriteTestResult {
  readonly trace: TestTrace;
  readonly appHost: AppHostChoice;
  /** How the site of the first request was found, in words. */
  readonly siteReason: string;
  /** The folder named as the site's root. */
  readonly siteFolder: string;
}

/** A physical location of a site: a URL prefix, the physicalPath IIS uses, and the workspace folder standing for it. */
interface PhysicalRoot { readonly urlPrefix: string; readonly physicalPath: string; readonly folder?: string }

const norm = (p: string) => pathSegments(p).map((s) => s.toLowerCase());

/** Run a URL test. */
export function runRewriteTest(o: RewriteTestOptions): RewriteTestResult {
  const schema = o.schema ?? bundledSchema();
  const fileName = joinPath(o.siteFolder, 'web.config');
  const base: HierarchyOptions = { ...o, fileName };
  const { choice, appHost } = chooseApplicationHost(base);
  const sites = appHost.file.sites;
  const entities = sites ? physicalEntities(sites) : [];
  const root = rootOf(o.siteFolder, o.workspaceRoots);
  const folderMapping = entities.length ? mapFolder(o.siteFolder, root, entities) : { kind: 'none' as const };
  const firstUrl = toUrl(o.url);
  const candidates = [...(o.webConfigFolders ?? []), o.siteFolder];

  /** The site and configuration path serving a URL, or undefined. */
  const target = (url: URL): { site: string; configPath: string[]; mapped: boolean; reason: string } | undefined => {
    const bound = resolveRequest(url, sites);
    if (bound) return { site: bound.site.name, configPath: [...bound.configPath], mapped: true, reason: `site "${bound.site.name}" (binding ${bound.binding})` };
    // The URL's host is the one the user asked about: the named folder's site.
    if (url.hostname.toLowerCase() !== firstUrl.hostname.toLowerCase()) return undefined;
    if (folderMapping.kind === 'mapped') {
      const site = folderMapping.mapping.configPath[0];
      return { site, configPath: [site, ...decodeSegments(url.pathname)], mapped: true, reason: `site "${site}" (its physicalPath maps the folder given; no binding names ${url.host})` };
    }
    const name = baseName(trimEndChars(o.siteFolder, '\\/')) || 'site';
    return { site: name, configPath: [name, ...decodeSegments(url.pathname)], mapped: false, reason: sites ? 'no site of the applicationHost.config serves this URL or maps the folder: the folder given is the site\'s root' : 'the folder given is the site\'s root' };
  };

  const physicalRoots = (site: string, mapped: boolean): PhysicalRoot[] => {
    if (!mapped || !sites) return [{ urlPrefix: '/', physicalPath: o.siteFolder, folder: o.siteFolder }];
    const out: PhysicalRoot[] = [];
    for (const e of entities) {
      if (e.configPath[0].toLowerCase() !== site.toLowerCase()) continue;
      const urlPrefix = '/' + e.configPath.slice(1).join('/');
      let folder: string | undefined;
      if (e.kind === 'site' && folderMapping.kind === 'mapped' && folderMapping.mapping.configPath.length === 1 && folderMapping.mapping.configPath[0].toLowerCase() === site.toLowerCase()) folder = o.siteFolder;
      folder ??= folderForPhysical(e.physical, candidates, (f) => rootOf(f, o.workspaceRoots));
      out.push({ urlPrefix, physicalPath: e.physicalPath, ...(folder ? { folder } : {}) });
    }
    // Longest URL prefix first.
    return out.sort((a, b) => b.urlPrefix.length - a.urlPrefix.length);
  };

  const hierarchyFor = (t: { site: string; configPath: string[]; mapped: boolean }): ConfigHierarchy => {
    if (t.mapped) return buildPathHierarchy(t.configPath, { ...base, webConfigFolders: candidates });
    return manualHierarchy(t.configPath, o.siteFolder, o.reader, appHost, choice);
  };

  const cache = new Map<string, RuleSets | undefined>();
  const env: RequestEnvironment = {
    ruleSets(url) {
      const key = `${url.protocol}//${url.host.toLowerCase()}${url.pathname.toLowerCase()}`;
      if (cache.has(key)) return cache.get(key);
      const t = target(url);
      let r: RuleSets | undefined;
      if (t) {
        const h = hierarchyFor(t);
        const scope = rewriteScopeAt(h, chainOf(h), t.configPath, schema);
        const roots = physicalRoots(t.site, t.mapped);
        r = { ...scope, site: t.site, physicalPath: (p) => physicalOf(p, roots) };
      }
      cache.set(key, r);
      return r;
    },
    fileKind(physical) {
      const stated = statedKind(physical, o, siteRootsForStatements());
      if (stated) return stated;
      const t = target(firstUrl);
      for (const r of t ? physicalRoots(t.site, t.mapped) : []) {
        const rel = relativeTo(physical, r.physicalPath);
        if (rel === undefined || !r.folder) continue;
        const kind = kindIn(o.reader, r.folder, rel);
        return kind === 'missing' && o.listingsComplete === false ? undefined : kind;
      }
      return undefined;
    },
  };
  const siteRootsForStatements = (): PhysicalRoot[] => { const t = target(firstUrl); return t ? physicalRoots(t.site, t.mapped) : []; };

  const first = target(firstUrl);
  const trace = testUrl(firstUrl.href, env, { variables: o.variables });
  return { trace, appHost: choice, siteReason: first?.reason ?? `no site serves ${firstUrl.host}`, siteFolder: o.siteFolder };
}

function toUrl(u: string): URL {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return new URL(u);
  return new URL(u.startsWith('/') ? u : '/' + u, 'http://localhost');
}

/** The hierarchy of a URL under a site folder that no site of the applicationHost.config maps: the folder's web.config files down the URL. */
function manualHierarchy(configPath: readonly string[], siteFolder: string, reader: HierarchyReader, appHost: HierarchyFile, choice: AppHostChoice): ConfigHierarchy {
  const parents: HierarchyFile[] = [];
  let declarations = appHost.file.declarations;
  for (let i = 1; i <= configPath.length; i++) {
    const dir = joinPath(siteFolder, ...configPath.slice(1, i));
    const p = findFile(reader, dir, 'web.config');
    const text = p ? reader.readFile(p) : undefined;
    if (!p || text === undefined) continue;
    const path = configPath.slice(0, i);
    const level = i === 1 ? STANDALONE_WEB_CONFIG_LEVEL : { ...resolveLocationPath(path.join('/'), undefined), configPath: path.join('/') };
    const file = buildConfigFile(parseXml(text), { fileName: p, kind: 'web', declarations, fileLevel: level });
    parents.push({ fileName: p, text, file, configPath: path, builtIn: false });
    declarations = file.declarations;
  }
  return {
    choice, appHost, parents, configPath, mapped: false, fileLevel: STANDALONE_WEB_CONFIG_LEVEL, levelReason: 'the named site folder',
    sites: appHost.file.sites, declarations, applications: appHost.file.sites ? applicationPaths(appHost.file.sites) : [],
  };
}

/** The physical path of a URL path under the longest matching root ('\\' joins when the root uses backslashes). */
function physicalOf(urlPath: string, roots: readonly PhysicalRoot[]): string | undefined {
  const p = normalizeUrlPath(urlPath.split('?')[0]);
  for (const r of roots) {
    const prefix = r.urlPrefix === '/' ? '' : r.urlPrefix.toLowerCase();
    if (prefix && p.toLowerCase() !== prefix && !p.toLowerCase().startsWith(prefix + '/')) continue;
    const rest = p.slice(prefix.length).split('/').filter(Boolean);
    const sep = r.physicalPath.includes('\\') || /^[a-zA-Z]:/.test(r.physicalPath) || r.physicalPath.startsWith('%') ? '\\' : '/';
    const rootText = trimEndChars(r.physicalPath, '\\/');
    return rest.length ? rootText + sep + rest.join(sep) : rootText;
  }
  return undefined;
}

/** Segments of `physical` below `root`, or undefined when it is not below it (case-insensitive, either separator). */
function relativeTo(physical: string, root: string): string[] | undefined {
  const a = norm(physical), b = norm(root);
  if (a.length < b.length || !b.every((s, i) => s === a[i])) return undefined;
  return pathSegments(physical).slice(b.length);
}

function kindIn(reader: HierarchyReader, folder: string, rel: readonly string[]): 'file' | 'directory' | 'missing' {
  let dir = folder;
  for (let i = 0; i < rel.length; i++) {
    const entries = reader.listDirectory(dir);
    const hit = entries?.find((e) => e.name.toLowerCase() === rel[i].toLowerCase());
    if (!hit) return 'missing';
    if (i === rel.length - 1) return hit.directory ? 'directory' : 'file';
    if (!hit.directory) return 'missing';
    dir = joinPath(dir, hit.name);
  }
  return 'directory';
}

/** A path stated by the user (--exists / --missing), compared as a URL path of the site. */
function statedKind(physical: string, o: RewriteTestOptions, roots: readonly PhysicalRoot[]): 'file' | 'directory' | 'missing' | undefined {
  if (!o.exists?.length && !o.missing?.length) return undefined;
  const urlOf = (p: string): string | undefined => {
    for (const r of roots) {
      const rel = relativeTo(p, r.physicalPath) ?? (r.folder ? relativeTo(p, r.folder) : undefined);
      if (rel) return normalizeUrlPath(`${r.urlPrefix}/${rel.join('/')}`).toLowerCase();
    }
    if (/^[a-zA-Z]:[\\/]|\\/.test(p)) return undefined;
    return normalizeUrlPath(p).toLowerCase();
  };
  const target = urlOf(physical);
  if (target === undefined) return undefined;
  for (const e of o.exists ?? []) {
    const u = urlOf(e);
    if (u === target) return /[\\/]$/.test(e) ? 'directory' : 'file';
  }
  for (const m of o.missing ?? []) if (urlOf(m) === target) return 'missing';
  return undefined;
}

// ---------------------------------------------------------------------------
// Rendering

export interface RenderOptions {
  /** How a file is shown (relative to the working folder, a URI, …). */
  readonly displayFile: (file: string) => string;
}

const q = (s: string) => JSON.stringify(s);

function describeResult(r: RequestTrace['result']): string {
  switch (r.action) {
    case 'None': return `no rule changed the URL: ${r.url ?? ''} is served as requested${r.note ? ` (${r.note})` : ''}`;
    case 'Rewrite': return `Rewrite to ${r.url}${r.proxy ? ' (forwarded by Application Request Routing: needs ARR with proxy enabled)' : ''}`;
    case 'Redirect': return `Redirect ${r.statusCode} to ${r.url}`;
    case 'CustomResponse': return `CustomResponse ${r.statusCode}${r.subStatusCode ? '.' + r.subStatusCode : ''}${r.reason ? ' ' + r.reason : ''}`;
    case 'AbortRequest': return 'AbortRequest: the connection is dropped without a response';
    case 'Undecided': return `undecided: ${r.note ?? ''}`;
    case 'Error': return `error: ${r.note ?? ''}`;
  }
}

/** The trace as text, one rule per block; `links` receives the line of each rule heading and its file and line. */
export function renderTrace(result: RewriteTestResult, options: RenderOptions, links?: Array<{ traceLine: number; file: string; line: number; start: number; end: number }>): string {
  const lines: string[] = [];
  const t = result.trace;
  lines.push(`URL Rewrite test: ${t.url}`);
  lines.push(`site: ${result.siteReason}; root folder ${options.displayFile(result.siteFolder)}`);
  const noAppHost = 'none found: default IIS 10 settings (no global rules)';
  const appHost = result.appHost.path ? `${options.displayFile(result.appHost.path)} (${result.appHost.reason})` : noAppHost;
  lines.push(`applicationHost.config: ${appHost}`);
  const block = (r: RequestTrace, title: string) => {
    lines.push('');
    lines.push(title);
    if (!r.rules.length) lines.push('  (no rules apply to this URL)');
    r.rules.forEach((rule, i) => {
      const where = `${options.displayFile(rule.file)}:${rule.line}`;
      const tag = rule.phase === 'global' ? '[global] ' : '';
      const head = `  ${i + 1}. ${tag}${q(rule.name)}  ${where}`;
      links?.push({ traceLine: lines.length, file: rule.file, line: rule.line, start: head.length - where.length, end: head.length });
      lines.push(head);
      lines.push(`     input ${q(rule.input)}: ${rule.matched === 'disabled' ? 'rule disabled' : rule.matched === 'error' ? 'pattern error' : rule.matched === 'undecided' ? 'not decided' : rule.matched ? 'pattern matches' : 'pattern does not match'}${rule.captures && rule.captures.length > 0 && rule.matched === true ? '  ' + rule.captures.map((c, k) => `{R:${k}}=${q(c)}`).join(' ') : ''}`);
      for (const c of rule.conditions) {
        const test = c.matchType === 'Pattern' ? `${c.negate ? 'does not match' : 'matches'} ${q(c.pattern ?? '')}` : `${c.negate ? 'is not' : 'is'} a ${c.matchType === 'IsFile' ? 'file' : 'folder'}`;
        const verdict = c.result === 'skipped' ? 'not evaluated' : c.result === 'undecided' ? 'UNDECIDED' : c.result ? 'true' : 'false';
        lines.push(`     condition ${c.input || '(default input)'}${c.result !== 'skipped' ? ` = ${q(c.value)}` : ''} ${test}: ${verdict}${c.note ? ` (${c.note})` : ''}${c.captures && c.captures.length > 1 ? '  ' + c.captures.map((x, k) => `{C:${k}}=${q(x)}`).join(' ') : ''}`);
      }
      for (const s of rule.serverVariables ?? []) lines.push(`     set ${s.name} = ${q(s.value)}`);
      lines.push(`     → ${rule.outcome}${rule.stopProcessing && rule.matched === true && rule.conditionsMet !== false ? ' (stopProcessing)' : ''}`);
    });
    lines.push(`  result: ${describeResult(r.result)}`);
    if (r.missingVariables.length) lines.push(`  server variables not given (taken as empty): ${r.missingVariables.join(', ')} (set them with --server-variable NAME=VALUE)`);
  };
  block(t, `request ${t.url}`);
  t.redirects.forEach((r, i) => block(r, `redirect ${i + 1}: request ${r.url}`));
  lines.push('');
  if (t.loop) lines.push(`REDIRECT LOOP: ${t.loop.reason}`);
  else if (t.leaves) lines.push(`the redirect leaves the sites in view: ${t.leaves}`);
  const final = t.redirects.length ? t.redirects[t.redirects.length - 1] : t;
  lines.push(`final: ${describeResult(final.result)}`);
  return lines.join('\n') + '\n';
}

/** The trace as JSON: { url, result: { action, url, statusCode }, rules: [{ name, file, line, matched, conditions }], redirects, loop }. */
export function traceJson(result: RewriteTestResult, options: RenderOptions): unknown {
  const request = (r: RequestTrace) => ({
    url: r.url,
    ...(r.site ? { site: r.site } : {}),
    result: { action: r.result.action, url: r.result.url ?? null, statusCode: r.result.statusCode ?? null, ...(r.result.subStatusCode ? { subStatusCode: r.result.subStatusCode } : {}), ...(r.result.proxy ? { proxy: true } : {}), ...(r.result.note ? { note: r.result.note } : {}) },
    rules: r.rules.map((x) => ({
      name: x.name, file: options.displayFile(x.file), line: x.line, phase: x.phase, input: x.input,
      matched: x.matched, ...(x.captures && x.matched === true ? { captures: x.captures } : {}),
      conditions: x.conditions.map((c) => ({ input: c.input, value: c.value, matchType: c.matchType, ...(c.pattern !== undefined ? { pattern: c.pattern } : {}), negate: c.negate, result: c.result, ...(c.captures ? { captures: c.captures } : {}), ...(c.note ? { note: c.note } : {}) })),
      ...(x.serverVariables ? { serverVariables: x.serverVariables } : {}),
      outcome: x.outcome,
    })),
    ...(r.missingVariables.length ? { missingVariables: r.missingVariables } : {}),
  });
  const t = result.trace;
  return {
    ...request(t),
    redirects: t.redirects.map(request),
    loop: t.loop ?? null,
    ...(t.leaves ? { leaves: t.leaves } : {}),
    applicationHost: result.appHost.path ? options.displayFile(result.appHost.path) : null,
    siteReason: result.siteReason,
    siteFolder: options.displayFile(result.siteFolder),
  };
}

