/**
 * The server model through the real server over stdio: a server-model
 * diagnostic in a web.config of the farm workspace (with related information
 * in applicationHost.config), the Explain Request command (suggestion, then
 * the explanation with files and lines), hover on applicationPool="…", and
 * the application pools in the outline.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  InitializeRequest, InitializedNotification, ExecuteCommandRequest, HoverRequest, Hover, MarkupContent, DocumentSymbolRequest, DocumentSymbol,
} from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';
import { REPO, offsetOf } from '../helpers';
import { LineIndex } from '../../server/src/syntax/lineIndex';

const FIXTURE = path.join(REPO, 'test', 'cases', 'server-farm', 'farm');

describe('server model over stdio', () => {
  let client: TestClient;
  let ws: string;
  let legacyUri: string, appHostUri: string, appHostText: string;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-server-model-'));
    fs.cpSync(FIXTURE, ws, { recursive: true });
    legacyUri = pathToFileURL(path.join(ws, 'sites', 'legacy', 'web.config')).toString();
    appHostUri = pathToFileURL(path.join(ws, 'server', 'applicationHost.config')).toString();
    appHostText = fs.readFileSync(path.join(ws, 'server', 'applicationHost.config'), 'utf8');
    client = new TestClient();
    const caps = defaultCapabilities() as { workspace: Record<string, unknown>; textDocument: Record<string, unknown> };
    caps.workspace.workspaceFolders = true;
    caps.textDocument.documentSymbol = { hierarchicalDocumentSymbolSupport: true };
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: caps, workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'farm' }],
    });
    assert.ok(init.capabilities.executeCommandProvider?.commands.includes('iisConfig.server.explainRequest'));
    await client.connection.sendNotification(InitializedNotification.type, {});
    await client.open(legacyUri, fs.readFileSync(path.join(ws, 'sites', 'legacy', 'web.config'), 'utf8'));
    await client.open(appHostUri, appHostText);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('reports integrated-mode-conflict with the pool in applicationHost.config as related information', async () => {
    const p = await client.waitForDiagnostics(legacyUri, (x) => x.diagnostics.some((d) => d.code === 'integrated-mode-conflict'));
    const d = p.diagnostics.find((x) => x.code === 'integrated-mode-conflict')!;
    const related = d.relatedInformation?.[0];
    assert.equal(related?.location.uri, appHostUri);
    assert.equal(related?.location.range.start.line, new LineIndex(appHostText).positionAt(offsetOf(appHostText, '<add name="DefaultAppPool"')).line);
  });

  it('Explain Request: suggests the document\'s path, then explains it with files and lines', async () => {
    const s = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.explainRequest', arguments: [{ uri: legacyUri }] }) as { suggestion: string; sites: string[] };
    assert.equal(s.suggestion, 'Legacy/');
    assert.ok(s.sites.includes('CoreA'));
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'iisConfig.server.explainRequest', arguments: [{ uri: legacyUri, request: 'Legacy/elmah.axd', verb: 'post' }],
    }) as { title: string; content: string; explanation: { handler: { chosen?: { label: string } } } };
    assert.equal(r.title, 'POST Legacy/elmah.axd');
    assert.match(r.content, /^ {2}pool +DefaultAppPool +server[\\/]applicationHost\.config:\d+$/m);
    assert.match(r.content, /^ {2}sites[\\/]legacy[\\/]web\.config:\d+ error integrated-mode-conflict /m);
    assert.equal(r.explanation.handler.chosen?.label, 'StaticFile');
    const bad = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.explainRequest', arguments: [{ uri: legacyUri, request: 'http://nowhere.example.com/' }] }) as { error?: string };
    assert.match(bad.error ?? '', /no site of the applicationHost\.config has a binding/);
  });

  it('hover on applicationPool="…" and the pools in the outline', async () => {
    const at = new LineIndex(appHostText).positionAt(offsetOf(appHostText, 'applicationPool="CorePool"') + 'applicationPool="'.length + 1);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: appHostUri }, position: at }) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Application pool `CorePool`/);
    assert.match(md, /Applications in it \(2\):\*\* `CoreA` \(root\), `CoreB` \(root\)/);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: appHostUri } }) as DocumentSymbol[];
    const pools = symbols.find((s) => s.name === 'applicationPools');
    assert.ok(pools?.children?.some((c) => c.name === 'application pool "CorePool"' && c.detail === 'Integrated, no managed code'));
  });
});
