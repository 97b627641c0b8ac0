/**
 * The VS Code client, the same for the desktop and the web builds: starts the IIS Config language server for XML
 * documents named *.config (the server decides which of them are IIS configuration files) without changing their
 * language: they stay `xml`. The entries (node/extension.ts, browser/extension.ts) say how the server is reached.
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient';
import { registerClientCommands } from './commands';
import { registerCertificateCommand } from './certificateCommand';
import { registerHierarchyUi } from './hierarchy';
import { registerExplainRequest } from './explainRequest';
import { registerRewriteTestCommand } from './rewriteTestCommand';
import { registerSnippetCommand, snippetCommandFeature } from './snippets';
import type { IisConfigApi } from './api';

export interface ClientPlatform {
  readonly name: 'desktop' | 'web';
  /** The documents the server gets. */
  readonly documentSelector: NonNullable<LanguageClientOptions['documentSelector']>;
  readonly initializationOptions?: Record<string, unknown>;
  createClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient;
  serverTransport(): IisConfigApi['serverTransport'] extends () => infer T ? T : never;
  /** Called once the client is running (the web build starts sending the workspace's files). */
  started?(client: BaseLanguageClient, context: vscode.ExtensionContext): void;
}

let client: BaseLanguageClient | undefined;

export async function activateClient(context: vscode.ExtensionContext, platform: ClientPlatform): Promise<IisConfigApi> {
  const activationStart = Date.now();
  // One output channel for the extension's lifetime: Restart Language Server reuses it (a client that creates its own
  // disposes it on restart and creates another).
  const outputChannel = vscode.window.createOutputChannel('IIS Config');
  context.subscriptions.push(outputChannel);
  /** The output channels the client used, each time it (re)started: one, if restarts reuse it. */
  const used = new Set<unknown>();
  const clientOptions: LanguageClientOptions = {
    documentSelector: platform.documentSelector,
    synchronize: { configurationSection: 'iisConfig' },
    outputChannel,
    ...(platform.initializationOptions ? { initializationOptions: platform.initializationOptions } : {}),
  };
  client = platform.createClient('iisConfig', 'IIS Config', clientOptions);
  client.registerFeature(snippetCommandFeature);
  registerSnippetCommand(context);
  registerClientCommands(context, () => client);
  registerCertificateCommand(context, () => client);
  const hierarchyUi = registerHierarchyUi(context, () => client, platform.name);
  registerExplainRequest(context, () => client);
  registerRewriteTestCommand(context, () => client);
  const started = client;
  context.subscriptions.push(started.onDidChangeState((e) => { if (e.newState === State.Running) used.add(started.outputChannel); }));
  await client.start();
  used.add(client.outputChannel);
  hierarchyUi.onClientStarted(client);
  platform.started?.(client, context);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return {
    activationMs: Date.now() - activationStart,
    platform: platform.name,
    serverTransport: () => platform.serverTransport(),
    outputChannels: () => used.size,
  };
}

export async function deactivateClient(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
