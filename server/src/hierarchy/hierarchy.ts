/**
 * The configuration hierarchy of a web.config, as IIS merges it:
 * applicationHost.config (server level), then the web.config files of the
 * configuration path's parents (site root, applications, folders), then the
 * file itself.
 *
 * Deciding it takes three steps, all pure (files are read through an
 * injected {@link HierarchyReader}; nothing here touches the disk):
 *
 * 1. Which applicationHost.config is in effect ({@link chooseApplicationHost}):
 *    the one named by the user (setting or `--app-host`), else one found in
 *    the workspace, else Visual Studio's IIS Express file in a `.vs` folder of
 *    an ancestor inside the workspace, else the machine's, else the built-in
 *    default IIS 10 model.
 * 2. Which configuration path the file has: a site, application or virtual
 *    directory whose physicalPath maps to the file's folder (see
 *    physicalPaths.ts) gives it; without one, the topmost web.config of the
 *    folder tree is an application root and nested ones are folders below it.
 * 3. The parents: the web.config of each configuration path above the file,
 *    found in the folder that path maps to.
 */
import { parseXml, type XmlDocument } from '../syntax/xml';
import { treeFromSnapshot, type TreeSnapshot } from '../syntax/snapshot';
import modelSnapshot from '../../data/default-model-snapshot.json';
import { buildConfigFile, ConfigFile, baseName } from './configFile';
import type { DeclarationSet } from '../iis/declarations';
import { ResolvedLevel, SitesModel, STANDALONE_WEB_CONFIG_LEVEL, resolveLocationPath, LEVEL_LABEL } from './levels';
import { builtInAppHostName, defaultAppHostText } from './defaultAppHost';
import { defaultDeclarations } from '../iis/declarations';
import { DEFAULT_PROFILE, ServerProfile, profileInfo } from '../iis/serverProfiles';
import {
  FolderMapping, MapResult, PhysicalEntity, folderForPhysical, isPrefixPath, mapFolder, pathSegments, physicalEntities, samePath,
} from './physicalPaths';

/** Reads other files for the engine. Implemented by the CLI and the language server (open documents first). */
export interface HierarchyReader {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** The entries of a folder, or undefined when it does not exist or cannot be read. */
  listDirectory(path: string): ReadonlyArray<{ readonly name: string; readonly directory: boolean }> | undefined;
  /**
   * The real path of an existing file or folder (symbolic links resolved, `..` collapsed), or undefined when it does
   * not exist. Optional: a reader without links (the browser's copy of the workspace) leaves it out, and paths are then
   * compared after collapsing `..` only. Whether a path lies in the workspace is judged on real paths.
   */
  realPath?(path: string): string | undefined;
}

export type AppHostSource = 'setting' | 'cli' | 'iisExpress' | 'workspace' | 'machine' | 'default';

/** Which applicationHost.config is in effect, and why. */
export interface AppHostChoice {
  readonly source: AppHostSource;
  /** The file; undefined for the built-in default model. */
  readonly path?: string;
  /** Plain words: why this one. */
  readonly reason: string;
  /** A problem met on the way (e.g. the configured file cannot be read). */
  readonly warning?: string;
  /** The file lies inside a workspace folder (quick fixes may edit it). */
  readonly inWorkspace: boolean;
  /** With the built-in model (source 'default'): the server profile it models. */
  readonly profile?: ServerProfile;
}

/** One file of the hierarchy, parsed. */
export interface HierarchyFile {
  readonly fileName: string;
  readonly text: string;
  readonly file: ConfigFile;
  /** Configuration path of the file's own level: [] for applicationHost.config, ['Shop'] for a site root, … */
  readonly configPath: readonly string[];
  /** The built-in default model (no file to open or edit). */
  readonly builtIn: boolean;
}

export interface ConfigHierarchy {
  readonly choice: AppHostChoice;
  readonly appHost: HierarchyFile;
  /** The web.config files above the analysed one, top down (site root first). */
  readonly parents: readonly HierarchyFile[];
  /** The analysed file's configuration path. */
  readonly configPath: readonly string[];
  /**
   * The configuration path names a site of the applicationHost.config (the
   * file's folder is mapped). When false, only the applicationHost.config's
   * server-level settings apply to it.
   */
  readonly mapped: boolean;
  readonly fileLevel: ResolvedLevel;
  /** Plain words: how the level was decided. */
  readonly levelReason: string;
  readonly sites?: SitesModel;
  /** Declarations in effect for the analysed file (applicationHost.config's plus the parents' <configSections>). */
  readonly declarations: DeclarationSet;
  /** Application paths (configuration paths of applications, site roots included), for inheritInChildApplications. */
  readonly applications: readonly (readonly string[])[];
  /**
   * The web.config of another configuration path of the same server (another
   * application's root), read on demand through the same reader: for rules that
   * compare applications (two ASP.NET Core applications in one pool). Set when
   * the file is mapped to a site; undefined when the path maps to no folder.
   */
  readonly peer?: (configPath: readonly string[]) => HierarchyFile | undefined;
}

/** Parsed files kept between calls (keyed by file name; reused while the text and inputs are the same). */
export type ParseCache = Map<string, { readonly text: string; readonly deps: readonly unknown[]; readonly value: HierarchyFile }>;

export interface DiscoveryOptions {
  /** Absolute path of the analysed file. */
  readonly fileName: string;
  readonly workspaceRoots: readonly string[];
  readonly reader: HierarchyReader;
  /** The file the user named (setting iisConfig.applicationHostPath, CLI --app-host). */
  readonly explicit?: { readonly path: string; readonly source: 'setting' | 'cli' };
  /** applicationHost.config files found in the workspace. */
  readonly workspaceAppHosts?: readonly string[];
  /** The machine's applicationHost.config (Windows), when the caller wants it tried. */
  readonly machineAppHost?: string;
  readonly cache?: ParseCache;
  /** The server the built-in model describes when no applicationHost.config is found (default: IIS 10). */
  readonly profile?: ServerProfile;
  /** Take any applicationHost.config of the workspace, not only one above the file (a configuration path has no file). */
  readonly anyWorkspaceAppHost?: boolean;
  /**
   * Folders in which Visual Studio's `.vs` folder is looked for (the file's folder and its ancestors inside one of
   * them); default: the workspace roots. The CLI adds the folders given on its command line. Never above them: a `.vs`
   * folder planted in a shared ancestor (`/tmp/.vs`) must not decide a workspace's verdicts.
   */
  readonly trustedFolders?: readonly string[];
}

export interface HierarchyOptions extends DiscoveryOptions {
  /** Folders of the workspace that hold a web.config (any case), to find the parents of another application. */
  readonly webConfigFolders?: readonly string[];
}

// ---------------------------------------------------------------------------
// Paths

function isSep(c: string): boolean { return c === '/' || c === '\\'; }

/** The folder of a path ('/a/b/c' → '/a/b', 'C:\\a\\b' → 'C:\\a'); the path itself at a root. */
export function dirName(p: string): string {
  let end = p.length;
  while (end > 1 && isSep(p[end - 1])) end--;
  let i = end - 1;
  while (i >= 0 && !isSep(p[i])) i--;
  if (i < 0) return p;
  if (i === 0) return p[0];
  if (i === 2 && p[1] === ':') return p.slice(0, 3);
  return p.slice(0, i);
}

/** Join a folder and a name with the folder's separator. */
export function joinPath(dir: string, ...names: string[]): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  let out = dir;
  for (const n of names) out = isSep(out[out.length - 1] ?? '') ? out + n : out + sep + n;
  return out;
}

/** The folder and its ancestors, nearest first. */
export function ancestors(folder: string): string[] {
  const out = [folder];
  for (let d = folder, p = dirName(d); p !== d; d = p, p = dirName(p)) out.push(p);
  return out;
}

/** Segments of a path with `.` dropped and `..` taking the segment before it away (never above the root). */
function resolvedSegments(p: string): string[] {
  const out: string[] = [];
  for (const s of pathSegments(p)) {
    if (s !== '..') out.push(s);
    else if (out.length && !(out.length === 1 && /^[a-zA-Z]:$/.test(out[0]))) out.pop();
  }
  return out;
}

/**
 * A path with `.` segments dropped and `..` collapsed, without touching the disk ('/ws/../etc/x' → '/etc/x',
 * 'C:\\ws\\..\\x' → 'C:\\x'); its separator is the one the path uses.
 */
export function normalizePath(p: string): string {
  const sep = p.includes('\\') && !p.includes('/') ? '\\' : '/';
  const unc = /^[\\/]{2}[^\\/]/.test(p);
  const lead = unc ? sep + sep : /^[\\/]/.test(p) ? sep : '';
  const segs = resolvedSegments(p);
  const body = segs.join(sep);
  return /^[a-zA-Z]:$/.test(segs[0] ?? '') && !lead ? (segs.length === 1 ? body + sep : body) : lead + body;
}

function isInside(folder: string, root: string): boolean {
  return isPrefixPath(resolvedSegments(root), resolvedSegments(folder)) && /^[\\/]/.test(folder) === /^[\\/]/.test(root);
}

/** The workspace root holding a path (the deepest one), or undefined; `..` is collapsed first (see {@link workspaceRootOf}). */
export function rootOf(p: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) if (isInside(p, r) && (!best || resolvedSegments(r).length > resolvedSegments(best).length)) best = r;
  return best;
}

/**
 * The real path of `p` as the reader sees it: `..` collapsed, then symbolic links resolved by the reader (for a file
 * that does not exist, its nearest existing folder's real path with the rest of the path).
 */
export function realPathOf(p: string, reader: Pick<HierarchyReader, 'realPath'>): string {
  const n = normalizePath(p);
  if (!reader.realPath) return n;
  const rest: string[] = [];
  for (let d = n; ; ) {
    const real = reader.realPath(d);
    if (real !== undefined) return rest.length ? joinPath(real, ...rest.reverse()) : real;
    const up = dirName(d);
    if (up === d) return n;
    rest.push(d.slice(up.length).replace(/^[\\/]+/, ''));
    d = up;
  }
}

/**
 * The workspace root that holds a path, judged on real paths: a path whose `..` or symbolic link leads outside every
 * root is outside (undefined). Every judgement "may this be read or edited as a workspace file" goes through here.
 */
export function workspaceRootOf(p: string, roots: readonly string[], reader: Pick<HierarchyReader, 'realPath'>): string | undefined {
  const real = realPathOf(p, reader);
  let best: string | undefined;
  let depth = -1;
  for (const r of roots) {
    const rr = realPathOf(r, reader);
    const d = resolvedSegments(rr).length;
    if (isInside(real, rr) && d > depth) { best = r; depth = d; }
  }
  return best;
}

/** A file of `folder` whose name equals `name` case-insensitively (IIS's file system is case-insensitive). */
export function findFile(reader: HierarchyReader, folder: string, name: string): string | undefined {
  const entries = reader.listDirectory(folder);
  if (entries) {
    const hit = entries.find((e) => !e.directory && e.name.toLowerCase() === name.toLowerCase());
    return hit ? joinPath(folder, hit.name) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Parsing (cached)

function parsed(cache: ParseCache | undefined, fileName: string, text: string, deps: readonly unknown[], build: () => HierarchyFile): HierarchyFile {
  const hit = cache?.get(fileName);
  if (hit && hit.text === text && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
  const value = build();
  cache?.set(fileName, { text, deps, value });
  return value;
}

const builtIns = new Map<ServerProfile, HierarchyFile>();
const SNAPSHOTS = (modelSnapshot as unknown as { profiles: Partial<Record<ServerProfile, TreeSnapshot>> }).profiles;

/**
 * The tree of a built-in model: rebuilt from its build-time snapshot (no XML parse at start-up), or parsed when the
 * snapshot is not of this text.
 */
export function builtInTree(profile: ServerProfile, text: string): XmlDocument {
  const snap = SNAPSHOTS[profile];
  return (snap && treeFromSnapshot(text, snap)) ?? parseXml(text);
}

/** The built-in model of a server profile (default: IIS 10) as a hierarchy file, with the profile's declarations. */
export function builtInAppHost(profile: ServerProfile = DEFAULT_PROFILE): HierarchyFile {
  let f = builtIns.get(profile);
  if (!f) {
    const text = defaultAppHostText(profile);
    const fileName = builtInAppHostName(profile);
    f = { fileName, text, file: buildConfigFile(builtInTree(profile, text), { fileName, kind: 'applicationHost', declarations: defaultDeclarations(profile) }), configPath: [], builtIn: true };
    builtIns.set(profile, f);
  }
  return f;
}

export function appHostFile(fileName: string, text: string, cache?: ParseCache): HierarchyFile {
  return parsed(cache, fileName, text, ['applicationHost'], () => ({
    fileName, text, file: buildConfigFile(parseXml(text), { fileName, kind: 'applicationHost' }), configPath: [], builtIn: false,
  }));
}

// ---------------------------------------------------------------------------
// 1. Which applicationHost.config

/**
 * Decide the applicationHost.config in effect for a file: the one named
 * (setting, --app-host); else a workspace file whose sites map the file's
 * folder; else Visual Studio's IIS Express file of the nearest `.vs` folder
 * above the file inside the workspace (never above it) if its sites map the
 * folder; else the workspace file in the file's folder or above it, nearest
 * first; else the IIS Express file; else the machine's; else the built-in
 * default model. `inWorkspace` (quick fixes may edit the file) is judged on
 * real paths ({@link workspaceRootOf}).
 */
export function chooseApplicationHost(o: DiscoveryOptions): { choice: AppHostChoice; appHost: HierarchyFile } {
  const folder = dirName(o.fileName);
  const root = rootOf(o.fileName, o.workspaceRoots);
  const inWorkspace = (p: string) => workspaceRootOf(p, o.workspaceRoots, o.reader) !== undefined;
  const warnings: string[] = [];
  const load = (p: string) => {
    const text = o.reader.readFile(p);
    return text === undefined ? undefined : appHostFile(p, text, o.cache);
  };
  const maps = (f: HierarchyFile) => !!f.file.sites && mapFolder(folder, root, physicalEntities(f.file.sites)).kind === 'mapped';
  const done = (source: AppHostSource, appHost: HierarchyFile, reason: string) => ({
    choice: { source, path: appHost.fileName, reason, inWorkspace: inWorkspace(appHost.fileName), ...(warnings.length ? { warning: warnings.join(' ') } : {}) },
    appHost,
  });

  if (o.explicit) {
    const f = load(o.explicit.path);
    if (f) return done(o.explicit.source, f, o.explicit.source === 'setting' ? 'named by the setting iisConfig.applicationHostPath' : 'named by --app-host');
    warnings.push(`Cannot read ${o.explicit.path} (${o.explicit.source === 'setting' ? 'iisConfig.applicationHostPath' : '--app-host'}).`);
  }

  // Visual Studio's IIS Express layout: <solution folder>/.vs/<solution>/config/applicationhost.config (VS 2019+) or
  // .vs/config/ (VS 2015/2017); looked for only in the file's folder and its ancestors inside a trusted folder (the
  // workspace), and only files whose real path is inside it.
  const trusted = o.trustedFolders ?? o.workspaceRoots;
  const trustedRoot = (p: string) => workspaceRootOf(p, trusted, o.reader) !== undefined;
  let express: { dir: string; candidates: HierarchyFile[] } | undefined;
  for (const dir of ancestors(folder).filter((d) => rootOf(d, trusted) !== undefined)) {
    const vs = o.reader.listDirectory(joinPath(dir, '.vs'));
    if (!vs) continue;
    const candidates: HierarchyFile[] = [];
    const dirs = vs.filter((e) => e.directory).map((e) => e.name).sort((a, b) => a.localeCompare(b));
    const add = (p: string | undefined) => {
      const f = p && trustedRoot(p) ? load(p) : undefined;
      if (f) candidates.push(f);
    };
    for (const name of dirs.filter((n) => n.toLowerCase() !== 'config')) add(findFile(o.reader, joinPath(dir, '.vs', name, 'config'), 'applicationhost.config'));
    const older = dirs.find((n) => n.toLowerCase() === 'config');
    if (older) add(findFile(o.reader, joinPath(dir, '.vs', older), 'applicationhost.config'));
    if (candidates.length) { express = { dir, candidates }; break; }
  }
  const expressReason = () => `IIS Express configuration of the Visual Studio solution in ${express!.dir}`;

  // Found in the workspace (any that is not the IIS Express file already looked at): the workspace's own file wins
  // over Visual Studio's generated one.
  const seen = new Set(express?.candidates.map((f) => f.fileName) ?? []);
  const found = (o.workspaceAppHosts ?? []).filter((p) => !seen.has(p)).map((p) => load(p)).filter((f): f is HierarchyFile => !!f);
  const mapping = found.filter(maps);
  // Nearest to the file: the most leading folder names in common.
  const common = (p: string) => {
    const a = pathSegments(dirName(p)), b = pathSegments(folder);
    let k = 0;
    while (k < a.length && k < b.length && a[k].toLowerCase() === b[k].toLowerCase()) k++;
    return k;
  };
  const nearest = (pool: HierarchyFile[]) => pool.reduce((a, b) => (common(b.fileName) > common(a.fileName) ? b : a));
  if (mapping.length) return done('workspace', nearest(mapping), 'found in the workspace; one of its sites maps this folder');
  const expressMapping = express?.candidates.find(maps);
  if (expressMapping) return done('iisExpress', expressMapping, expressReason());
  // None maps the folder: one in this folder or a folder above it (a file in a sibling folder, such as another
  // example's, says nothing about this one), else IIS Express's file of the solution.
  // For a configuration path (no file of its own: --effective "Site/App"), any applicationHost.config of the workspace.
  const above = o.anyWorkspaceAppHost ? found : found.filter((f) => isInside(folder, dirName(f.fileName)));
  if (above.length) return done('workspace', nearest(above), o.anyWorkspaceAppHost ? 'found in the workspace' : 'found in the workspace, in this folder or above it');
  if (express) return done('iisExpress', express.candidates[0], expressReason());

  if (o.machineAppHost) {
    const f = load(o.machineAppHost);
    if (f) return done('machine', f, "this machine's IIS configuration");
  }

  const profile = o.profile ?? DEFAULT_PROFILE;
  return {
    choice: {
      source: 'default', reason: `no applicationHost.config found: assuming ${profileInfo(profile).assumption}`, inWorkspace: false, profile,
      ...(warnings.length ? { warning: warnings.join(' ') } : {}),
    },
    appHost: builtInAppHost(profile),
  };
}

// ---------------------------------------------------------------------------
// 2 and 3. The file's configuration path and its parents

function quote(s: string): string { return `"${s}"`; }

function entityWords(e: PhysicalEntity): string {
  const [site, ...rest] = e.configPath;
  if (e.kind === 'site') return `site ${quote(site)}`;
  return `${LEVEL_LABEL[e.kind]} ${quote('/' + rest.join('/'))} of site ${quote(site)}`;
}

/** Build the hierarchy of a web.config (`fileName` absolute). */
export function buildHierarchy(o: HierarchyOptions): ConfigHierarchy {
  const { choice, appHost } = chooseApplicationHost(o);
  const folder = dirName(o.fileName);
  const root = rootOf(o.fileName, o.workspaceRoots);
  const sites = appHost.file.sites;
  const entities = sites ? physicalEntities(sites) : [];
  const result: MapResult = entities.length ? mapFolder(folder, root, entities) : { kind: 'none' };
  const applications = sites ? applicationPaths(sites) : [];
  let declarations = appHost.file.declarations;
  const parents: HierarchyFile[] = [];

  const readParent = (dir: string, configPath: readonly string[], level: ResolvedLevel): void => {
    const p = findFile(o.reader, dir, 'web.config');
    if (!p || samePath(p, o.fileName)) return;
    const text = o.reader.readFile(p);
    if (text === undefined) return;
    const decls = declarations;
    const f = parsed(o.cache, p, text, [decls, sites, level.configPath ?? level.description], () => ({
      fileName: p, text, configPath, builtIn: false,
      file: buildConfigFile(parseXml(text), { fileName: p, kind: 'web', declarations: decls, sites, fileLevel: level }),
    }));
    parents.push(f);
    declarations = f.file.declarations;
  };

  if (result.kind === 'mapped' && sites) {
    const m: FolderMapping = result.mapping;
    const configPath = m.configPath;
    const candidates = [...ancestors(folder).filter((d) => !root || isInside(d, root)), ...(o.webConfigFolders ?? [])];
    const peer = peerReader(o, appHost, entities, o.webConfigFolders ?? []);
    for (let q = 1; q < configPath.length; q++) {
      const path = configPath.slice(0, q);
      const dir = folderForConfigPath(path, entities, candidates, (f) => rootOf(f, o.workspaceRoots));
      if (dir) readParent(dir, path, { ...resolveLocationPath(path.join('/'), sites), configPath: path.join('/') });
    }
    const level = { ...resolveLocationPath(configPath.join('/'), sites), configPath: configPath.join('/') };
    const via = m.rest.length ? ` (the folder ${m.matchedFolder}, ${m.rest.length} level${m.rest.length > 1 ? 's' : ''} up)` : '';
    return {
      choice, appHost, parents, configPath, mapped: true, fileLevel: level, sites, declarations, applications, peer,
      levelReason: `${level.description.replace(/`/g, '"')}: the physicalPath ${quote(m.entity.physicalPath)} of ${entityWords(m.entity)} matches this folder${via}`,
    };
  }

  // No site maps the folder: the topmost web.config of the folder tree is an application root.
  const upTo = root ? ancestors(folder).filter((d) => isInside(d, root)) : [folder];
  const withConfig = upTo.slice(1).filter((d) => findFile(o.reader, d, 'web.config')).reverse();
  const top = withConfig[0] ?? folder;
  const topSegs = pathSegments(top);
  const name = topSegs[topSegs.length - 1] ?? top;
  const cfg = (dir: string) => [name, ...pathSegments(dir).slice(topSegs.length)];
  const ambiguity = result.kind === 'ambiguous'
    ? ` Several sites map this folder equally well (${result.candidates.map((c) => c.configPath.join('/')).join(', ')}), so none is assumed.`
    : '';
  for (const dir of withConfig) {
    readParent(dir, cfg(dir), dir === top ? UNMAPPED_ROOT_LEVEL : folderLevel(top, dir));
  }
  const configPath = cfg(folder);
  if (top === folder) {
    return {
      choice, appHost, parents, configPath, mapped: false, fileLevel: UNMAPPED_ROOT_LEVEL, sites, declarations, applications,
      levelReason: `the root of a site or application: no web.config above it in the workspace${sites ? ' and no site of the applicationHost.config maps its folder' : ''}.${ambiguity}`,
    };
  }
  return {
    choice, appHost, parents, configPath, mapped: false, fileLevel: folderLevel(top, folder), sites, declarations, applications,
    levelReason: `a folder below the application whose root web.config is in ${top}${sites ? ' (no site of the applicationHost.config maps it)' : ''}.${ambiguity}`,
  };
}

/**
 * The hierarchy of a configuration path named by the user ("Shop/api"), for
 * the effective-configuration view: the applicationHost.config in effect (as
 * for a file at `o.fileName`, e.g. a web.config in the current folder) and
 * the web.config of the path and of every path above it, found in the
 * folders their physical paths map to. All of them are `parents`: there is no
 * analysed file.
 */
export function buildPathHierarchy(configPath: readonly string[], o: HierarchyOptions): ConfigHierarchy {
  const { choice, appHost } = chooseApplicationHost({ ...o, anyWorkspaceAppHost: true });
  const sites = appHost.file.sites;
  const entities = sites ? physicalEntities(sites) : [];
  let declarations = appHost.file.declarations;
  const parents: HierarchyFile[] = [];
  const candidates = [...(o.webConfigFolders ?? [])];
  for (let q = 1; q <= configPath.length; q++) {
    const path = configPath.slice(0, q);
    const dir = folderForConfigPath(path, entities, candidates, (f) => rootOf(f, o.workspaceRoots));
    const p = dir && findFile(o.reader, dir, 'web.config');
    const text = p ? o.reader.readFile(p) : undefined;
    if (!p || text === undefined) continue;
    const level = { ...resolveLocationPath(path.join('/'), sites), configPath: path.join('/') };
    const decls = declarations;
    const f = parsed(o.cache, p, text, [decls, sites, level.configPath], () => ({
      fileName: p, text, configPath: path, builtIn: false,
      file: buildConfigFile(parseXml(text), { fileName: p, kind: 'web', declarations: decls, sites, fileLevel: level }),
    }));
    parents.push(f);
    declarations = f.file.declarations;
  }
  const level = { ...resolveLocationPath(configPath.join('/'), sites), configPath: configPath.join('/') };
  const peer = peerReader(o, appHost, entities, candidates);
  const files = parents.length ? `; web.config files: ${parents.map((f) => f.fileName).join(', ')}` : '; no web.config of the workspace maps to it';
  return {
    choice, appHost, parents, configPath, mapped: true, fileLevel: level, sites, declarations, peer,
    applications: sites ? applicationPaths(sites) : [],
    levelReason: `${level.description.replace(/`/g, '"')} (named configuration path${files})`,
  };
}

/**
 * The hierarchy of a request path on a server whose sites do not map it (no
 * applicationHost.config, or none of its sites is the path's): the folder
 * `siteRoot` stands for the site named by the path's first segment, and the
 * web.config of each folder on the way down is a parent (the topmost an
 * application root, the others folders below it).
 */
export function buildFolderPathHierarchy(configPath: readonly string[], siteRoot: string, o: HierarchyOptions): ConfigHierarchy {
  const { choice, appHost } = chooseApplicationHost({ ...o, anyWorkspaceAppHost: true });
  const sites = appHost.file.sites;
  let declarations = appHost.file.declarations;
  const parents: HierarchyFile[] = [];
  for (let q = 1; q <= configPath.length; q++) {
    const dir = q === 1 ? siteRoot : joinPath(siteRoot, ...configPath.slice(1, q));
    const p = findFile(o.reader, dir, 'web.config');
    const text = p ? o.reader.readFile(p) : undefined;
    if (!p || text === undefined) continue;
    const level: ResolvedLevel = parents.length ? folderLevel(siteRoot, dir) : UNMAPPED_ROOT_LEVEL;
    const decls = declarations;
    const f = parsed(o.cache, p, text, [decls, sites, level.description], () => ({
      fileName: p, text, configPath: configPath.slice(0, q), builtIn: false,
      file: buildConfigFile(parseXml(text), { fileName: p, kind: 'web', declarations: decls, sites, fileLevel: level }),
    }));
    parents.push(f);
    declarations = f.file.declarations;
  }
  return {
    choice, appHost, parents, configPath, mapped: false, fileLevel: UNMAPPED_ROOT_LEVEL, sites, declarations,
    applications: [configPath.slice(0, 1)],
    levelReason: `the folder ${siteRoot} taken as the root of "${configPath[0] ?? ''}" (no site maps it)`,
  };
}

/** Reads the web.config of another configuration path (on demand, parsed once per text through the cache). */
function peerReader(o: HierarchyOptions, appHost: HierarchyFile, entities: readonly PhysicalEntity[], candidates: readonly string[]): (configPath: readonly string[]) => HierarchyFile | undefined {
  const sites = appHost.file.sites;
  return (configPath) => {
    if (!sites || !configPath.length) return undefined;
    const dir = folderForConfigPath(configPath, entities, candidates, (f) => rootOf(f, o.workspaceRoots));
    const p = dir && findFile(o.reader, dir, 'web.config');
    if (!p) return undefined;
    const text = samePath(p, o.fileName) ? undefined : o.reader.readFile(p);
    if (text === undefined) return undefined;
    const level = { ...resolveLocationPath(configPath.join('/'), sites), configPath: configPath.join('/') };
    const decls = appHost.file.declarations;
    return parsed(o.cache, p, text, [decls, sites, level.configPath], () => ({
      fileName: p, text, configPath, builtIn: false,
      file: buildConfigFile(parseXml(text), { fileName: p, kind: 'web', declarations: decls, sites, fileLevel: level }),
    }));
  };
}

/** The topmost web.config of a folder tree that no site maps: an application root, perhaps a site's. */
const UNMAPPED_ROOT_LEVEL: ResolvedLevel = {
  ...STANDALONE_WEB_CONFIG_LEVEL,
  description: 'the root of a site or application (the topmost web.config of its folder tree; no site maps its folder)',
};

function folderLevel(top: string, dir: string): ResolvedLevel {
  const rel = pathSegments(dir).slice(pathSegments(top).length).join('/');
  return { candidates: ['directory'], rest: '/' + rel, description: `folder \`${rel}\` below the application root (the topmost web.config, in folder \`${pathSegments(top).pop() ?? top}\`)` };
}

/** The folder that stands for a configuration path: its entity's physical path plus the folders below it. */
export function folderForConfigPath(path: readonly string[], entities: readonly PhysicalEntity[], candidates: readonly string[], root: (f: string) => string | undefined): string | undefined {
  let entity: PhysicalEntity | undefined;
  for (const e of entities) {
    if (isPrefixPath(e.configPath, path) && (!entity || e.configPath.length > entity.configPath.length)) entity = e;
  }
  if (!entity) return undefined;
  const extra = path.slice(entity.configPath.length);
  const physical = [...entity.physical, ...extra];
  // The folders below the entity's must match all of their own names and at least one of the entity's physical path:
  // "Site/api" is the folder api of the site's folder, not any folder named api.
  return folderForPhysical(physical, candidates, root, extra.length + 1);
}

/** Configuration paths of every application (site roots included). */
export function applicationPaths(sites: SitesModel): string[][] {
  const out: string[][] = [];
  for (const s of sites.sites) for (const a of s.applications) out.push([s.name, ...pathSegments(a.path)]);
  return out;
}

/** Segments of a location path ('' and '.' give []). */
export function locationSegments(path: string): string[] {
  return pathSegments(path);
}

export { baseName };
