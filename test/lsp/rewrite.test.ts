/**
 * URL Rewrite in the real server over stdio: the code lens above <rules>, the
 * iisConfig.server.rewriteTest command (the trace, the links from each rule's
 * file:line to its line, the JSON), a global rule from the workspace's
 * applicationHost.config, an open editor's unsaved text winning over the disk,
 * and a clear error for bad arguments.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { InitializeRequest, InitializedNotification, ExecuteCommandRequest, CodeLensRequest, CodeLens, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
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
