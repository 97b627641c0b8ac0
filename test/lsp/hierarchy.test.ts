/**
 * The configuration hierarchy in the real server over stdio: discovery of the
 * applicationHost.config in a workspace folder and the iisConfig/status
 * notification, related information in another file, quick fixes that edit
 * the applicationHost.config, the effective-configuration commands, the
 * setting iisConfig.applicationHostPath, and re-validation when a parent file
 * changes on disk (workspace/didChangeWatchedFiles).
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  InitializeRequest, InitializedNotification, CodeActionRequest, CodeAction, ExecuteCommandRequest, DidChangeWatchedFilesNotification,
  FileChangeType, DidChangeConfigurationNotification, PublishDiagnosticsParams, HoverRequest, Hover, MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';
import { REPO, offsetOf } from '../helpers';
import { LineIndex } from '../../server/src/syntax/lineIndex';

interface Status { uri: string; applicationHost: string | null; source: string; reason: string; level: string; warning?: string }

const FIXTURE = path.join(REPO, 'test', 'cases', 'hierarchy-ops', 'ops');

describe('configuration hierarchy over stdio', () => {
  let client: TestClient;
  let ws: string;
  const statuses: Status[] = [];
  let shopUri: string, shopText: string, appHostPath: string;

  const waitFor = async <T>(pred: () => T | undefined, what: string, ms = 10000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pred();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${client.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-hierarchy-'));
    fs.cpSync(FIXTURE, ws, { recursive: true });
    appHostPath = path.join(ws, 'server', 'applicationHost.config');
    shopUri = pathToFileURL(path.join(ws, 'sites', 'shop', 'web.config')).toString();
    shopText = fs.readFileSync(path.join(ws, 'sites', 'shop', 'web.config'), 'utf8');
    client = new TestClient();
    client.connection.onNotification('iisConfig/status', (s: Status) => { statuses.push(s); });
    const caps = defaultCapabilities() as { workspace: Record<string, unknown> };
    caps.workspace.didChangeWatchedFiles = { dynamicRegistration: true };
    caps.workspace.workspaceFolders = true;
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: caps,
      workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ops' }],
    });
    const commands = (init.capabilities.executeCommandProvider?.commands ?? []);
    assert.ok(commands.includes('iisConfig.server.effectiveConfiguration'), `commands: ${commands}`);
    assert.ok(commands.includes('iisConfig.server.insertClientCertificateMapping'), 'the other feature keeps its command');
    await client.connection.sendNotification(InitializedNotification.type, {});
    await client.open(shopUri, shopText);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('finds the applicationHost.config in the workspace, says so in iisConfig/status, and reports with related information in it', async () => {
    const p = await client.waitForDiagnostics(shopUri, (x) => codes(x).includes('section-locked'));
    assert.deepEqual(codes(p).filter((c) => ['section-locked', 'lock-violation', 'duplicate-collection-entry'].includes(c as string)).sort(),
      ['duplicate-collection-entry', 'lock-violation', 'section-locked']);
    const status = await waitFor(() => statuses.find((s) => s.uri === shopUri), 'status');
    assert.equal(status.applicationHost, appHostPath);
    assert.equal(status.source, 'workspace');
    assert.match(status.level, /^Shop: site "Shop"/);
    const lock = p.diagnostics.find((d) => d.code === 'lock-violation')!;
    const related = lock.relatedInformation?.[0];
    assert.ok(related, 'related information in the applicationHost.config');
    assert.equal(related.location.uri, pathToFileURL(appHostPath).toString());
    const appHostText = fs.readFileSync(appHostPath, 'utf8');
    assert.equal(related.location.range.start.line, new LineIndex(appHostText).positionAt(offsetOf(appHostText, 'lockAttributes=')).line);
  });

  it('offers "Unlock" as a workspace edit of the applicationHost.config, and a hover with the appcmd command', async () => {
    const p = await client.waitForDiagnostics(shopUri, (x) => codes(x).includes('section-locked'));
    const d = p.diagnostics.find((x) => x.code === 'section-locked')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: shopUri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
    const unlock = actions.find((a) => a.title.startsWith('Unlock <anonymousAuthentication>'));
    assert.ok(unlock?.edit?.changes, actions.map((a) => a.title).join(' | '));
    const edits = unlock.edit.changes[pathToFileURL(appHostPath).toString()];
    assert.equal(edits.length, 1);
    assert.match(edits[0].newText, /<anonymousAuthentication \/>/);
    const move = actions.find((a) => a.title.startsWith('Move <anonymousAuthentication> into applicationHost.config'));
    assert.ok(move?.edit?.changes?.[shopUri]?.length, 'the move also edits the web.config');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: shopUri }, position: d.range.start }) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /appcmd\.exe unlock config "Shop" -section:system\.webServer\/security\/authentication\/anonymousAuthentication -commit:apphost/);
    assert.match(md, /In the hierarchy:\*\* this web\.config is site "Shop"/);
  });

  it('lists the sections and shows the effective configuration with the file and line of each setting', async () => {
    const list = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'iisConfig.server.listSections', arguments: [{ uri: shopUri, position: new LineIndex(shopText).positionAt(offsetOf(shopText, 'mimeMap')) }],
    }) as { sections: string[]; atCursor?: string };
    assert.ok(list.sections.includes('system.webServer/staticContent'));
    assert.equal(list.atCursor, 'system.webServer/staticContent');
    const view = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'iisConfig.server.effectiveConfiguration', arguments: [{ uri: shopUri, section: 'system.webServer/staticContent' }],
    }) as { title: string; content: string };
    assert.equal(view.title, 'system.webServer/staticContent at Shop');
    assert.match(view.content, /<mimeMap fileExtension="\.json" mimeType="application\/json" \/> <!-- \[1\] line 24 -->/);
    assert.match(view.content, /<mimeMap fileExtension="\.webmanifest" mimeType="application\/manifest\+json" \/> <!-- \[2\] line 15 -->/);
  });

  it('re-validates when the applicationHost.config changes on disk (didChangeWatchedFiles)', async () => {
    fs.copyFileSync(path.join(REPO, 'test', 'cases', 'hierarchy-ops', 'expected', 'applicationHost.unlock.config'), appHostPath);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(appHostPath).toString(), type: FileChangeType.Changed }] });
    const p = await client.waitForDiagnostics(shopUri, (x) => !codes(x).includes('section-locked'));
    assert.ok(codes(p).includes('lock-violation'), 'the other verdicts stay');
  });

  it('uses iisConfig.applicationHostPath (with ${workspaceFolder}) and reports the choice', async () => {
    const other = path.join(ws, 'other.config');
    fs.writeFileSync(other, '<configuration>\n  <system.webServer>\n    <httpErrors lockAttributes="errorMode" />\n  </system.webServer>\n</configuration>\n');
    client.settings = { applicationHostPath: '${workspaceFolder}/other.config' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const status = await waitFor(() => statuses.filter((s) => s.uri === shopUri && s.source === 'setting').pop(), 'status from the setting');
    assert.equal(status.applicationHost, path.join(ws, 'other.config'));
    const p = await client.waitForDiagnostics(shopUri, (x) => x.diagnostics.some((d) => d.code === 'lock-violation' && /'errorMode'/.test(d.message)));
    assert.ok(!codes(p).includes('duplicate-collection-entry'), 'the other file maps no .json');
    client.settings = {};
  });
});
