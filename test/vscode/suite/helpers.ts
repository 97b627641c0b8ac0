/**
 * Helpers of the VS Code integration suite. Everything goes through VS Code's API, as a user's editor
 * would; nothing waits a fixed time: `until` polls (every 100 ms) with a deadline and a clear error.
 */
import * as assert from './assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iis-config.iis-config';

/**
 * The launcher's environment: process.env in the desktop extension host; in the web-worker extension host (no
 * `process`) what the web launcher put in `globalThis.IIS_CONFIG_TEST_ENV` (scripts/vscode/run-web-tests.sh).
 */
export function testEnv(): Record<string, string | undefined> {
  const g = globalThis as { process?: { env: Record<string, string | undefined> }; IIS_CONFIG_TEST_ENV?: Record<string, string> };
  return g.IIS_CONFIG_TEST_ENV ?? g.process?.env ?? {};
}

/** The workspace folder both launchers open: test/fixtures/workspace (a file: URI, or vscode-remote: in the web). */
export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder: the launcher should open test/fixtures/workspace');
  return folder.uri;
}

/** The repository, three folders above the workspace folder. */
export function repoUri(): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), '..', '..', '..');
}

/** Does the file exist (through VS Code's file system, so in either extension host)? */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

/** Poll until fn() gives a truthy value (a non-empty array for arrays); throw after `ms`. */
export async function until<T>(fn: () => T | Thenable<T>, what: string, ms = 30000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const value = await fn();
    if (value && (!Array.isArray(value) || value.length > 0)) return value as NonNullable<T>;
    last = value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Both launchers open test/fixtures/workspace as the only workspace folder. */
export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), name);
}

export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : c);
}

/** Our diagnostics for a document (other extensions' are ignored). */
export function iisDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'iis-config');
}

/** Wait until our diagnostics for `doc` satisfy `pred`; returns them. */
export async function waitForDiagnostics(doc: vscode.TextDocument, pred: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    await until(() => { last = iisDiagnostics(doc.uri); return pred(last); }, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics: ${JSON.stringify(last.map((d) => `${codeOf(d)} ${d.severity} ${doc.getText(d.range)}`))}`);
  }
  return last;
}

/** The text at the 1-based `nth` occurrence of `needle` as a range of `doc`. */
export function rangeOf(doc: vscode.TextDocument, needle: string, nth = 1): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} (occurrence ${nth}) not in ${doc.uri.path}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

/** Quick fixes offered for `range`, polled: right after a document change the first answer can be empty. */
export async function quickFixes(doc: vscode.TextDocument, range: vscode.Range, want: (a: vscode.CodeAction) => boolean, what: string): Promise<vscode.CodeAction> {
  let titles: string[] = [];
  try {
    return await until(async () => {
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      titles = actions.map((a) => a.title);
      return actions.find(want);
    }, what);
  } catch (e) {
    throw new Error(`${(e as Error).message}; offered: ${JSON.stringify(titles)}`);
  }
}

/** Put the document back as it is on disk (after a test edited it). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await until(() => !doc.isDirty, `${doc.uri.path} reverted`);
}

/**
 * Set an `iisConfig` user setting for the duration of `body`, then restore it. User settings (not the
 * fixture folder's .vscode/settings.json) keep the repository untouched.
 */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('iisConfig');
  const before = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration('iisConfig').update(key, before, vscode.ConfigurationTarget.Global);
  }
}

/** A file of test/fixtures/expected. */
export async function readExpected(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri(), '..', 'expected', name)));
}
