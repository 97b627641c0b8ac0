/**
 * The chain of files a configuration path reads (applicationHost.config, then
 * the web.config files of its parents, then optionally the analysed file),
 * and which section instances of them reach a path, in IIS's merge order.
 *
 * Order (IIS's): for a path P = Site/App, the contributions are sorted by the
 * depth of the path they target, then by file from the top down, then by
 * position in the file: applicationHost.config; its <location path="Site">;
 * Site's web.config; applicationHost.config's <location path="Site/App">;
 * Site's <location path="App">; App's web.config.
 *
 * Pure: works on the parsed files of a ConfigHierarchy. Used by the analysis
 * layer's merge (analysis/inheritance.ts) and by the server model (model/).
 */
import type { ConfigHierarchy, HierarchyFile } from './hierarchy';
import { applicationPaths, locationSegments } from './hierarchy';
import { isPrefixPath } from './physicalPaths';
import { getAttribute } from '../syntax/xml';
import type { ConfigFile, LocationInfo, SectionInstance } from './configFile';

/** A file of the chain: the hierarchy's files top down, then (optionally) the analysed file. */
export interface ChainFile extends HierarchyFile {
  readonly index: number;
  /** The analysed document (related information in it has no file name). */
  readonly current: boolean;
}

/** The chain of a hierarchy, with the analysed file (if given) last. */
export function chainOf(h: ConfigHierarchy, current?: { fileName: string; text: string; file: ConfigFile }): ChainFile[] {
  const files: ChainFile[] = [h.appHost, ...h.parents].map((f, index) => ({ ...f, index, current: false }));
  if (current) files.push({ ...current, configPath: h.configPath, builtIn: false, index: files.length, current: true });
  return files;
}

export interface Contribution {
  readonly chainFile: ChainFile;
  readonly section: SectionInstance;
  /** The configuration path the section applies to. */
  readonly target: readonly string[];
}

/** The configuration path a section instance of a chain file applies to (undefined: it applies to nothing known). */
export function targetOf(h: ConfigHierarchy, chainFile: ChainFile, location: LocationInfo | undefined): readonly string[] | undefined {
  const segs = location ? segmentsOf(location) : NO_SEGMENTS;
  // An unmapped file's configuration path is not a site's: only applicationHost.config's global settings reach it.
  if (chainFile.index === 0 && !h.mapped && segs.length) return undefined;
  return [...chainFile.configPath, ...segs];
}

const NO_SEGMENTS: readonly string[] = [];
/** A location's path segments, kept per location (an incremental analysis reuses the unchanged ones). */
const locationSegmentCache = new WeakMap<LocationInfo, { readonly path: string; readonly segs: readonly string[] }>();
function segmentsOf(location: LocationInfo): readonly string[] {
  const hit = locationSegmentCache.get(location);
  if (hit && hit.path === location.path) return hit.segs;
  const segs = locationSegments(location.path);
  locationSegmentCache.set(location, { path: location.path, segs });
  return segs;
}

export function stopsAtChildApplications(location: LocationInfo | undefined): boolean {
  const a = location && getAttribute(location.element, 'inheritInChildApplications');
  return !!a && a.value.trim().toLowerCase() === 'false';
}

/** Does a contribution targeting `target` reach `at`? (inheritInChildApplications="false" stops at child applications.) */
export function reaches(h: ConfigHierarchy, location: LocationInfo | undefined, target: readonly string[], at: readonly string[]): boolean {
  if (!isPrefixPath(target, at)) return false;
  if (!stopsAtChildApplications(location) || !h.mapped) return true;
  return !h.applications.some((app) => app.length > target.length && isPrefixPath(target, app) && isPrefixPath(app, at));
}

/**
 * A file's instances of one section path by their location's lower-case path segments joined with '/' ('' for the
 * file's own level): built once per file and section path, and kept from one version of the file to the next while no
 * instance of that path came, went or changed (keyed by the file's version token of the path), so that every chain
 * through a large applicationHost.config (each web.config's analysis makes its own) asks the same index, and an edit
 * of the file indexes again only the path it changed.
 */
const pathIndexes = new WeakMap<object, Map<string, SectionInstance[]>>();

/** Instances indexed (a complexity test asks). */
export const chainCounters = { indexed: 0 };

function pathIndexOf(file: ConfigFile, sectionPath: string): Map<string, SectionInstance[]> {
  const token = file.versions.of(sectionPath);
  const hit = pathIndexes.get(token);
  if (hit) return hit;
  const byTarget = new Map<string, SectionInstance[]>();
  for (const section of file.sections) {
    if (section.path !== sectionPath) continue;
    chainCounters.indexed++;
    const segs = section.location ? segmentsOf(section.location) : NO_SEGMENTS;
    const key = segs.length ? segs.join('/').toLowerCase() : '';
    const list = byTarget.get(key);
    if (list) list.push(section); else byTarget.set(key, [section]);
  }
  pathIndexes.set(token, byTarget);
  return byTarget;
}

/**
 * A file's instances of one section path by their location's lower-case path segments joined with '/' ('' for the
 * file's own level and for a location whose path names no segment), each list in document order: the index
 * `contributionsAt` uses, kept per file version and path.
 */
export function instancesByLocation(file: ConfigFile, sectionPath: string): ReadonlyMap<string, readonly SectionInstance[]> {
  return pathIndexOf(file, sectionPath);
}

/**
 * The contributions to `sectionPath` that reach configuration path `at`, in
 * merge order. `include` filters chain files and instances. Each file's
 * sections are indexed by target path once per file model, so asking for many
 * paths of a large applicationHost.config stays linear: each question looks up
 * the prefixes of `at` below each file's own path.
 */
export function contributionsAt(
  h: ConfigHierarchy, chain: readonly ChainFile[], sectionPath: string, at: readonly string[],
  include: (c: Contribution) => boolean = () => true,
): Contribution[] {
  const out: Contribution[] = [];
  for (const chainFile of chain) {
    const byTarget = pathIndexOf(chainFile.file, sectionPath);
    if (!byTarget.size) continue;
    const base = chainFile.configPath;
    if (!isPrefixPath(base, at)) continue;
    // An unmapped file's configuration path is not a site's: only applicationHost.config's global settings reach it.
    const deepest = chainFile.index === 0 && !h.mapped ? base.length : at.length;
    let key = '';
    for (let i = base.length; i <= deepest; i++) {
      if (i > base.length) key = i === base.length + 1 ? at[base.length].toLowerCase() : `${key}/${at[i - 1].toLowerCase()}`;
      const list = byTarget.get(key);
      if (!list) continue;
      for (const section of list) {
        const target = targetOf(h, chainFile, section.location);
        if (!target) continue;
        const c = { chainFile, section, target };
        if (reaches(h, section.location, target, at) && include(c)) out.push(c);
      }
    }
  }
  return out.length < 2 ? out : out.sort((a, b) => a.target.length - b.target.length || a.chainFile.index - b.chainFile.index || a.section.element.start - b.section.element.start);
}

/**
 * The hierarchy of an applicationHost.config read on its own (analysed as the
 * current document, or named by the user): its sites give the applications,
 * every location path of it is mapped.
 */
export function appHostHierarchy(appHost: HierarchyFile): ConfigHierarchy {
  const sites = appHost.file.sites;
  return {
    choice: { source: 'cli', path: appHost.fileName, reason: 'the applicationHost.config itself', inWorkspace: false },
    appHost, parents: [], configPath: [], mapped: true, fileLevel: appHost.file.fileLevel,
    levelReason: 'server level', sites, declarations: appHost.file.declarations,
    applications: sites ? applicationPaths(sites) : [],
  };
}
