/**
 * The desktop platform of the language server: files on the disk (`file:` URIs), changes reported by the client's
 * file watching, the machine's IIS schema folders and applicationHost.config.
 */
import { fileURLToPath, pathToFileURL } from 'url';
import type { FileAccess, Platform } from '../lsp/platform';
import { lspFileWatcher } from '../lsp/fileWatching';
import { diskReader } from './hierarchyIo';
import { nodeMachine } from './machine';

const files: FileAccess = {
  fileName(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try { return fileURLToPath(uri); } catch { return undefined; }
  },
  uri: (fileName) => pathToFileURL(fileName).toString(),
  key: (fileName) => (process.platform === 'win32' ? fileName.toLowerCase() : fileName),
  reader: diskReader,
  ready: () => Promise.resolve(),
};

export function nodePlatform(): Platform {
  return {
    name: 'node',
    files,
    watcher: lspFileWatcher(files),
    machine: nodeMachine,
    limitations: [],
    yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
}
