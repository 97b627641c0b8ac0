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
import { layeredReader, scanFolders, type LayeredReaderOptions, type WorkspaceScan } from '../hierarchy/readers';
import { readTextFile } from './readText';

export { SCAN_SKIP, type WorkspaceScan } from '../hierarchy/readers';

export type FsReaderOptions = LayeredReaderOptions;

/** The disk: files decoded as Windows tools write them (readText.ts); anything that is not a readable file is undefined. */
export const diskReader: HierarchyReader = {
  readFile(file) {
    try { return fs.statSync(file).isFile() ? readTextFile(file).text : undefined; } catch { return undefined; }
  },
  listDirectory(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  realPath(p) {
    try { return fs.realpathSync.native(p); } catch { return undefined; }
  },
};

/** The disk with an optional overlay (open documents) and cache of reads. */
export function fsReader(options: FsReaderOptions = {}): HierarchyReader {
  return layeredReader(diskReader, options);
}

/** Find applicationHost.config and web.config files under the roots, on the disk (see scanFolders). */
export function scanWorkspace(roots: readonly string[], maxEntries = 50000): WorkspaceScan {
  return scanFolders(diskReader, roots, maxEntries);
}

/** `%windir%\System32\inetsrv\config\applicationHost.config` when this is Windows and the file is readable. */
export function machineAppHostPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return undefined;
  const windir = env.windir ?? env.WINDIR ?? env.SystemRoot ?? env.SYSTEMROOT;
  if (!windir) return undefined;
  const p = path.win32.join(windir, 'System32', 'inetsrv', 'config', 'applicationHost.config');
  try { fs.accessSync(p, fs.constants.R_OK); return p; } catch { return undefined; }
}
