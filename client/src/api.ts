/**
 * What the extension's activate() returns (`vscode.extensions.getExtension('iis-config.iis-config').exports`).
 * Tests and other extensions read it; keep it small and backwards compatible.
 */
export interface IisConfigApi {
  /** Milliseconds activate() took, from its first line until the language server answered `initialize`. */
  readonly activationMs: number;
}
