/**
 * Configuration levels: server, site, application, virtual directory and
 * (physical) directory, and how a `<location path>` resolves to one of them.
 *
 * Resolution follows the IIS model: the first segment of a location path is a
 * site name; the rest is a URL inside the site, matched against the site's
 * applications and then the application's virtual directories by longest
 * segment prefix, case-insensitively (as IIS compares paths). When the sites
 * are not known (no <sites> section in reach), a one-segment path is a site
 * and anything deeper is "below the site", without telling which kind.
 */
import { XmlElement, XmlAttribute, getAttribute, childElements } from '../syntax/xml';
import { trimChars, trimEndChars } from '../util/strings';

export type LevelKind = 'server' | 'site' | 'application' | 'virtualDirectory' | 'directory';

export const LEVEL_ORDER: readonly LevelKind[] = ['server', 'site', 'application', 'virtualDirectory', 'directory'];

export const LEVEL_LABEL: Record<LevelKind, string> = {
  server: 'server',
  site: 'site',
  application: 'application',
  virtualDirectory: 'virtual directory',
  directory: 'directory',
};

export interface VirtualDirectoryInfo {
  readonly path: string;
  readonly physicalPath: string | undefined;
  readonly element: XmlElement;
}

export interface ApplicationInfo {
  readonly path: string;
  readonly element: XmlElement;
  readonly virtualDirectories: VirtualDirectoryInfo[];
}

export interface SiteInfo {
  readonly name: string;
  readonly element: XmlElement;
  readonly nameAttribute: XmlAttribute | undefined;
  readonly applications: ApplicationInfo[];
}

/** The sites of an applicationHost.config, as far as they could be read. */
export interface SitesModel {
  readonly sites: SiteInfo[];
  /** The <sites> element they were read from. */
  readonly element: XmlElement;
  /** The file they were read from (undefined: the document being analysed). */
  readonly file?: string;
}

export interface ResolvedLevel {
  /**
   * The kinds this position may be. One entry when known; several when the
   * information needed to tell them apart is missing (e.g. no <sites>).
   */
  readonly candidates: readonly LevelKind[];
  readonly site?: string;
  /** Application path inside the site ('/' is the root application). */
  readonly application?: string;
  readonly virtualDirectory?: string;
  /** Remaining URL below the matched application / virtual directory. */
  readonly rest?: string;
  /** The location path names a site that the known <sites> do not have. */
  readonly unknownSite?: boolean;
  /** Plain-words description, e.g. "application `/Sub-Application` of site `Shop`". */
  readonly description: string;
  /**
   * The configuration path this level stands for ("Shop/api", '' for the
   * server), when known: set for a web.config whose place in the hierarchy
   * was decided (see hierarchy/hierarchy.ts), so its location paths resolve
   * against the sites too.
   */
  readonly configPath?: string;
}

export const SERVER_LEVEL: ResolvedLevel = { candidates: ['server'], description: 'server level (global configuration)' };

/**
 * Read the sites, applications and virtual directories of a <sites> element. `reuse` (incremental analysis): the
 * model of the previous version and the elements whose subtrees changed since; a `<site>` element outside them keeps
 * its previous SiteInfo.
 */
export function readSites(sitesElement: XmlElement, file?: string, reuse?: { readonly prev: SitesModel; readonly changed: ReadonlySet<XmlElement> }): SitesModel {
  const sites: SiteInfo[] = [];
  let old: Map<XmlElement, SiteInfo> | undefined;
  if (reuse) {
    old = new Map();
    for (const s of reuse.prev.sites) old.set(s.element, s);
  }
  for (const siteEl of childElements(sitesElement)) {
    if (siteEl.name !== 'site') continue;
    const was = old && !reuse!.changed.has(siteEl) ? old.get(siteEl) : undefined;
    sites.push(was ?? readSite(siteEl));
  }
  return { sites, element: sitesElement, file };
}

function readSite(siteEl: XmlElement): SiteInfo {
  const nameAttribute = getAttribute(siteEl, 'name');
  const applications: ApplicationInfo[] = [];
  for (const appEl of childElements(siteEl)) {
    if (appEl.name !== 'application') continue;
    const vdirs: VirtualDirectoryInfo[] = [];
    for (const vEl of childElements(appEl)) {
      if (vEl.name !== 'virtualDirectory') continue;
      vdirs.push({ path: normalizeUrlPath(getAttribute(vEl, 'path')?.value ?? '/'), physicalPath: getAttribute(vEl, 'physicalPath')?.value, element: vEl });
    }
    applications.push({ path: normalizeUrlPath(getAttribute(appEl, 'path')?.value ?? '/'), element: appEl, virtualDirectories: vdirs });
  }
  return { name: nameAttribute?.value ?? '', element: siteEl, nameAttribute, applications };
}

/** '/A/b/' -> '/A/b'; '' -> '/'; backslashes are treated as slashes. */
export function normalizeUrlPath(p: string): string {
  let s = p.replace(/\\/g, '/').trim();
  if (!s.startsWith('/')) s = '/' + s;
  s = s.replace(/\/+/g, '/');
  if (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/** Is `prefix` a segment-wise prefix of `path` (case-insensitive)? Both normalised. */
function isSegmentPrefix(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  const p = prefix.toLowerCase(), q = path.toLowerCase();
  return q === p || q.startsWith(p + '/');
}

/** Split a location path into site name and URL inside the site. */
export function splitLocationPath(path: string): { site: string; url: string } | undefined {
  const p = trimChars(path.replace(/\\/g, '/'), '/');
  if (p === '' || p === '.') return undefined;
  const slash = p.indexOf('/');
  if (slash < 0) return { site: p, url: '/' };
  return { site: p.slice(0, slash), url: normalizeUrlPath(p.slice(slash)) };
}

/** Sites by lower-case name (the first of a name wins), built once per model: a hosting server has thousands of sites. */
const siteIndexes = new WeakMap<SitesModel, { readonly count: number; readonly byName: Map<string, SiteInfo> }>();

export function findSite(model: SitesModel, name: string): SiteInfo | undefined {
  let index = siteIndexes.get(model);
  if (!index || index.count !== model.sites.length) {
    const byName = new Map<string, SiteInfo>();
    for (const s of model.sites) {
      const key = s.name.toLowerCase();
      if (!byName.has(key)) byName.set(key, s);
    }
    index = { count: model.sites.length, byName };
    siteIndexes.set(model, index);
  }
  return index.byName.get(name.toLowerCase());
}

/**
 * Resolve a `<location path>` of applicationHost.config (or the configuration
 * path of a web.config) to a level.
 */
export function resolveLocationPath(path: string, sites: SitesModel | undefined): ResolvedLevel {
  const split = splitLocationPath(path);
  if (!split) return SERVER_LEVEL;
  const { site, url } = split;
  if (!sites) {
    if (url === '/') return { candidates: ['site'], site, description: `site \`${site}\`` };
    return {
      candidates: ['application', 'virtualDirectory', 'directory'], site, rest: url,
      description: `\`${url}\` below site \`${site}\` (an application, virtual directory or folder: no <sites> definition is in reach to tell which)`,
    };
  }
  const siteInfo = findSite(sites, site);
  if (!siteInfo) {
    const guess: LevelKind[] = url === '/' ? ['site'] : ['application', 'virtualDirectory', 'directory'];
    return { candidates: guess, site, rest: url, unknownSite: true, description: `\`${path}\`, which names no site defined in <sites>` };
  }
  const siteName = siteInfo.name;
  let app: ApplicationInfo | undefined;
  for (const a of siteInfo.applications) {
    if (isSegmentPrefix(a.path, url) && (!app || a.path.length > app.path.length)) app = a;
  }
  if (!app) {
    // A site without a root application: treat the site root as the only application.
    if (url === '/') return { candidates: ['site'], site: siteName, application: '/', description: `site \`${siteName}\`` };
    return { candidates: ['directory'], site: siteName, rest: url, description: `folder \`${url}\` of site \`${siteName}\`` };
  }
  if (url.toLowerCase() === app.path.toLowerCase()) {
    if (app.path === '/') return { candidates: ['site'], site: siteName, application: '/', description: `site \`${siteName}\`` };
    return { candidates: ['application'], site: siteName, application: app.path, description: `application \`${app.path}\` of site \`${siteName}\`` };
  }
  const rel = app.path === '/' ? url : normalizeUrlPath(url.slice(app.path.length));
  let vdir: VirtualDirectoryInfo | undefined;
  for (const v of app.virtualDirectories) {
    if (isSegmentPrefix(v.path, rel) && (!vdir || v.path.length > vdir.path.length)) vdir = v;
  }
  const appDesc = app.path === '/' ? `site \`${siteName}\`` : `application \`${app.path}\` of site \`${siteName}\``;
  if (vdir && vdir.path !== '/' && rel.toLowerCase() === vdir.path.toLowerCase()) {
    return { candidates: ['virtualDirectory'], site: siteName, application: app.path, virtualDirectory: vdir.path, description: `virtual directory \`${vdir.path}\` of ${appDesc}` };
  }
  return {
    candidates: ['directory'], site: siteName, application: app.path, virtualDirectory: vdir?.path, rest: rel,
    description: `folder or file \`${rel}\` of ${appDesc}`,
  };
}

/**
 * The level of a location path inside a web.config, relative to the level of
 * the web.config itself. '' and '.' mean the file's own level.
 */
export function resolveRelativeLocation(fileLevel: ResolvedLevel, path: string, sites?: SitesModel): ResolvedLevel {
  const p = trimEndChars(path.replace(/\\/g, '/').replace(/^\.?\/*/, ''), '/');
  if (p === '' || p === '.') return fileLevel;
  // A web.config whose configuration path is known: its location paths resolve like applicationHost.config's.
  if (sites && fileLevel.configPath) return resolveLocationPath(`${fileLevel.configPath}/${p}`, sites);
  return {
    candidates: ['application', 'virtualDirectory', 'directory'], site: fileLevel.site, rest: '/' + p,
    description: `\`${p}\` below this web.config's folder (an application, virtual directory or folder)`,
  };
}

/** The level of a web.config read on its own: an application root that may be a site's root. */
export const STANDALONE_WEB_CONFIG_LEVEL: ResolvedLevel = {
  candidates: ['site', 'application'],
  description: 'the root of a site or application (this web.config is read on its own)',
};

/** "server, site and application" (or with 'or'). */
export function describeLevels(levels: readonly LevelKind[], conjunction: 'and' | 'or' = 'and'): string {
  const words = LEVEL_ORDER.filter((l) => levels.includes(l)).map((l) => LEVEL_LABEL[l]);
  if (words.length <= 1) return words.join('');
  return words.slice(0, -1).join(', ') + ` ${conjunction} ` + words[words.length - 1];
}
