/**
 * The web build's view of the workspace for its server, which cannot read files: every web.config and
 * applicationHost.config (any case) of the workspace folders, found and read through `vscode.workspace.fs` (any file
 * system: `vscode-vfs://` and `github` repositories, `vscode-remote://`, …), plus the file the setting
 * `iisConfig.applicationHostPath` names, sent with `iisConfig/workspaceFiles` and kept current as files are created,
 * changed and deleted (file watcher, saves, file operations, workspace folders, the setting).
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import { WORKSPACE_FILES_NOTIFICATION, type WorkspaceFilesParams } from '../../../server/src/lsp/protocol';
import { decodeBytes } from '../../../server/src/util/text';

/** Folders the walk never enters, as the desktop server's scan (`.vs` is entered: IIS Express lives there). */
const SKIP = new Set(['node_modules', '.git', 'bin', 'obj', 'packages']);
/** At most this many directory entries are looked at, as the desktop scan. */
const MAX_ENTRIES = 50000;

function isHierarchyFile(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
  return name === 'web.config' || name === 'applicationhost.config';
}

/** The file `iisConfig.applicationHostPath` names for a folder, when it is inside the folder's file system. */
function configuredAppHost(folder: vscode.WorkspaceFolder): vscode.Uri | undefined {
  const value = vscode.workspace.getConfiguration('iisConfig', folder.uri).get<string>('applicationHostPath')?.trim();
  if (!value) return undefined;
  const p = value.replace(/\$\{workspaceFolder\}/g, '').replace(/\\/g, '/');
  if (/^[a-zA-Z]:\//.test(p) || p.startsWith('~')) return undefined; // a path on a machine: desktop only
  if (value.includes('${workspaceFolder}') || !p.startsWith('/')) return vscode.Uri.joinPath(folder.uri, p);
  return folder.uri.with({ path: p });
}

export function syncWorkspaceFiles(client: BaseLanguageClient, context: vscode.ExtensionContext, log: (message: string) => void): void {
  const extra = new Set<string>(); // configured files that are not named like hierarchy files
  const read = async (uri: vscode.Uri): Promise<{ uri: string; text: string } | undefined> => {
    try { return { uri: uri.toString(), text: decodeBytes(await vscode.workspace.fs.readFile(uri)).text }; } catch { return undefined; }
  };
  const send = (params: WorkspaceFilesParams) => client.sendNotification(WORKSPACE_FILES_NOTIFICATION, params).catch(() => undefined);

  /**
   * The hierarchy files under a folder, by walking it with vscode.workspace.fs (findFiles needs a search provider,
   * which not every file system has in a web extension host, and it honours search.exclude, which may hide `.vs`).
   */
  const walk = async (root: vscode.Uri): Promise<vscode.Uri[]> => {
    const found: vscode.Uri[] = [];
    let seen = 0, level = [root];
    while (level.length && seen < MAX_ENTRIES) {
      const next: vscode.Uri[] = [];
      const listings = await Promise.all(level.map((dir) => Promise.resolve(vscode.workspace.fs.readDirectory(dir)).then((e) => ({ dir, entries: e }), () => ({ dir, entries: [] as [string, vscode.FileType][] }))));
      for (const { dir, entries } of listings) {
        for (const [name, type] of entries) {
          if (++seen > MAX_ENTRIES) { log(`[iis-config] stopped looking for configuration files after ${MAX_ENTRIES} entries`); break; }
          const uri = vscode.Uri.joinPath(dir, name);
          if (type & vscode.FileType.Directory) { if (!(type & vscode.FileType.SymbolicLink) && !SKIP.has(name.toLowerCase())) next.push(uri); }
          else if (isHierarchyFile(uri)) found.push(uri);
        }
      }
      level = next;
    }
    return found;
  };

  const scan = async (folders: readonly vscode.WorkspaceFolder[]): Promise<Array<{ uri: string; text: string }>> => {
    const uris: vscode.Uri[] = [];
    for (const folder of folders) {
      uris.push(...await walk(folder.uri));
      const configured = configuredAppHost(folder);
      if (configured) { uris.push(configured); extra.add(configured.toString()); }
    }
    const unique = [...new Map(uris.map((u) => [u.toString(), u])).values()];
    return (await Promise.all(unique.map(read))).filter((f): f is { uri: string; text: string } => !!f);
  };

  const changed = async (uri: vscode.Uri) => {
    if (!isHierarchyFile(uri) && !extra.has(uri.toString())) return;
    const file = await read(uri);
    if (file) await send({ changed: [file] });
  };
  // A deleted path may be a folder: the server drops every file below it.
  const deleted = (uri: vscode.Uri) => send({ deleted: [uri.toString()] });

  // The first, complete set; again for each new server (Restart Language Server), which starts empty.
  const sendAll = async () => {
    const files = await scan(vscode.workspace.workspaceFolders ?? []);
    log(`[iis-config] sent ${files.length} configuration file(s) of the workspace to the language server`);
    await send({ changed: files, initial: true });
  };
  void sendAll();
  context.subscriptions.push(client.onDidChangeState((e) => { if (e.newState === State.Running) void sendAll(); }));

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.config');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(deleted),
    // Not every file system reports changes to watchers: saves and file operations made in the editor, too.
    vscode.workspace.onDidSaveTextDocument((d) => void changed(d.uri)),
    vscode.workspace.onDidCreateFiles((e) => { for (const u of e.files) void changed(u); }),
    vscode.workspace.onDidDeleteFiles((e) => { for (const u of e.files) void deleted(u); }),
    vscode.workspace.onDidRenameFiles((e) => { for (const f of e.files) { void deleted(f.oldUri); void changed(f.newUri); } }),
    vscode.workspace.onDidChangeWorkspaceFolders(async (e) => {
      if (e.removed.length) await send({ deleted: e.removed.map((f) => f.uri.toString()) });
      if (e.added.length) await send({ changed: await scan(e.added) });
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('iisConfig.applicationHostPath')) return;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const configured = configuredAppHost(folder);
        if (configured) { extra.add(configured.toString()); await changed(configured); }
      }
    }),
  );
}
