/**
 * IIS Config: Insert Client Certificate Mapping from File…
 * (`iisConfig.insertClientCertificateMapping`).
 *
 * Asks for a .cer/.crt/.pem file (or takes its Uri as the command argument),
 * reads its bytes and sends them with the cursor position to the language
 * server (`iisConfig.server.insertClientCertificateMapping`), which converts
 * the certificate to the single-line base64 IIS compares, and inserts
 * `<add userName="" certificate="…" />` into `<oneToOneMappings>`. The client
 * does no analysis; it only reads the file the user picked.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

export const INSERT_MAPPING = 'iisConfig.insertClientCertificateMapping';
/** The server-side command (see server/src/lsp/certCommands.ts). */
const SERVER_COMMAND = 'iisConfig.server.insertClientCertificateMapping';

interface Response { readonly applied: boolean; readonly message: string }

/** Standard base64 of bytes (btoa works in the web extension host too). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function registerCertificateCommand(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  context.subscriptions.push(vscode.commands.registerCommand(INSERT_MAPPING, async (file?: vscode.Uri): Promise<Response | undefined> => {
    const client = getClient();
    const editor = vscode.window.activeTextEditor;
    if (!client) throw new Error('The IIS Config language server is not running.');
    if (!editor) {
      void vscode.window.showWarningMessage('Open an IIS configuration file and place the cursor where the mapping goes.');
      return undefined;
    }
    let uri = file instanceof vscode.Uri ? file : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Map this certificate',
        title: 'Client certificate to map (public certificate only, no private key)',
        filters: { 'Certificates': ['cer', 'crt', 'pem', 'der'], 'All files': ['*'] },
      });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    const position = editor.selection.active;
    const response = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMAND,
      arguments: [{
        uri: editor.document.uri.toString(),
        position: { line: position.line, character: position.character },
        fileContent: toBase64(bytes),
      }],
    }) as Response | undefined;
    if (!response) return undefined;
    if (response.applied) void vscode.window.showInformationMessage(response.message);
    else void vscode.window.showWarningMessage(response.message);
    return response;
  }));
}
