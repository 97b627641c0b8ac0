/**
 * The browser platform of the language server (VS Code for the Web: vscode.dev, github.dev, Codespaces in the
 * browser). It cannot read files: the VS Code client finds the workspace's web.config and applicationHost.config files
 * through `vscode.workspace.fs` (any URI scheme: `vscode-vfs://`, `github`, `vscode-remote://`, …) and sends them with
 * `iisConfig/workspaceFiles`, keeping them current; the server keeps them in memory. A document URI's file name for the
 * hierarchy is its path (`vscode-vfs://github/owner/repo/site/web.config` → `/owner/repo/site/web.config`).
 *
 * Desktop only, and said so: the machine's applicationHost.config and IIS schema folders (there is no machine), and the
 * schema folders of `iisConfig.schemaPaths`.
 */
import type { FileAccess, FileChange, FileWatcher, Platform } from '../lsp/platform';
import { MemoryFiles } from '../lsp/memoryFiles';
import { WORKSPACE_FILES_NOTIFICATION, type IisConfigInitializationOptions, type WorkspaceFilesParams } from '../lsp/protocol';

/** How long the server waits for the client's first `iisConfig/workspaceFiles` before it analyses without them. */
const FIRST_FILES_TIMEOUT_MS = 15000;

const URI = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?/;

/** Maps URIs to file names (their decoded paths) and back, remembering the scheme and authority of each root. */
export class UriFileNames {
  /** Scheme + authority of the workspace folders (and of files seen), by the folder's file name, longest first. */
  private bases: Array<{ readonly root: string; readonly base: string }> = [];
  /** The URI each known file name came from, so it goes back unchanged. */
  private readonly original = new Map<string, string>();

  addRoot(uri: string): string | undefined {
    const m = URI.exec(uri);
    if (!m) return undefined;
    const root = decodePath(m[2] ?? '/');
    if (!this.bases.some((b) => b.root === root && b.base === m[1])) {
      this.bases.push({ root, base: m[1] });
      this.bases.sort((a, b) => b.root.length - a.root.length);
    }
    return root;
  }

  fileName(uri: string): string | undefined {
    const m = URI.exec(uri);
    if (!m || /^untitled:/i.test(uri)) return undefined;
    const name = decodePath(m[2] ?? '/');
    if (!this.original.has(name)) this.original.set(name, uri);
    if (!this.bases.some((b) => b.base === m[1])) this.bases.push({ root: '/', base: m[1] });
    return name;
  }

  uri(fileName: string): string {
    const known = this.original.get(fileName);
    if (known) return known;
    const slashed = fileName.replace(/\\/g, '/');
    const base = this.bases.find((b) => slashed === b.root || slashed.startsWith(b.root.endsWith('/') ? b.root : `${b.root}/`))?.base
      ?? this.bases[0]?.base ?? 'file://';
    return base + slashed.split('/').map(encodeURIComponent).join('/');
  }

  forget(fileName: string): void { this.original.delete(fileName); }
}

function decodePath(p: string): string {
  try { return decodeURIComponent(p); } catch { return p; }
}

/** Resolves `yieldNow` through a message channel: unlike `setTimeout(0)`, it is not clamped to 4 ms when nested. */
function messageChannelYield(): () => Promise<void> {
  if (typeof MessageChannel === 'undefined') return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  interface Port { onmessage: ((event: unknown) => void) | null; postMessage(message: unknown): void; unref?(): void }
  const channel = new MessageChannel() as unknown as { port1: Port; port2: Port };
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  channel.port1.unref?.(); // in Node (tests), an idle channel does not keep the process alive
  return () => new Promise<void>((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });
}

export function browserPlatform(): Platform {
  const names = new UriFileNames();
  const memory = new MemoryFiles();
  let release: () => void = () => undefined;
  let ready: Promise<void> = Promise.resolve();

  const files: FileAccess = {
    fileName: (uri) => names.fileName(uri),
    uri: (fileName) => names.uri(fileName),
    key: (fileName) => fileName,
    reader: memory,
    ready: () => ready,
  };

  const watcher: FileWatcher = {
    register(ctx, onChange) {
      ctx.connection.onNotification(WORKSPACE_FILES_NOTIFICATION, (params: WorkspaceFilesParams) => {
        try {
          const changes: FileChange[] = [];
          for (const uri of params.deleted ?? []) {
            const name = names.fileName(uri);
            if (!name) continue;
            for (const file of memory.delete(name)) { names.forget(file); changes.push({ file, type: 'deleted' }); }
          }
          for (const f of params.changed ?? []) {
            const name = names.fileName(f.uri);
            if (!name || typeof f.text !== 'string') continue;
            const existed = memory.readFile(name) !== undefined;
            memory.set(name, f.text);
            changes.push({ file: name, type: existed ? 'changed' : 'created' });
          }
          if (changes.length) onChange(changes);
        } catch (error) {
          ctx.logFailure('workspaceFiles', error);
        } finally {
          if (params.initial) release();
        }
      });
    },
  };

  return {
    name: 'browser',
    files,
    watcher,
    machine: { schemaFolders: () => [], appHostPath: () => undefined, homeDir: () => undefined },
    limitations: [
      'the machine\'s applicationHost.config and IIS schema folders are not read (desktop only), nor the folders of iisConfig.schemaPaths;',
      'workspace files come from the editor (iisConfig/workspaceFiles).',
    ],
    initialize(params) {
      for (const f of params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : [])) names.addRoot(f.uri);
      if ((params.initializationOptions as IisConfigInitializationOptions | undefined)?.workspaceFiles) {
        ready = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FIRST_FILES_TIMEOUT_MS);
          release = () => { clearTimeout(timer); resolve(); };
        });
      }
    },
    yieldNow: messageChannelYield(),
  };
}
