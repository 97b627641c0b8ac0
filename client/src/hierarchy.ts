/**
 * The configuration hierarchy in VS Code:
 *
 * - a status bar item that shows which applicationHost.config the active
 *   web.config runs under and why (from the server's `iisConfig/status`
 *   notification); clicking it runs…
 * - IIS Config: Select applicationHost.config… (`iisConfig.selectApplicationHost`):
 *   pick a file (or go back to automatic discovery); sets
 *   `iisConfig.applicationHostPath` for the workspace folder;
 * - IIS Config: Show Effective Configuration (`iisConfig.showEffectiveConfiguration`):
 *   asks the server for the sections of the active file's hierarchy, then
 *   opens the merged section — every setting with the file and line it comes
 *   from — in a read-only document; secrets masked unless the command is run
 *   with `{ showSecrets: true }` as its second argument.
 *
 * The client does no analysis: the server computes everything.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

export const SELECT_APPLICATION_HOST = 'iisConfig.selectApplicationHost';
export const SHOW_EFFECTIVE = 'iisConfig.showEffectiveConfiguration';
const STATUS_NOTIFICATION = 'iisConfig/status';
const LIST_SECTIONS = 'iisConfig.server.listSections';
const EFFECTIVE = 'iisConfig.server.effectiveConfiguration';
const SCHEME = 'iis-effective';

import { Status, statusBarText, statusTooltipHead } from './statusText';

/** What the web build leaves out (the server cannot read the machine it would run on). */
export const WEB_LIMITS = '*VS Code for the Web:* the workspace\'s web.config and applicationHost.config files are read; ' +
  'this machine\'s applicationHost.config, its IIS schema folders and iisConfig.schemaPaths are desktop only.';

export function registerHierarchyUi(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, platform: 'desktop' | 'web' = 'desktop'): { onClientStarted(client: LanguageClient): void } {
  const statuses = new Map<string, Status>();
  const item = vscode.window.createStatusBarItem('iisConfig.applicationHost', vscode.StatusBarAlignment.Right, 100);
  item.name = 'IIS Config: applicationHost.config';
  item.command = SELECT_APPLICATION_HOST;

  const refresh = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const s = uri ? statuses.get(uri) : undefined;
    if (!s) { item.hide(); return; }
    // No applicationHost.config found: the server profile assumed (iisConfig.serverProfile), e.g. "IIS: Azure App Service (assumed)".
    item.text = statusBarText(s);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`${statusTooltipHead(s)}\n\n`);
    md.appendMarkdown(`**Why:** ${s.reason}\n\n**This file:** ${s.level}\n\n`);
    if (s.warning) md.appendMarkdown(`**Warning:** ${s.warning}\n\n`);
    if (platform === 'web') md.appendMarkdown(`${WEB_LIMITS}\n\n`);
    md.appendMarkdown('Click to choose another applicationHost.config.');
    item.tooltip = md;
    item.show();
  };

  // Read-only documents for the effective configuration: uri → text.
  const views = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    item, changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (u) => views.get(u.toString()) ?? '' }),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === SCHEME) views.delete(d.uri.toString()); }),

    vscode.commands.registerCommand(SELECT_APPLICATION_HOST, async () => {
      const doc = vscode.window.activeTextEditor?.document;
      const folder = doc ? vscode.workspace.getWorkspaceFolder(doc.uri) : vscode.workspace.workspaceFolders?.[0];
      const config = vscode.workspace.getConfiguration('iisConfig', folder?.uri);
      const current = config.get<string>('applicationHostPath') ?? '';
      const found = await vscode.workspace.findFiles('**/[aA]pplication[hH]ost.config', '**/node_modules/**', 50);
      type Pick = vscode.QuickPickItem & { value?: string };
      const picks: Pick[] = [
        { label: '$(search) Discover automatically', description: current ? '' : 'current', detail: 'IIS Express (.vs), the workspace, this machine, else default IIS 10 settings', value: '' },
        // The web server names files by their workspace-relative path; the desktop one by their path on the disk.
        ...found.map((u) => {
          const value = platform === 'web' ? `\${workspaceFolder}/${vscode.workspace.asRelativePath(u, false)}` : u.fsPath;
          return { label: vscode.workspace.asRelativePath(u), description: current && value === current ? 'current' : '', value };
        }),
        { label: '$(folder-opened) Choose a file…' },
      ];
      const choice = await vscode.window.showQuickPick(picks, { title: 'applicationHost.config for web.config files', placeHolder: 'Which applicationHost.config do these web.config files run under?' });
      if (!choice) return undefined;
      let value = choice.value;
      if (value === undefined) {
        const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Configuration files': ['config'] }, openLabel: 'Use this applicationHost.config' });
        if (!files?.[0]) return undefined;
        value = platform === 'web' ? `\${workspaceFolder}/${vscode.workspace.asRelativePath(files[0], false)}` : files[0].fsPath;
      }
      const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
      await config.update('applicationHostPath', value || undefined, target);
      return value;
    }),

    // Secrets are masked by the server unless asked for explicitly: `{ showSecrets: true }` as the second argument.
    vscode.commands.registerCommand(SHOW_EFFECTIVE, async (section?: string, options?: { showSecrets?: boolean }) => {
      const client = getClient();
      const editor = vscode.window.activeTextEditor;
      if (!client) throw new Error('The IIS Config language server is not running.');
      if (!editor) { void vscode.window.showWarningMessage('Open a web.config or applicationHost.config first.'); return undefined; }
      const uri = editor.document.uri.toString();
      const position = { line: editor.selection.active.line, character: editor.selection.active.character };
      if (!section) {
        const list = await client.sendRequest(ExecuteCommandRequest.type, { command: LIST_SECTIONS, arguments: [{ uri, position }] }) as { sections?: string[]; atCursor?: string; error?: string };
        if (list.error || !list.sections) { void vscode.window.showWarningMessage(list.error ?? 'No sections.'); return undefined; }
        const ordered = list.atCursor ? [list.atCursor, ...list.sections.filter((s) => s !== list.atCursor)] : list.sections;
        section = await vscode.window.showQuickPick(ordered, { title: 'Show effective configuration of section…', placeHolder: 'system.webServer/staticContent' });
        if (!section) return undefined;
      }
      const showSecrets = options?.showSecrets === true;
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: EFFECTIVE, arguments: [{ uri, section, showSecrets }] }) as { title?: string; content?: string; error?: string };
      if (r.error || r.content === undefined) { void vscode.window.showWarningMessage(r.error ?? 'Nothing to show.'); return undefined; }
      const view = vscode.Uri.from({ scheme: SCHEME, path: `/${(r.title ?? section).replace(/[\\/:*?"<>|]+/g, '_')}.xml`, query: uri });
      views.set(view.toString(), r.content);
      changed.fire(view);
      const doc = await vscode.workspace.openTextDocument(view);
      await vscode.languages.setTextDocumentLanguage(doc, 'xml');
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return r.content;
    }),
  );

  return {
    onClientStarted(client) {
      context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (s: Status) => {
        statuses.set(s.uri, s);
        refresh();
      }));
    },
  };
}
