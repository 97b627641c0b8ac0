/**
 * What the extension's activate() returns (`vscode.extensions.getExtension('iis-config.iis-config').exports`).
 * Tests and other extensions read it; keep it small and backwards compatible.
 */
export interface IisConfigApi {
  /** Milliseconds activate() took, from its first line until the language server answered `initialize`. */
  readonly activationMs: number;
  /** Which build runs: the desktop one (a Node server process) or the web one (VS Code for the Web). */
  readonly platform: 'desktop' | 'web';
  /** How the client reaches the server: IPC with a Node process, a Web Worker, or a MessageChannel in the extension host. */
  serverTransport(): 'ipc' | 'worker' | 'messageChannel';
  /** Output channels the client has written to since activation (one, however often the server restarts). */
  outputChannels(): number;
}
