/**
 * URL Rewrite in the real server over stdio: the code lens above <rules>, the
 * iisConfig.server.rewriteTest command (the trace, the links from each rule's
 * file:line to its line, the JSON), a global rule from the workspace's
 * applicationHost.config, an open editor's unsaved text winning over the disk,
 * and a clear error for bad arguments. Then the browser build: the same
 * command over the files the client sends, with virtual URIs, and a file it
 * did not send left undecided.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { InitializeRequest, InitializedNotification, ExecuteCommandRequest, CodeLensRequest, CodeLens, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { MessageChannel } from 'worker_threads';
import {
  BrowserMessageReader, BrowserMessageWriter, createProtocolConnection, ProtocolConnection, ConfigurationRequest,
  InitializeRequest as BrowserInitializeRequest, InitializedNotification as BrowserInitializedNotification, DidOpenTextDocumentNotification as BrowserDidOpen,
} from 'vscode-languageserver-protocol/browser';
import { createConnection as createBrowserConnection } from 'vscode-languageserver/browser';
import { startServer } from '../../server/src/lsp/server';
import { browserPlatform } from '../../server/src/browser/platform';
import { WORKSPACE_FILES_NOTIFICATION, type WorkspaceFilesParams } from '../../server/src/lsp/protocol';
import { TestClient, defaultCapabilities } from './client';
import { REPO } from '../helpers';

interface Response { title: string; text: string; links: Array<{ line: number; start: number; end: number; target: string; targetLine: number }>; json: { result: { action: string; url: string } }; error?: string }

describe('URL Rewrite over stdio', () => {
  let client: TestClient;
  let ws: string;
  let blogUri: string;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-rewrite-lsp-'));
    fs.cpSync(path.join(REPO, 'test', 'rewrite', 'global-distributed'), ws, { recursive: true });
    blogUri = pathToFileURL(path.join(ws, 'wwwroot', 'blog', 'web.config')).toString();
    client = new TestClient();
    const caps = defaultCapabilities() as { workspace: Record<string, unknown> };
    caps.workspace.workspaceFolders = true;
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: caps, workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }],
    });
    assert.ok(init.capabilities.codeLensProvider, 'code lenses are offered');
    assert.ok(init.capabilities.executeCommandProvider?.commands.includes('iisConfig.server.rewriteTest'));
    assert.ok(init.capabilities.executeCommandProvider?.commands.includes('iisConfig.server.effectiveConfiguration'), 'the other features keep their commands');
    await client.connection.sendNotification(InitializedNotification.type, {});
    await client.open(blogUri, fs.readFileSync(path.join(ws, 'wwwroot', 'blog', 'web.config'), 'utf8'));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('puts a code lens above <rules> that runs the client command for the document', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: blogUri } }) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 4);
    assert.deepEqual([lenses[0].command?.command, lenses[0].command?.arguments], ['iisConfig.testRewriteRules', [blogUri]]);
  });

  it('iisConfig.server.rewriteTest runs the URL through the global rule and the folder rule, with links to both rules', async () => {
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.rewriteTest', arguments: [{ uri: blogUri, url: 'http://blog_localhost/article/234/some-title' }] }) as Response;
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.json.result.url, '/blog/article.aspx?id=234&title=some-title');
    assert.match(r.text, /\[global\] "Subdomain mapping"/);
    const lines = r.text.split('\n');
    assert.deepEqual(r.links.map((l) => [lines[l.line].slice(l.start, l.end), path.basename(new URL(l.target).pathname), l.targetLine]), [
      [`${path.basename(ws)}/server/applicationHost.config:18`, 'applicationHost.config', 17],
      [`${path.basename(ws)}/wwwroot/blog/web.config:6`, 'web.config', 5],
    ]);
  });

  it('reads the open editor\'s text (unsaved changes) rather than the disk', async () => {
    const edited = fs.readFileSync(path.join(ws, 'wwwroot', 'blog', 'web.config'), 'utf8').replace('article.aspx?id={R:1}', 'post.aspx?id={R:1}');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: blogUri, version: 2 }, contentChanges: [{ text: edited }] });
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.rewriteTest', arguments: [{ uri: blogUri, url: 'http://blog_localhost/article/1/x' }] }) as Response;
    assert.equal(r.json.result.url, '/blog/post.aspx?id=1&title=x');
  });

  it('answers a clear error for bad arguments', async () => {
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.rewriteTest', arguments: [{ uri: blogUri }] }) as Response;
    assert.match(r.error ?? '', /expects \{ uri, url \}/);
  });
});

describe('URL Rewrite in the browser build (files from the client, virtual URIs)', () => {
  const ROOT = 'vscode-vfs://github/contoso/rewrite';
  let client: ProtocolConnection;
  let ports: Array<{ close(): void }> = [];
  const files: Array<{ uri: string; text: string }> = [];
  const add = (rel: string, from: string) => files.push({ uri: `${ROOT}/${rel}`, text: fs.readFileSync(path.join(REPO, 'test', 'rewrite', from), 'utf8') });
  add('server/applicationHost.config', 'global-distributed/server/applicationHost.config');
  add('wwwroot/blog/web.config', 'global-distributed/wwwroot/blog/web.config');
  add('wp/web.config', 'wordpress/site/web.config');
  const test = (uri: string, url: string) => client.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.rewriteTest', arguments: [{ uri, url }] }) as Promise<Response>;

  before(async () => {
    const { port1, port2 } = new MessageChannel();
    ports = [port1, port2];
    type Port = ConstructorParameters<typeof BrowserMessageReader>[0];
    startServer(createBrowserConnection(new BrowserMessageReader(port2 as unknown as Port), new BrowserMessageWriter(port2 as unknown as Port)), browserPlatform(), { debounceMs: 0 });
    client = createProtocolConnection(new BrowserMessageReader(port1 as unknown as Port), new BrowserMessageWriter(port1 as unknown as Port));
    client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
    client.listen();
    await client.sendRequest(BrowserInitializeRequest.type, {
      processId: null, rootUri: ROOT, workspaceFolders: [{ uri: ROOT, name: 'rewrite' }], capabilities: { workspace: { configuration: true } },
      initializationOptions: { workspaceFiles: true },
    });
    await client.sendNotification(BrowserInitializedNotification.type, {});
    await client.sendNotification(WORKSPACE_FILES_NOTIFICATION, { changed: files, initial: true } satisfies WorkspaceFilesParams);
    for (const f of files) await client.sendNotification(BrowserDidOpen.type, { textDocument: { uri: f.uri, languageId: 'xml', version: 1, text: f.text } });
  });
  after(() => { client.dispose(); for (const p of ports) p.close(); });

  it('runs the global rule from the applicationHost.config the client sent, then the folder rule, linking both by their URIs', async () => {
    const r = await test(`${ROOT}/wwwroot/blog/web.config`, 'http://blog_localhost/article/234/some-title');
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.json.result.url, '/blog/article.aspx?id=234&title=some-title');
    assert.deepEqual(r.links.map((l) => [l.target, l.targetLine]), [[`${ROOT}/server/applicationHost.config`, 17], [`${ROOT}/wwwroot/blog/web.config`, 5]]);
  });

  it('a file the workspace may hold but the client did not send is undecided, not missing', async () => {
    const r = await test(`${ROOT}/wp/web.config`, 'http://localhost/2008/05/30/hello-world/');
    assert.equal(r.json.result.action, 'Undecided', r.text);
    assert.match(r.text, /cannot be told here/);
  });
});
