/**
 * Which workspace folder a site, application or virtual directory of an
 * applicationHost.config stands for.
 *
 * A `physicalPath` names a folder on the server (`D:\sites\shop`,
 * `%SystemDrive%\inetpub\wwwroot`, `C:\Users\me\source\repos\Shop\Shop.Web`),
 * never the workspace's own path. A workspace folder stands for it when the
 * folder's path (relative to the workspace root, with the root's own name
 * first) ends with the physical path's trailing segments: compared segment by
 * segment, case-insensitively, with `\` and `/` both separators and `%VAR%`
 * left as an opaque segment. The more trailing segments agree, the better the
 * match; the best match must be unambiguous.
 *
 * Pure: works on path strings only.
 */
import type { SitesModel } from './levels';

export type EntityKind = 'site' | 'application' | 'virtualDirectory';

/** A site root, application or virtual directory with a physical path. */
export interface PhysicalEntity {
  readonly kind: EntityKind;
  /** Configuration path segments: ['Shop'], ['Shop', 'api'], ['Shop', 'api', 'media']. */
  readonly configPath: readonly string[];
  /** The physicalPath as written. */
  readonly physicalPath: string;
  /** Its segments (see {@link pathSegments}). */
  readonly physical: readonly string[];
}

/** Segments of a Windows or POSIX path: separators `\` and `/`, empty and `.` segments dropped. */
export function pathSegments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

/** Segments of a URL path inside a site ('/' gives []). */
export function urlSegments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

/** How many trailing segments two segment lists share (case-insensitive). */
export function sharedSuffix(a: readonly string[], b: readonly string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k].toLowerCase() === b[b.length - 1 - k].toLowerCase()) k++;
  return k;
}

export function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s.toLowerCase() === b[i].toLowerCase());
}

/** Is `prefix` a segment-wise prefix of `path` (case-insensitive, as IIS compares configuration paths)? */
export function isPrefixPath(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s.toLowerCase() === path[i].toLowerCase());
}

/**
 * Every site root, application and virtual directory with a physical path.
 * An application's root virtual directory ('/') stands for the application
 * itself (for the root application: the site).
 */
export function physicalEntities(sites: SitesModel): PhysicalEntity[] {
  const out: PhysicalEntity[] = [];
  for (const site of sites.sites) {
    if (!site.name) continue;
    for (const app of site.applications) {
      for (const vdir of app.virtualDirectories) {
        if (!vdir.physicalPath) continue;
        const configPath = [site.name, ...urlSegments(app.path), ...urlSegments(vdir.path)];
        const kind: EntityKind = vdir.path !== '/' ? 'virtualDirectory' : app.path === '/' ? 'site' : 'application';
        out.push({ kind, configPath, physicalPath: vdir.physicalPath, physical: pathSegments(vdir.physicalPath) });
      }
    }
  }
  return out;
}

export interface FolderMapping {
  /** The configuration path of the folder: the entity's path plus the folders below it. */
  readonly configPath: readonly string[];
  readonly entity: PhysicalEntity;
  /** The folder (an ancestor of, or the folder itself) that the entity's physical path matched. */
  readonly matchedFolder: string;
  /** Folder names between the matched folder and the folder asked about. */
  readonly rest: readonly string[];
  /** Number of trailing segments that agree. */
  readonly score: number;
}

export type MapResult =
  | { readonly kind: 'mapped'; readonly mapping: FolderMapping }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly FolderMapping[] }
  | { readonly kind: 'none' };

/**
 * The configuration path of a folder. `folder` is absolute; `root` is the
 * workspace folder holding it (undefined: compare the absolute path). The
 * folder and each ancestor up to the root are tried against every entity;
 * the match with the most agreeing trailing segments wins, provided every
 * match with that score gives the same configuration path.
 */
export function mapFolder(folder: string, root: string | undefined, entities: readonly PhysicalEntity[]): MapResult {
  const segs = comparableSegments(folder, root);
  const all = pathSegments(folder);
  const matches: FolderMapping[] = [];
  // i: how many trailing folder names are "rest" below the matched ancestor.
  for (let i = 0; i < segs.length; i++) {
    const ancestor = segs.slice(0, segs.length - i);
    const rest = segs.slice(segs.length - i);
    for (const e of entities) {
      const score = sharedSuffix(ancestor, e.physical);
      if (score === 0) continue;
      matches.push({
        configPath: [...e.configPath, ...rest], entity: e, rest, score,
        matchedFolder: joinLike(folder, all.slice(0, all.length - i)),
      });
    }
  }
  if (!matches.length) return { kind: 'none' };
  const best = Math.max(...matches.map((m) => m.score));
  const top = matches.filter((m) => m.score === best);
  const distinct = top.filter((m, i) => top.findIndex((o) => sameSegments(o.configPath, m.configPath)) === i);
  if (distinct.length > 1) return { kind: 'ambiguous', candidates: distinct };
  // Prefer the nearest folder among equal matches (the entity itself rather than an ancestor).
  const chosen = top.reduce((a, b) => (b.rest.length < a.rest.length ? b : a));
  return { kind: 'mapped', mapping: chosen };
}

/**
 * The folder among `folders` that best stands for a physical path (most
 * agreeing trailing segments, unambiguous), or undefined.
 */
export function folderForPhysical(physical: readonly string[], folders: readonly string[], root: (folder: string) => string | undefined, minScore = 1): string | undefined {
  let best = 0;
  let found: string[] = [];
  for (const f of folders) {
    const score = sharedSuffix(comparableSegments(f, root(f)), physical);
    if (score < minScore || score < best) continue;
    if (score > best) { best = score; found = []; }
    if (!found.some((x) => samePath(x, f))) found.push(f);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The folder's segments as compared with physical paths: the root's own name, then the path below it. */
export function comparableSegments(folder: string, root: string | undefined): string[] {
  const all = pathSegments(folder);
  if (root === undefined) return all;
  const r = pathSegments(root);
  if (!isPrefixPath(r, all)) return all;
  return all.slice(Math.max(0, r.length - 1));
}

export function samePath(a: string, b: string): boolean {
  return sameSegments(pathSegments(a), pathSegments(b)) && a.startsWith('/') === b.startsWith('/');
}

/** Rebuild a path from segments in the style of `like` (separator, leading slash). */
function joinLike(like: string, segs: readonly string[]): string {
  const sep = like.includes('\\') && !like.includes('/') ? '\\' : '/';
  const lead = like.startsWith('/') ? '/' : like.startsWith('\\\\') ? '\\\\' : '';
  return lead + segs.join(sep);
}
