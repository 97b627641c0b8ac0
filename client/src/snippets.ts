/**
 * Snippet quick fixes: LSP 3.17 (vscode-languageclient 9) carries plain text in a code action's edit, so the client
 * declares `experimental.iisConfig.insertSnippetCommand` and the server sends fixes whose value the user types
 * (a required attribute with no obvious value) as the command `iisConfig.insertSnippet`, which inserts the snippet
 * with VS Code's `TextEditor.insertSnippet`: the cursor lands inside the quotes.
 */
import * as vscode from 'vscode';
import type { ClientCapabilities, StaticFeature } from 'vscode-languageclient';

export const INSERT_SNIPPET_COMMAND = 'iisConfig.insertSnippet';

interface InsertSnippetArgs {
  readonly uri: string;
  readonly version: number;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly snippet: string;
}

/** The client capability that tells the server this client runs the command. */
export const snippetCommandFeature: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities) {
    const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
    experimental.iisConfig = { ...(experimental.iisConfig as object | undefined), insertSnippetCommand: true };
    capabilities.experimental = experimental;
  },
  initialize() { /* nothing to set up */ },
  getState: () => ({ kind: 'static' }),
  clear() { /* nothing to release */ },
};

export function registerSnippetCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(INSERT_SNIPPET_COMMAND, async (args: InsertSnippetArgs) => {
    const uri = vscode.Uri.parse(args.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // The fix was computed for one version of the document: after an edit its range may point elsewhere.
    if (!doc || doc.version !== args.version) return false;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc) ?? await vscode.window.showTextDocument(doc);
    const range = new vscode.Range(args.range.start.line, args.range.start.character, args.range.end.line, args.range.end.character);
    return editor.insertSnippet(new vscode.SnippetString(args.snippet), range);
  }));
}
