/**
 * Snippets in quick fixes. LSP 3.17 has snippets only in completion items: a code action's WorkspaceEdit carries
 * plain text, and vscode-languageclient 9 (LSP 3.17) converts it to plain text edits. Two ways exist to give a
 * client a snippet it can insert with the cursor where the user types a value:
 *
 * - `experimental.iisConfig.insertSnippetCommand: true` (our VS Code extension declares it): the action carries a
 *   command, `iisConfig.insertSnippet { uri, version, range, snippet }`, that the client runs with VS Code's
 *   `TextEditor.insertSnippet`.
 * - `workspace.workspaceEdit.snippetEditSupport: true` (LSP 3.18): the action's edit is a `TextDocumentEdit`
 *   holding a `SnippetTextEdit`.
 *
 * Other clients get the plain edits, and a fix whose plain text would leave a value the schema rejects
 * (`snippetOnly`) is not offered to them at all.
 */
import type { ClientCapabilities, Command, WorkspaceEdit } from 'vscode-languageserver';
import type { SnippetEdit } from '../analysis/types';
import type { LineIndex } from '../syntax/lineIndex';
import { toRange } from './convert';

export const INSERT_SNIPPET_COMMAND = 'iisConfig.insertSnippet';

export type SnippetSupport = 'command' | 'snippetTextEdit' | undefined;

/** Arguments of the insert-snippet command. */
export interface InsertSnippetArgs {
  readonly uri: string;
  /** The document version the range refers to; the client inserts nothing into another version. */
  readonly version: number;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly snippet: string;
}

export function snippetSupport(caps: ClientCapabilities): SnippetSupport {
  const experimental = caps.experimental as { iisConfig?: { insertSnippetCommand?: unknown } } | undefined;
  if (experimental?.iisConfig?.insertSnippetCommand === true) return 'command';
  const workspaceEdit = caps.workspace?.workspaceEdit as { snippetEditSupport?: unknown } | undefined;
  if (workspaceEdit?.snippetEditSupport === true) return 'snippetTextEdit';
  return undefined;
}

/** The edit or command that inserts `snippet` into the document `uri` at `version`. */
export function snippetActionParts(support: Exclude<SnippetSupport, undefined>, uri: string, version: number, s: SnippetEdit, index: LineIndex): { edit: WorkspaceEdit } | { command: Command } {
  const range = toRange(index, s.start, s.end);
  if (support === 'command') {
    const args: InsertSnippetArgs = { uri, version, range, snippet: s.snippet };
    return { command: { title: 'Insert', command: INSERT_SNIPPET_COMMAND, arguments: [args] } };
  }
  // LSP 3.18 SnippetTextEdit (not in the 3.17 types of vscode-languageserver 9).
  const edit = { range, snippet: { kind: 'snippet', value: s.snippet } };
  return { edit: { documentChanges: [{ textDocument: { uri, version }, edits: [edit as never] }] } };
}
