/**
 * The configuration hierarchy for iis-config-lint: which applicationHost.config
 * each web.config runs under (--app-host, else Visual Studio's IIS Express
 * `.vs` folder above it, else one found under the linted folders, else the
 * machine's on Windows, else the built-in default IIS 10 model), its level and
 * its parent web.config files — and `--effective PATH SECTION`, the merged
 * section at a configuration path with the file and line of every setting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { AnalysisContext } from '../analysis/types';
import { ConfigHierarchy, ParseCache, buildFolderPathHierarchy, buildHierarchy, buildPathHierarchy, HierarchyOptions } from '../hierarchy/hierarchy';
import { buildConfigFile, detectFileKind } from '../hierarchy/configFile';
import { parseXml } from '../syntax/xml';
import { hierarchyContext } from '../analysis/inheritance';
import { effectiveConfiguration } from '../analysis/effectiveView';
import { explainRequest, explanationText, resolveExplainTarget } from '../analysis/explain';
import { bundledSchema } from '../iis/schemaLoader';
import { LineIndex } from '../syntax/lineIndex';
import { fsReader, machineAppHostPath, scanWorkspace } from '../node/hierarchyIo';

export interface CliHierarchy {
  /** Analysis context for a file (empty for files that are not web.config). */
  contextFor(file: string): { context: Partial<AnalysisContext>; status?: string };
  /** URI and line index of a file named by related information. */
  otherFile(file: string): { uri: string; index: LineIndex } | undefined;
}

/** The folders whose files count as "the workspace": the folders linted; for a file, the current folder when it holds it. */
export function workspaceRoots(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let isDir = false;
    try { isDir = fs.statSync(abs).isDirectory(); } catch { continue; }
    if (isDir) roots.add(abs);
    else roots.add(abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs));
  }
  return [...roots];
}

function statusLine(h: ConfigHierarchy): string {
  if (h.appHost.builtIn) return `using default IIS 10 settings: no applicationHost.config found (pass --app-host FILE)${h.choice.warning ? `; ${h.choice.warning}` : ''}`;
  return `using applicationHost.config: ${h.choice.path} (${h.choice.reason})${h.choice.warning ? `; ${h.choice.warning}` : ''}`;
}

export function createCliHierarchy(options: { appHost?: string; paths: readonly string[]; cwd?: string }): CliHierarchy {
  const cwd = options.cwd ?? process.cwd();
  const roots = workspaceRoots(options.paths, cwd);
  const cache: ParseCache = new Map();
  const reader = fsReader({ cache: new Map() });
  let scan: ReturnType<typeof scanWorkspace> | undefined;
  const base = (fileName: string): HierarchyOptions => {
    scan ??= scanWorkspace(roots);
    return {
      fileName, workspaceRoots: roots, reader, cache, workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders,
      machineAppHost: machineAppHostPath(),
      ...(options.appHost ? { explicit: { path: path.resolve(cwd, options.appHost), source: 'cli' as const } } : {}),
    };
  };
  const told = new Set<string>();
  if (options.appHost) told.add(`using applicationHost.config: ${path.resolve(cwd, options.appHost)}`);
  return {
    contextFor(file) {
      // configSource targets and other files a document names: the CLI reads what the user points it at.
      const readRelatedFile = (p: string) => reader.readFile(p);
      if (path.basename(file).toLowerCase() !== 'web.config') return { context: { readRelatedFile } };
      const h = buildHierarchy(base(path.resolve(cwd, file)));
      const line = statusLine(h);
      const key = line.replace(/ \(.*$/, '');
      const fresh = !told.has(key);
      told.add(key);
      return { context: { ...hierarchyContext(h), readRelatedFile }, ...(fresh ? { status: line } : {}) };
    },
    otherFile(file) {
      const text = reader.readFile(file);
      return text === undefined ? undefined : { uri: pathToFileURL(file).toString(), index: new LineIndex(text) };
    },
  };
}

export interface EffectiveOptions {
  readonly target: string;
  readonly section: string;
  readonly appHost?: string;
  readonly cwd?: string;
}

/**
 * `--effective PATH SECTION`: PATH is a web.config (or applicationHost.config)
 * file, or a configuration path such as "Default Web Site/app". Returns the
 * text to print, or an error message.
 */
export function effectiveText(o: EffectiveOptions): { text: string } | { error: string } {
  const cwd = o.cwd ?? process.cwd();
  const asFile = path.resolve(cwd, o.target);
  let isFile = false;
  try { isFile = fs.statSync(asFile).isFile(); } catch { /* a configuration path */ }
  const roots = [isFile && !asFile.startsWith(cwd + path.sep) ? path.dirname(asFile) : cwd];
  const scan = scanWorkspace(roots);
  const reader = fsReader();
  const base: HierarchyOptions = {
    fileName: isFile ? asFile : path.join(cwd, 'web.config'), workspaceRoots: roots, reader,
    workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, machineAppHost: machineAppHostPath(),
    ...(o.appHost ? { explicit: { path: path.resolve(cwd, o.appHost), source: 'cli' as const } } : {}),
  };
  let h: ConfigHierarchy;
  let current: { fileName: string; text: string; file: ReturnType<typeof buildConfigFile> } | undefined;
  if (isFile) {
    const text = reader.readFile(asFile);
    if (text === undefined) return { error: `cannot read ${o.target}` };
    const kind = detectFileKind(asFile, parseXml(text));
    if (kind === 'applicationHost') {
      h = buildPathHierarchy([], { ...base, explicit: { path: asFile, source: 'cli' } });
    } else {
      h = buildHierarchy(base);
      current = { fileName: asFile, text, file: buildConfigFile(parseXml(text), { fileName: asFile, kind, declarations: h.declarations, sites: h.sites, fileLevel: h.fileLevel }) };
    }
  } else {
    const segments = o.target.split(/[\\/]+/).filter((s) => s && s !== '.');
    h = buildPathHierarchy(segments, base);
  }
  const section = resolveSectionName(o.section, h, current?.file.declarations);
  if ('error' in section) return section;
  return { text: effectiveConfiguration(h, section.path, bundledSchema(), current).text };
}

/** A full section path, or a unique last segment ("staticContent" → system.webServer/staticContent). */
function resolveSectionName(name: string, h: ConfigHierarchy, declarations = h.declarations): { path: string } | { error: string } {
  const wanted = name.replace(/^\/+|\/+$/g, '');
  if (declarations.get(wanted)) return { path: wanted };
  const all = [...declarations.all()].map((d) => d.path);
  const exact = all.filter((p) => p.toLowerCase() === wanted.toLowerCase());
  if (exact.length === 1) return { path: exact[0] };
  const byName = all.filter((p) => p.toLowerCase().endsWith('/' + wanted.toLowerCase()));
  if (byName.length === 1) return { path: byName[0] };
  if (byName.length > 1) return { error: `section '${name}' is ambiguous: ${byName.join(', ')}` };
  return { error: `unknown section '${name}' (give its full path, e.g. system.webServer/staticContent)` };
}

export interface ExplainCliOptions {
  /** "Site/app/dir/file.ext" or a URL. */
  readonly target: string;
  /** Files and folders that make up the workspace (default: the current folder). */
  readonly paths: readonly string[];
  readonly appHost?: string;
  readonly verb?: string;
  readonly format: 'text' | 'json';
  readonly cwd?: string;
}

/**
 * `--explain PATH [FILES]`: what the server does for a request, from the files
 * under FILES (an applicationHost.config among them is the one in effect).
 * Returns the text to print, or an error message.
 */
export function explainCli(o: ExplainCliOptions): { text: string } | { error: string } {
  const cwd = o.cwd ?? process.cwd();
  const given = o.paths.length ? o.paths : ['.'];
  const appHostFile = o.appHost ?? given.find((p) => path.basename(p).toLowerCase() === 'applicationhost.config');
  const roots = workspaceRoots(given, cwd);
  if (!roots.length) return { error: `cannot read ${given.join(', ')}` };
  const scan = scanWorkspace(roots);
  const reader = fsReader({ cache: new Map() });
  const base: HierarchyOptions = {
    fileName: path.join(roots[0], 'web.config'), workspaceRoots: roots, reader, cache: new Map(),
    workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, machineAppHost: machineAppHostPath(),
    ...(appHostFile ? { explicit: { path: path.resolve(cwd, appHostFile), source: 'cli' as const } } : {}),
  };
  const server = buildPathHierarchy([], base);
  if (server.choice.warning) return { error: server.choice.warning };
  const target = resolveExplainTarget(server, o.target);
  if ('error' in target) return target;
  // A site the applicationHost.config maps to the workspace, else the first folder given stands for the site's root.
  const h = target.site && server.sites ? buildPathHierarchy(target.configPath, base) : buildFolderPathHierarchy(target.configPath, roots[0], base);
  const explanation = explainRequest(h, target, o.target, { verb: o.verb, context: { readRelatedFile: (p: string) => reader.readFile(p) } });
  if (o.format === 'json') return { text: JSON.stringify(explanation, null, 2) + '\n' };
  const display = (f: string) => (f.startsWith(cwd + path.sep) ? path.relative(cwd, f) : f);
  return { text: explanationText(explanation, display) };
}
