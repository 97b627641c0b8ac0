/**
 * The configuration hierarchy for iis-config-lint: which applicationHost.config
 * each web.config runs under (--app-host, else Visual Studio's IIS Express
 * `.vs` folder above it, else one found in its workspace — its repository, else
 * the folder given on the command line, else its own folder — else the
 * machine's on Windows, else the built-in model of the --server profile,
 * default IIS 10), its level and its parent web.config files — and
 * `--effective PATH SECTION`, the merged section at a configuration path with
 * the file and line of every setting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { AnalysisContext } from '../analysis/types';
import { ConfigHierarchy, HierarchyFile, ParseCache, appHostFile, buildFolderPathHierarchy, buildHierarchy, buildPathHierarchy, HierarchyOptions } from '../hierarchy/hierarchy';
import { buildConfigFile, detectFileKind } from '../hierarchy/configFile';
import { parseXml } from '../syntax/xml';
import { hierarchyContext } from '../analysis/inheritance';
import { effectiveConfiguration } from '../analysis/effectiveView';
import { explainRequest, explanationText, resolveExplainTarget } from '../analysis/explain';
import { bundledSchema } from '../iis/schemaLoader';
import { LineIndex } from '../syntax/lineIndex';
import { fsReader, machineAppHostPath, scanWorkspace } from '../node/hierarchyIo';
import { DEFAULT_PROFILE, ServerProfile, profileInfo } from '../iis/serverProfiles';
import { trimChars } from '../util/strings';

export type FileAs = 'web.config' | 'applicationHost.config';

export interface CliHierarchy {
  /**
   * Analysis context for a file: its kind, and for a web.config its hierarchy. `status`: the "using …" line, once per
   * applicationHost.config and workspace root; `note`: said once for a file checked without its hierarchy.
   */
  contextFor(file: string): { context: Partial<AnalysisContext>; status?: string; note?: string };
  /** URI and line index of a file named by related information. */
  otherFile(file: string): { uri: string; index: LineIndex } | undefined;
  /**
   * The model of an applicationHost.config given its text (--app-host): parsed once, and the same model (and text)
   * the hierarchy of every web.config then uses, so the file is neither read nor parsed again.
   */
  appHost(file: string, text: string): HierarchyFile;
}

export interface CliHierarchyOptions {
  readonly appHost?: string;
  readonly paths: readonly string[];
  readonly cwd?: string;
  /** The server assumed when no applicationHost.config is found (--server). */
  readonly profile?: ServerProfile;
  /** What every linted file is (--as), whatever its name. */
  readonly as?: FileAs;
  /** Most entries a workspace scan looks at (default: scanWorkspace's). */
  readonly maxScanEntries?: number;
}

/** The workspace root of a file, and why: the files of that folder tree are its hierarchy's candidates. */
export interface WorkspaceRoot { readonly root: string; readonly why: string }

/**
 * A file's workspace root, the same from whatever folder the CLI runs: its repository (the nearest folder above it
 * with a `.git`), else the folder given on the command line that holds it (the deepest), else its own folder.
 */
export function workspaceRootFor(file: string, folders: readonly string[]): WorkspaceRoot {
  const abs = path.resolve(file);
  for (let d = path.dirname(abs), up = path.dirname(d); ; d = up, up = path.dirname(up)) {
    if (fs.existsSync(path.join(d, '.git'))) return { root: d, why: 'its repository: the nearest folder with .git' };
    if (up === d) break;
  }
  const given = folders.map((f) => path.resolve(f)).filter((f) => abs.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0];
  if (given) return { root: given, why: 'the folder given on the command line' };
  return { root: path.dirname(abs), why: "the file's folder" };
}

function statusLine(h: ConfigHierarchy, root: WorkspaceRoot, truncated: number | undefined): string {
  const where = `workspace ${root.root}, ${root.why}`;
  const cut = truncated ? `; the search of ${root.root} stopped after ${truncated.toLocaleString('en-US')} entries, so an applicationHost.config further in may have been missed` : '';
  const warning = h.choice.warning ? `; ${h.choice.warning}` : '';
  if (h.appHost.builtIn) {
    const p = profileInfo(h.choice.profile);
    return `using ${p.assumption}${h.choice.profile && h.choice.profile !== DEFAULT_PROFILE ? ` (--server ${h.choice.profile})` : ''}: no applicationHost.config found (${where}; pass --app-host FILE${h.choice.profile === DEFAULT_PROFILE ? ' or --server PROFILE' : ''})${cut}${warning}`;
  }
  return `using applicationHost.config: ${h.choice.path} (${h.choice.reason}; ${where})${cut}${warning}`;
}

export function createCliHierarchy(options: CliHierarchyOptions): CliHierarchy {
  const cwd = options.cwd ?? process.cwd();
  const folders = options.paths.map((p) => path.resolve(cwd, p)).filter((p) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } });
  const cache: ParseCache = new Map();
  const reads = new Map<string, string | undefined>();
  const reader = fsReader({ cache: reads });
  const scans = new Map<string, ReturnType<typeof scanWorkspace>>();
  const scanOf = (root: string) => {
    let s = scans.get(root);
    if (!s) { s = scanWorkspace([root], options.maxScanEntries); scans.set(root, s); }
    return s;
  };
  const told = new Set<string>();
  if (options.appHost) told.add(`using applicationHost.config: ${path.resolve(cwd, options.appHost)}`);
  return {
    contextFor(file) {
      // configSource targets and other files a document names: the CLI reads what the user points it at.
      const readRelatedFile = (p: string) => reader.readFile(p);
      const abs = path.resolve(cwd, file);
      const named = path.basename(abs).toLowerCase();
      const as = options.as ?? (named === 'web.config' ? 'web.config' : named === 'applicationhost.config' ? 'applicationHost.config' : undefined);
      if (as === 'applicationHost.config') return { context: { kind: 'applicationHost', readRelatedFile } };
      if (as !== 'web.config') {
        // Another name (a renamed copy, a deploy template): checked by its content, without the files around it.
        const text = reader.readFile(abs);
        const kind = text === undefined ? 'web' : detectFileKind(abs, parseXml(text));
        return kind === 'web'
          ? { context: { readRelatedFile }, note: `checked without its hierarchy: ${file} (not named web.config; pass --as web.config to check it as one)` }
          : { context: { readRelatedFile } };
      }
      const root = workspaceRootFor(abs, folders);
      const scan = scanOf(root.root);
      const h = buildHierarchy({
        fileName: abs, workspaceRoots: [root.root], reader, cache, workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders,
        machineAppHost: machineAppHostPath(),
        // Visual Studio's .vs folder: looked for in the workspace and in the folders given on the command line, never above.
        trustedFolders: [root.root, ...folders],
        ...(options.appHost ? { explicit: { path: path.resolve(cwd, options.appHost), source: 'cli' as const } } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
      });
      const line = statusLine(h, root, scan.truncated ? scan.limit : undefined);
      const key = `${line.replace(/ \(.*$/, '')}\n${root.root}`;
      const fresh = !told.has(key) && !told.has(line.replace(/ \(.*$/, ''));
      told.add(key);
      return { context: { kind: 'web', ...hierarchyContext(h), readRelatedFile }, ...(fresh ? { status: line } : {}) };
    },
    otherFile(file) {
      const text = reader.readFile(file);
      return text === undefined ? undefined : { uri: pathToFileURL(file).toString(), index: new LineIndex(text) };
    },
    appHost(file, text) {
      const abs = path.resolve(cwd, file);
      reads.set(abs, text);
      return appHostFile(abs, text, cache);
    },
  };
}

export interface EffectiveOptions {
  readonly target: string;
  readonly section: string;
  readonly appHost?: string;
  readonly cwd?: string;
  readonly profile?: ServerProfile;
  /** --show-secrets: print passwords and keys as written (masked otherwise). */
  readonly showSecrets?: boolean;
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
  // A file's workspace is its repository (as for linting); a configuration path's is the current folder.
  const roots = [isFile ? workspaceRootFor(asFile, []).root : cwd];
  const scan = scanWorkspace(roots);
  const reader = fsReader();
  const base: HierarchyOptions = {
    fileName: isFile ? asFile : path.join(cwd, 'web.config'), workspaceRoots: roots, reader,
    workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, machineAppHost: machineAppHostPath(),
    ...(o.appHost ? { explicit: { path: path.resolve(cwd, o.appHost), source: 'cli' as const } } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
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
  return { text: effectiveConfiguration(h, section.path, bundledSchema(), current, { showSecrets: !!o.showSecrets }).text };
}

/** A full section path, or a unique last segment ("staticContent" → system.webServer/staticContent). */
function resolveSectionName(name: string, h: ConfigHierarchy, declarations = h.declarations): { path: string } | { error: string } {
  const wanted = trimChars(name, '/');
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
  /** The server profile the built-in model stands for when no applicationHost.config is found (--server). */
  readonly profile?: ServerProfile;
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
  // The workspace: the folders given, and the folders of the files given.
  const roots: string[] = [];
  for (const g of given) {
    const abs = path.resolve(cwd, g);
    let isDir = false;
    try { isDir = fs.statSync(abs).isDirectory(); } catch { continue; }
    const root = isDir ? abs : path.dirname(abs);
    if (!roots.includes(root)) roots.push(root);
  }
  if (!roots.length) return { error: `cannot read ${given.join(', ')}` };
  const scan = scanWorkspace(roots);
  const reader = fsReader({ cache: new Map() });
  const base: HierarchyOptions = {
    fileName: path.join(roots[0], 'web.config'), workspaceRoots: roots, reader, cache: new Map(),
    workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, machineAppHost: machineAppHostPath(),
    ...(appHostFile ? { explicit: { path: path.resolve(cwd, appHostFile), source: 'cli' as const } } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
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
