/** The desktop entry of the extension (`main`): the language server runs as a Node process, reached over IPC. */
import * as path from 'path';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateClient, deactivateClient } from '../activate';
import { activate as activateWeb } from '../browser/extension';
import type { IisConfigApi } from '../api';

export function serverModulePath(extensionPath: string): string {
  const bundled = path.join(extensionPath, 'dist', 'server.js');
  return fs.existsSync(bundled) ? bundled : path.join(extensionPath, 'out', 'server', 'src', 'node', 'main.js');
}

export function activate(context: vscode.ExtensionContext): Promise<IisConfigApi> {
  // A virtual workspace (e.g. a GitHub repository opened without a clone): no files on the disk to read, so the web
  // build's server runs in this extension host, fed with the workspace's files through vscode.workspace.fs.
  if (vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme !== 'file')) return activateWeb(context);
  const module = serverModulePath(context.extensionPath);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  return activateClient(context, {
    name: 'desktop',
    // The desktop server reads the configuration hierarchy from the disk: files only.
    documentSelector: [{ scheme: 'file', language: 'xml', pattern: '**/*.config' }],
    createClient: (id, name, options) => new LanguageClient(id, name, serverOptions, options),
    serverTransport: () => 'ipc',
  });
}

export const deactivate = deactivateClient;
