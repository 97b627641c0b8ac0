/**
 * Readers of the configuration hierarchy, whatever holds the files (the disk
 * for the CLI and the desktop server, the client's copy of the workspace in
 * the browser): a reader with open documents over it and a cache of reads,
 * and the scan that finds every applicationHost.config and every folder
 * holding a web.config (any case), walked iteratively.
 */
import { joinPath, type HierarchyReader } from './hierarchy';

/** Folders the scan never enters (package caches, VCS data, build output). `.vs` is entered: IIS Express lives there. */
export const SCAN_SKIP = new Set(['node_modules', '.git', 'bin', 'obj', 'packages']);

export interface WorkspaceScan {
  /** applicationHost.config files (any case), sorted. */
  readonly appHosts: string[];
  /** Folders that hold a web.config (any case), sorted. */
  readonly webConfigFolders: string[];
  /** The scan stopped at `limit` entries (files and folders looked at). */
  readonly truncated: boolean;
  readonly limit: number;
}

/** Find applicationHost.config and web.config files under the roots (iteratively; at most `maxEntries` entries looked at). */
export function scanFolders(reader: Pick<HierarchyReader, 'listDirectory'>, roots: readonly string[], maxEntries = 50000): WorkspaceScan {
  const appHosts: string[] = [];
  const webConfigFolders: string[] = [];
  let seen = 0;
  let truncated = false;
  const stack = [...roots].reverse();
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = reader.listDirectory(dir);
    if (!entries) continue;
    for (const e of entries) {
      if (++seen > maxEntries) { truncated = true; break; }
      if (e.directory) {
        if (!SCAN_SKIP.has(e.name.toLowerCase())) stack.push(joinPath(dir, e.name));
        continue;
      }
      const n = e.name.toLowerCase();
      if (n === 'applicationhost.config') appHosts.push(joinPath(dir, e.name));
      else if (n === 'web.config') webConfigFolders.push(dir);
    }
    if (truncated) break;
  }
  return { appHosts: appHosts.sort(), webConfigFolders: [...new Set(webConfigFolders)].sort(), truncated, limit: maxEntries };
}

export interface LayeredReaderOptions {
  /** Text that wins over the base reader (open documents); undefined: read the base. */
  readonly overlay?: (file: string) => string | undefined;
  /** Cache of the base's reads (cleared by the caller when files change). */
  readonly cache?: Map<string, string | undefined>;
}

/** A reader that answers from the overlay first, then from the cache, then from the base reader (caching it). */
export function layeredReader(base: HierarchyReader, options: LayeredReaderOptions = {}): HierarchyReader {
  return {
    readFile(file) {
      const open = options.overlay?.(file);
      if (open !== undefined) return open;
      if (options.cache?.has(file)) return options.cache.get(file);
      const text = base.readFile(file);
      options.cache?.set(file, text);
      return text;
    },
    listDirectory: (dir) => base.listDirectory(dir),
    ...(base.realPath ? { realPath: (p: string) => base.realPath!(p) } : {}),
  };
}
