/**
 * The server never blocks on one request, over stdio: a slow request (code actions over the whole of a large
 * document with thousands of findings, whose analysis has not run yet) followed by a cheap one (a hover in a small
 * document): the cheap one is answered first. And a slow request cancelled with $/cancelRequest answers empty, while
 * its uncancelled twin answers with the fixes. Ordering and cancellation are asserted, never timings.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, CodeActionRequest, DidChangeTextDocumentNotification, HoverRequest, InitializeRequest, InitializedNotification } from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';

/** A web.config with `n` entries, each with an unknown attribute and a missing required one (2n findings with fixes). */
function large(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `      <mimeMap fileExtension=".e${i}" mimeTyp="x/y" />\n`).join('');
  return `<configuration>\n  <system.webServer>\n    <staticContent>\n${rows}    </staticContent>\n  </system.webServer>\n</configuration>\n`;
}
const SMALL = '<configuration>\n  <system.webServer>\n    <defaultDocument enabled="true" />\n  </system.webServer>\n</configuration>\n';

describe('never block on one request (over stdio)', () => {
  let client: TestClient;
  const big = large(8000);
  const lines = big.split('\n').length;
  const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
  before(async () => {
    client = new TestClient();
    // Validation on save only: after an edit, nothing analyses the large documents before the requests do.
    client.settings = { run: 'onSave' };
    await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: defaultCapabilities(), workspaceFolders: null });
    await client.connection.sendNotification(InitializedNotification.type, {});
    await client.open('file:///ws/small/web.config', SMALL);
    // The small document's analysis is made and cached by a first hover.
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/small/web.config' }, position: { line: 2, character: 6 } });
  });
  after(async () => { await client.stop(); });

  /**
   * Open a large document, let its first validation finish, then edit it where the incremental analysis cannot help
   * (a <configSections> changes the declarations: a full analysis), so the next request finds no analysis of it.
   */
  const openStale = async (uri: string, text: string) => {
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, undefined, 60000);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  <configSections></configSections>\n' }],
    });
  };

  it('a cheap request sent after a slow one is answered before it', async () => {
    const uri = 'file:///ws/big/web.config';
    await openStale(uri, big);
    const order: string[] = [];
    const slow = client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } })
      .then((r) => { order.push('slow'); return r; });
    const cheap = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/small/web.config' }, position: { line: 2, character: 6 } })
      .then((r) => { order.push('cheap'); return r; });
    const [actions, hover] = await Promise.all([slow, cheap]);
    assert.ok(hover, 'the hover is answered');
    assert.ok(Array.isArray(actions) && actions.length > 8000, `the slow request is answered in full (${Array.isArray(actions) ? actions.length : actions})`);
    assert.deepEqual(order, ['cheap', 'slow']);
  });

  it('a slow request cancelled with $/cancelRequest answers empty; its uncancelled twin answers with the fixes', async () => {
    const uri = 'file:///ws/big2/web.config';
    await openStale(uri, big.replace('.e0"', '.f0"'));
    const source = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } }, source.token)
      .then((r) => ({ result: r }), (e: { code?: number }) => ({ error: e.code }));
    source.cancel();
    const r = await cancelled;
    assert.ok(('error' in r && r.error === -32800) || ('result' in r && Array.isArray(r.result) && r.result.length === 0), JSON.stringify(r).slice(0, 300));
    const twin = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } });
    assert.ok(Array.isArray(twin) && twin.length > 8000, `${Array.isArray(twin) ? twin.length : twin}`);
  });
});
