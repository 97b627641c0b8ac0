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

/** Contributions by section path, then by lower-case target path: built once per chain (and hierarchy). */
interface ChainIndex {
  readonly h: ConfigHierarchy;
  readonly bySection: Map<string, Map<string, Contribution[]>>;
}

const chainIndexes = new WeakMap<readonly ChainFile[], ChainIndex>();

function indexOf(h: ConfigHierarchy, chain: readonly ChainFile[]): ChainIndex {
  const hit = chainIndexes.get(chain);
  if (hit && hit.h === h) return hit;
  const bySection = new Map<string, Map<string, Contribution[]>>();
  for (const chainFile of chain) {
    for (const section of chainFile.file.sections) {
      const target = targetOf(h, chainFile, section.location);
      if (!target) continue;
      let byTarget = bySection.get(section.path);
      if (!byTarget) bySection.set(section.path, (byTarget = new Map()));
      const key = target.length ? target.join('/').toLowerCase() : '';
      const c = { chainFile, section, target };
      const list = byTarget.get(key);
      if (list) list.push(c); else byTarget.set(key, [c]);
    }
  }
  const index = { h, bySection };
  chainIndexes.set(chain, index);
  return index;
}

/**
 * The contributions to `sectionPath` that reach configuration path `at`, in
 * merge order. `include` filters chain files and instances. The chain's
 * sections are indexed by target path on first use (one pass), so asking for
 * many paths of a large applicationHost.config stays linear: each question
 * looks up the prefixes of `at`.
 */
export function contributionsAt(
  h: ConfigHierarchy, chain: readonly ChainFile[], sectionPath: string, at: readonly string[],
  include: (c: Contribution) => boolean = () => true,
): Contribution[] {
  const byTarget = indexOf(h, chain).bySection.get(sectionPath);
  if (!byTarget) return [];
  const out: Contribution[] = [];
  let key = '';
  for (let i = 0; i <= at.length; i++) {
    if (i > 0) key = i === 1 ? at[0].toLowerCase() : `${key}/${at[i - 1].toLowerCase()}`;
    const list = byTarget.get(key);
    if (!list) continue;
    for (const c of list) if (reaches(h, c.section.location, c.target, at) && include(c)) out.push(c);
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
