/**
 * File-system side of the configuration hierarchy, shared by the CLI and the
 * language server: a HierarchyReader over node's fs (with an optional overlay,
 * e.g. the editor's open documents), the workspace scan for
 * applicationHost.config and web.config files, and the machine's own
 * applicationHost.config on Windows.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { HierarchyReader } from '../hierarchy/hierarchy';
import { readTextFile } from './readText';

/** Folders the scan never enters (package caches, VCS data, build output). `.vs` is entered: IIS Express lives there. */
export const SCAN_SKIP = new Set(['node_modules', '.git', 'bin', 'obj', 'packages']);

export interface FsReaderOptions {
  /** Text that wins over the disk (open documents); undefined: read the disk. */
  readonly overlay?: (file: string) => string | undefined;
  /** Cache of disk reads (cleared by the caller when files change). */
  readonly cache?: Map<string, string | undefined>;
}

export function fsReader(options: FsReaderOptions = {}): HierarchyReader {
  return {
    readFile(file) {
      const open = options.overlay?.(file);
      if (open !== undefined) return open;
      if (options.cache?.has(file)) return options.cache.get(file);
      let text: string | undefined;
      try { text = fs.statSync(file).isFile() ? readTextFile(file).text : undefined; } catch { text = undefined; }
      options.cache?.set(file, text);
      return text;
    },
    listDirectory(dir) {
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
      } catch {
        return undefined;
      }
    },
  };
}

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
export function scanWorkspace(roots: readonly string[], maxEntries = 50000): WorkspaceScan {
  const appHosts: string[] = [];
  const webConfigFolders: string[] = [];
  let seen = 0;
  let truncated = false;
  const stack = [...roots].reverse();
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      if (++seen > maxEntries) { truncated = true; break; }
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SCAN_SKIP.has(e.name.toLowerCase())) stack.push(full);
      } else if (e.isFile()) {
        const n = e.name.toLowerCase();
        if (n === 'applicationhost.config') appHosts.push(full);
        else if (n === 'web.config') webConfigFolders.push(dir);
      }
    }
    if (truncated) break;
  }
  return { appHosts: appHosts.sort(), webConfigFolders: [...new Set(webConfigFolders)].sort(), truncated, limit: maxEntries };
}

/** `%windir%\System32\inetsrv\config\applicationHost.config` when this is Windows and the file is readable. */
export function machineAppHostPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return undefined;
  const windir = env.windir ?? env.WINDIR ?? env.SystemRoot ?? env.SYSTEMROOT;
  if (!windir) return undefined;
  const p = path.win32.join(windir, 'System32', 'inetsrv', 'config', 'applicationHost.config');
  try { fs.accessSync(p, fs.constants.R_OK); return p; } catch { return undefined; }
}
