/**
 * IIS Config: Explain Request… (`iisConfig.explainRequest`): asks for a path
 * ("Site/app/page.aspx", optionally after a verb: "PUT Site/api/orders/1") or
 * a URL, pre-filled with the active file's configuration path, and opens what
 * the server would do for it — site, application, pool, authentication,
 * handler, modules, findings, each with its file and line — in a read-only
 * document beside the file. The server computes everything
 * (`iisConfig.server.explainRequest`); the client only asks and shows.
 *
 * Called with a string argument (tests, keybindings), it explains that request
 * without asking and returns the text.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient } from 'vscode-languageclient';

export const EXPLAIN_REQUEST = 'iisConfig.explainRequest';
const SERVER_COMMAND = 'iisConfig.server.explainRequest';
const SCHEME = 'iis-explain';
const VERB = /^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|TRACE|PROPFIND|MKCOL|COPY|MOVE|LOCK|UNLOCK)\s+/i;

export function registerExplainRequest(context: vscode.ExtensionContext, getClient: () => BaseLanguageClient | undefined): void {
  const views = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (u) => views.get(u.toString()) ?? '' }),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === SCHEME) views.delete(d.uri.toString()); }),
    vscode.commands.registerCommand(EXPLAIN_REQUEST, async (given?: string) => {
      const client = getClient();
      const editor = vscode.window.activeTextEditor;
      if (!client) throw new Error('The IIS Config language server is not running.');
      if (!editor) { void vscode.window.showWarningMessage('Open a web.config or applicationHost.config first.'); return undefined; }
      const uri = editor.document.uri.toString();
      let input = typeof given === 'string' ? given : undefined;
      if (input === undefined) {
        const hint = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMAND, arguments: [{ uri }] }) as { suggestion?: string; sites?: string[]; error?: string };
        if (hint.error) { void vscode.window.showWarningMessage(hint.error); return undefined; }
        input = await vscode.window.showInputBox({
          title: 'Explain Request',
          prompt: `A path ("Site/app/page.aspx"), optionally after a verb ("PUT Site/api/orders/1"), or a URL${hint.sites?.length ? `; sites: ${hint.sites.slice(0, 6).join(', ')}${hint.sites.length > 6 ? ', …' : ''}` : ''}`,
          value: hint.suggestion ?? '',
          valueSelection: hint.suggestion ? [hint.suggestion.length, hint.suggestion.length] : undefined,
        });
        if (!input?.trim()) return undefined;
      }
      const m = VERB.exec(input.trim());
      const verb = m ? m[1].toUpperCase() : undefined;
      const request = m ? input.trim().slice(m[0].length) : input.trim();
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMAND, arguments: [{ uri, request, ...(verb ? { verb } : {}) }] }) as { title?: string; content?: string; error?: string };
      if (r.error || r.content === undefined) { void vscode.window.showWarningMessage(r.error ?? 'Nothing to explain.'); return undefined; }
      const view = vscode.Uri.from({ scheme: SCHEME, path: `/${(r.title ?? request).replace(/[\\/:*?"<>|]+/g, '_')}.txt`, query: uri });
      views.set(view.toString(), r.content);
      changed.fire(view);
      const doc = await vscode.workspace.openTextDocument(view);
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return r.content;
    }),
  );
}
