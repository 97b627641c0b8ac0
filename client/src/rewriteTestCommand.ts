/**
 * IIS Config: Test URL against Rewrite Rules… (`iisConfig.testRewriteRules`),
 * also run by the code lens the server puts above `<rules>`: asks for a URL
 * (with optional `exists:PATH`, `missing:PATH` and `NAME=VALUE` words after
 * it), has the server run it through the rules in effect for the document's
 * site, and shows the trace in a read-only editor beside it, where each
 * rule's `file:line` is a link to that line.
 *
 * Programmatic use (tests, other extensions):
 * `executeCommand('iisConfig.testRewriteRules', uri?, input?)` returns the
 * trace text without asking.
 *
 * The client does no analysis: the server computes the trace.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

export const TEST_REWRITE_RULES = 'iisConfig.testRewriteRules';
const SERVER_COMMAND = 'iisConfig.server.rewriteTest';
const SCHEME = 'iis-rewrite-trace';

interface Response {
  title?: string;
  text?: string;
  links?: Array<{ line: number; start: number; end: number; target: string; targetLine: number }>;
  error?: string;
}

/** Split the input: the URL first, then exists:PATH, missing:PATH and NAME=VALUE words. */
export function parseTestInput(input: string): { url: string; exists: string[]; missing: string[]; variables: Record<string, string> } {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const out = { url: words[0] ?? '', exists: [] as string[], missing: [] as string[], variables: {} as Record<string, string> };
  for (const w of words.slice(1)) {
    const m = /^(exists|missing):(.+)$/i.exec(w);
    if (m) (m[1].toLowerCase() === 'exists' ? out.exists : out.missing).push(m[2]);
    else if (/^[A-Za-z_][\w-]*=/.test(w)) { const eq = w.indexOf('='); out.variables[w.slice(0, eq).toUpperCase()] = w.slice(eq + 1); }
  }
  return out;
}

export function registerRewriteTestCommand(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const views = new Map<string, Response>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let last = 'http://localhost/';
  let counter = 0;
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (u) => views.get(u.toString())?.text ?? '' }),
    vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, {
      provideDocumentLinks(doc) {
        const r = views.get(doc.uri.toString());
        return (r?.links ?? []).map((l) => {
          const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), vscode.Uri.parse(l.target).with({ fragment: `L${l.targetLine + 1}` }));
          link.tooltip = 'Open the rule';
          return link;
        });
      },
    }),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === SCHEME) views.delete(d.uri.toString()); }),

    vscode.commands.registerCommand(TEST_REWRITE_RULES, async (target?: string | vscode.Uri, given?: string) => {
      const client = getClient();
      if (!client) throw new Error('The IIS Config language server is not running.');
      const uri = typeof target === 'string' ? target : target instanceof vscode.Uri ? target.toString() : vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) { void vscode.window.showWarningMessage('Open a web.config or applicationHost.config first.'); return undefined; }
      const input = given ?? await vscode.window.showInputBox({
        title: 'Test URL against Rewrite Rules',
        prompt: 'A URL, optionally followed by exists:/path, missing:/path or NAME=VALUE (server variables) for what the workspace cannot tell',
        value: last,
        valueSelection: [last.length, last.length],
      });
      if (!input?.trim()) return undefined;
      last = input.trim();
      const { url, exists, missing, variables } = parseTestInput(input);
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMAND, arguments: [{ uri, url, exists, missing, variables }] }) as Response;
      if (r.error || r.text === undefined) { void vscode.window.showWarningMessage(r.error ?? 'Nothing to show.'); return undefined; }
      const view = vscode.Uri.from({ scheme: SCHEME, path: `/${(r.title ?? 'Rewrite test').replace(/[\\/:*?"<>|]+/g, '_')}.txt`, query: String(++counter) });
      views.set(view.toString(), r);
      changed.fire(view);
      const doc = await vscode.workspace.openTextDocument(view);
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return r.text;
    }),
  );
}
