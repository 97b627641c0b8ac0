/**
 * How the web extension reaches its language server (dist/web/server.js):
 *
 * - a Web Worker, where the extension host allows one (vscode.dev, github.dev);
 * - else the same file evaluated in the extension host itself, speaking LSP over a MessageChannel
 *   (code-server's web-worker extension host refuses a nested `new Worker()` for extensions it serves:
 *   "Creating workers from remote extensions is currently not supported").
 *
 * Each start gets a new endpoint, and the previous one is ended (Restart Language Server).
 */
import * as vscode from 'vscode';

/** The part of Worker and MessagePort that the LSP message reader and writer use. */
export interface Endpoint {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  onmessage: ((event: unknown) => void) | null;
}

export interface ServerEndpoint {
  readonly endpoint: Endpoint;
  readonly kind: 'worker' | 'messageChannel';
  dispose(): void;
}

declare const Worker: { new(url: string, options?: { name?: string }): Endpoint & { terminate(): void } };
declare const MessageChannel: { new(): { port1: Endpoint & { close(): void }; port2: Endpoint & { close(): void } } };

export async function openServer(extensionUri: vscode.Uri, log: (message: string) => void): Promise<ServerEndpoint> {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'server.js');
  try {
    const worker = new Worker(script.toString(true), { name: 'IIS Config language server' });
    return { endpoint: worker, kind: 'worker', dispose: () => worker.terminate() };
  } catch (error) {
    log(`[iis-config] the language server runs in the extension host (no Web Worker here: ${error instanceof Error ? error.message : String(error)})`);
  }
  const code = new TextDecoder().decode(await vscode.workspace.fs.readFile(script));
  const { port1, port2 } = new MessageChannel();
  // The bundle serves `iisConfigEndpoint` when it is given (browser/main.ts), its worker scope otherwise.
  new Function('iisConfigEndpoint', code)(port2);
  return { endpoint: port1, kind: 'messageChannel', dispose: () => { port1.close(); port2.close(); } };
}
