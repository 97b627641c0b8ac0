/**
 * The browser platform of the server (server/src/browser/platform.ts) with the real server core, in this process: the
 * browser build of the LSP libraries over a MessageChannel (as the web extension's in-extension-host path), URIs of a
 * virtual file system (`vscode-vfs://github/…`, as github.dev gives them), and the workspace's files sent by the
 * client (`iisConfig/workspaceFiles`) instead of read from a disk. The same hierarchy case as hierarchy.test.ts must
 * give the same verdicts; analysis waits for the first set of files; created, changed and deleted files re-validate.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel } from 'worker_threads';
import {
  BrowserMessageReader, BrowserMessageWriter, createProtocolConnection, ProtocolConnection, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, PublishDiagnosticsNotification, PublishDiagnosticsParams, ConfigurationRequest, CodeActionRequest, CodeAction,
  ExecuteCommandRequest, DidChangeConfigurationNotification,
} from 'vscode-languageserver-protocol/browser';
import { createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../../server/src/lsp/server';
import { browserPlatform, UriFileNames } from '../../server/src/browser/platform';
import { MemoryFiles } from '../../server/src/lsp/memoryFiles';
import { WORKSPACE_FILES_NOTIFICATION, type WorkspaceFilesParams } from '../../server/src/lsp/protocol';
import { REPO } from '../helpers';

const FIXTURE = path.join(REPO, 'test', 'cases', 'hierarchy-ops', 'ops');
const ROOT = 'vscode-vfs://github/contoso/ops';

/** The fixture's files as the client sends them: URI (path segments encoded) and text. */
function fixtureFiles(): Array<{ uri: string; text: string }> {
  const out: Array<{ uri: string; text: string }> = [];
  (function walk(dir: string, rel: string) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else out.push({ uri: `${ROOT}${rel}/${encodeURIComponent(e.name)}`, text: fs.readFileSync(path.join(dir, e.name), 'utf8') });
    }
  })(FIXTURE, '');
  return out;
}

type Port = ConstructorParameters<typeof BrowserMessageReader>[0];

describe('the browser platform: files from the client, virtual URIs', () => {
  let client: ProtocolConnection;
  let ports: Array<{ close(): void }> = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const statuses: Array<{ uri: string; applicationHost: string | null; source: string }> = [];
  const shopUri = `${ROOT}/sites/shop/web.config`;
  const appHostUri = `${ROOT}/server/applicationHost.config`;
  const files = fixtureFiles();

  const waitFor = async <T>(pred: () => T | undefined, what: string, ms = 10000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pred();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...diagnostics])}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const messages: Array<{ type: number; message: string }> = [];
  let settings: Record<string, unknown> = {};
  const codes = (uri: string) => diagnostics.get(uri)?.diagnostics.map((d) => String(d.code)) ?? [];
  const send = (p: WorkspaceFilesParams) => client.sendNotification(WORKSPACE_FILES_NOTIFICATION, p);

  before(async () => {
    const { port1, port2 } = new MessageChannel();
    ports = [port1, port2];
    startServer(createConnection(new BrowserMessageReader(port2 as unknown as Port), new BrowserMessageWriter(port2 as unknown as Port)), browserPlatform(), { debounceMs: 0 });
    client = createProtocolConnection(new BrowserMessageReader(port1 as unknown as Port), new BrowserMessageWriter(port1 as unknown as Port));
    client.onNotification(PublishDiagnosticsNotification.type, (p) => { diagnostics.set(p.uri, p); });
    client.onNotification('iisConfig/status', (s: { uri: string; applicationHost: string | null; source: string }) => { statuses.push(s); });
    client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
    client.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => { messages.push(m); return null; });
    client.listen();
    await client.sendRequest(InitializeRequest.type, {
      processId: null, rootUri: ROOT, workspaceFolders: [{ uri: ROOT, name: 'ops' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
      initializationOptions: { workspaceFiles: true },
    });
    await client.sendNotification(InitializedNotification.type, {});
  });
  after(() => { client.dispose(); for (const p of ports) p.close(); });

  it('waits for the workspace files, then gives the verdicts of the desktop server (applicationHost.config from the files)', async () => {
    const shop = files.find((f) => f.uri === shopUri)!;
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: shopUri, languageId: 'xml', version: 1, text: shop.text } });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(diagnostics.get(shopUri), undefined, 'no diagnostics before the files arrived (they would assume default IIS settings)');
    await send({ changed: files, initial: true });
    await waitFor(() => codes(shopUri).includes('section-locked'), 'section-locked');
    assert.deepEqual(codes(shopUri).filter((c) => ['section-locked', 'lock-violation', 'duplicate-collection-entry'].includes(c)).sort(),
      ['duplicate-collection-entry', 'lock-violation', 'section-locked']);
    const status = await waitFor(() => statuses.find((s) => s.uri === shopUri), 'status');
    assert.deepEqual([status.applicationHost, status.source], ['/contoso/ops/server/applicationHost.config', 'workspace']);
    const lock = diagnostics.get(shopUri)!.diagnostics.find((d) => d.code === 'lock-violation')!;
    assert.equal(lock.relatedInformation?.[0]?.location.uri, appHostUri, 'related information points at the applicationHost.config by its own URI');
  });

  it('quick fixes edit the applicationHost.config by its URI; the effective configuration works from the files', async () => {
    const d = diagnostics.get(shopUri)!.diagnostics.find((x) => x.code === 'section-locked')!;
    const actions = await client.sendRequest(CodeActionRequest.type, { textDocument: { uri: shopUri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
    const unlock = actions.find((a) => a.title.startsWith('Unlock <anonymousAuthentication>'));
    assert.equal(unlock?.edit?.changes?.[appHostUri]?.length, 1, JSON.stringify(unlock?.edit));
    assert.deepEqual(Object.keys(unlock.edit.changes).filter((u) => unlock.edit!.changes![u].length), [appHostUri]);
    const view = await client.sendRequest(ExecuteCommandRequest.type, {
      command: 'iisConfig.server.effectiveConfiguration', arguments: [{ uri: shopUri, section: 'system.webServer/staticContent' }],
    }) as { title: string; content: string };
    assert.equal(view.title, 'system.webServer/staticContent at Shop');
  });

  it('a changed applicationHost.config re-validates; a deleted one falls back to the default model; a created one is found again', async () => {
    const unlocked = fs.readFileSync(path.join(REPO, 'test', 'cases', 'hierarchy-ops', 'expected', 'applicationHost.unlock.config'), 'utf8');
    await send({ changed: [{ uri: appHostUri, text: unlocked }] });
    await waitFor(() => !codes(shopUri).includes('section-locked') && codes(shopUri).includes('lock-violation'), 'the unlock to take effect');
    await send({ deleted: [`${ROOT}/server`] });
    await waitFor(() => statuses.filter((s) => s.uri === shopUri).pop()?.source === 'default', 'the default model');
    await send({ changed: [{ uri: appHostUri, text: files.find((f) => f.uri === appHostUri)!.text }] });
    await waitFor(() => statuses.filter((s) => s.uri === shopUri).pop()?.source === 'workspace' && codes(shopUri).includes('section-locked'), 'the workspace file again');
  });
  it('says once that iisConfig.schemaPaths is desktop only, and analyses with the bundled schema', async () => {
    settings = { schemaPaths: ['/opt/iis/schema'] };
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await waitFor(() => messages.find((m) => /schemaPaths is ignored here \(browser\)/.test(m.message)), 'the desktop-only warning');
    assert.equal(messages.filter((m) => /schemaPaths/.test(m.message)).length, 1);
    assert.equal(messages[0].type, 2, 'a warning');
    await waitFor(() => codes(shopUri).includes('section-locked'), 'diagnostics with the bundled schema');
    settings = {};
  });
});

describe('in-memory files and URI file names', () => {
  it('lists folders derived from file names, and deletes files and folders with what is below them', () => {
    const m = new MemoryFiles();
    m.set('/r/a/web.config', 'A');
    m.set('/r/a/b/web.config', 'B');
    m.set('/r/c/applicationHost.config', 'C');
    assert.deepEqual(m.listDirectory('/r')?.map((e) => `${e.name}${e.directory ? '/' : ''}`).sort(), ['a/', 'c/']);
    assert.deepEqual(m.listDirectory('/r/a')?.map((e) => `${e.name}${e.directory ? '/' : ''}`).sort(), ['b/', 'web.config']);
    assert.equal(m.readFile('/r/a/b/web.config'), 'B');
    assert.deepEqual(m.delete('/r/a').sort(), ['/r/a/b/web.config', '/r/a/web.config']);
    assert.equal(m.readFile('/r/a/web.config'), undefined);
    assert.deepEqual(m.listDirectory('/r')?.map((e) => e.name), ['c']);
    assert.deepEqual(m.delete('/r/c/applicationHost.config'), ['/r/c/applicationHost.config']);
    assert.equal(m.listDirectory('/r'), undefined, 'empty folders go');
    assert.deepEqual(m.delete('/nothing'), []);
    assert.equal(m.size, 0);
  });

  it('maps URIs of any scheme to their decoded paths and back, keeping the URIs it saw', () => {
    const n = new UriFileNames();
    assert.equal(n.addRoot('vscode-vfs://github/contoso/my%20ops'), '/contoso/my ops');
    assert.equal(n.fileName('vscode-vfs://github/contoso/my%20ops/web.config'), '/contoso/my ops/web.config');
    assert.equal(n.uri('/contoso/my ops/web.config'), 'vscode-vfs://github/contoso/my%20ops/web.config', 'a URI seen comes back as it was');
    assert.equal(n.uri('/contoso/my ops/sites/a b/web.config'), 'vscode-vfs://github/contoso/my%20ops/sites/a%20b/web.config', 'others get the root\'s scheme and authority');
    assert.equal(n.fileName('untitled:Untitled-1'), undefined);
    assert.equal(n.fileName('vscode-remote://127.0.0.1:8080/home/u/site/web.config'), '/home/u/site/web.config');
  });
});
