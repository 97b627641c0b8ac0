/**
 * The VS Code client: starts the IIS Config language server for XML documents
 * named *.config (the server decides which of them are IIS configuration
 * files) without changing their language: they stay `xml`.
 */
import * as path from 'path';
import * as fs from 'fs';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerClientCommands } from './commands';
import { registerCertificateCommand } from './certificateCommand';
import { registerHierarchyUi } from './hierarchy';
import { registerRewriteTestCommand } from './rewriteTestCommand';
import { registerSnippetCommand, snippetCommandFeature } from './snippets';
import type { IisConfigApi } from './api';

let client: LanguageClient | undefined;

export function serverModulePath(extensionPath: string): string {
  const bundled = path.join(extensionPath, 'dist', 'server.js');
  return fs.existsSync(bundled) ? bundled : path.join(extensionPath, 'out', 'server', 'src', 'lsp', 'main.js');
}

export async function activate(context: ExtensionContext): Promise<IisConfigApi> {
  const activationStart = Date.now();
  const module = serverModulePath(context.extensionPath);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'xml', pattern: '**/*.config' }],
    synchronize: { configurationSection: 'iisConfig' },
  };
  client = new LanguageClient('iisConfig', 'IIS Config', serverOptions, clientOptions);
  client.registerFeature(snippetCommandFeature);
  registerSnippetCommand(context);
  registerClientCommands(context, () => client);
  registerCertificateCommand(context, () => client);
  const hierarchyUi = registerHierarchyUi(context, () => client);
  registerRewriteTestCommand(context, () => client);
  await client.start();
  hierarchyUi.onClientStarted(client);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return { activationMs: Date.now() - activationStart };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
