/**
 * The web entry of the extension (`browser`, VS Code for the Web: vscode.dev, github.dev, Codespaces in a browser):
 * the language server (dist/web/server.js) runs in a Web Worker, or in the extension host where workers are refused
 * (serverTransport.ts); the client sends it the workspace's configuration files (workspaceFiles.ts).
 */
import type { ExtensionContext } from 'vscode';
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/browser';
import { activateClient, deactivateClient } from '../activate';
import type { IisConfigApi } from '../api';
import { openServer, type ServerEndpoint } from './serverTransport';
import { syncWorkspaceFiles } from './workspaceFiles';

type Port = ConstructorParameters<typeof BrowserMessageReader>[0];

/** A client that opens a new server endpoint at each start and ends the previous one. */
class WebLanguageClient extends BaseLanguageClient {
  server: ServerEndpoint | undefined;
  constructor(id: string, name: string, options: LanguageClientOptions, private readonly extensionUri: ExtensionContext['extensionUri']) {
    super(id, name, options);
  }
  protected async createMessageTransports(): Promise<MessageTransports> {
    this.server?.dispose();
    this.server = await openServer(this.extensionUri, (m) => this.outputChannel.appendLine(m));
    const port = this.server.endpoint as unknown as Port;
    return { reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port) };
  }
  override async dispose(timeout?: number): Promise<void> {
    await super.dispose(timeout);
    this.server?.dispose();
  }
}

let web: WebLanguageClient | undefined;

/**
 * Also the desktop build's choice in a virtual workspace (a repository opened without a clone): there the files are
 * not on the disk either, so the same server runs in the extension host and gets the files from the client.
 */
export function activate(context: ExtensionContext): Promise<IisConfigApi> {
  return activateClient(context, {
    name: 'web',
    // Any file system (vscode-vfs, github, vscode-remote, …): the server gets the other files from the client.
    documentSelector: [{ language: 'xml', pattern: '**/*.config' }],
    initializationOptions: { workspaceFiles: true },
    createClient: (id, name, options) => (web = new WebLanguageClient(id, name, options, context.extensionUri)),
    serverTransport: () => web?.server?.kind ?? 'worker',
    started: (client, ctx) => syncWorkspaceFiles(client, ctx, (m) => client.outputChannel.appendLine(m)),
  });
}

export const deactivate = deactivateClient;
