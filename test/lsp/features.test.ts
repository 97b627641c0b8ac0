/** Outline, inlay hints and the disable-next-line quick fix from the real server over stdio. */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DocumentSymbolRequest, InlayHintRequest, CodeActionRequest, DidChangeTextDocumentNotification, DocumentSymbol, SymbolInformation, InlayHint, CodeAction,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, defaultCapabilities } from './client';
import { REPO, offsetOf } from '../helpers';

const text = fs.readFileSync(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'with-sites.config'), 'utf8');
const uri = pathToFileURL(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'features', 'applicationHost.config')).toString();
const doc = TextDocument.create(uri, 'xml', 1, text);

function names(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} (${s.detail ?? ''})`, ...names(s.children ?? [], depth + 1)]);
}

describe('outline, inlay hints and suppression over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    const caps = defaultCapabilities() as { textDocument: Record<string, unknown> };
    caps.textDocument.documentSymbol = { hierarchicalDocumentSymbolSupport: true };
    caps.textDocument.inlayHint = {};
    const init = await client.initialize(caps) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.documentSymbolProvider, 'documentSymbolProvider');
    assert.ok(init.capabilities.inlayHintProvider, 'inlayHintProvider');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
  });
  after(async () => { await client.stop(); });

  it('textDocument/documentSymbol: hierarchical outline with ranges inside their parents', async () => {
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    const lines = names(symbols);
    assert.equal(lines[0], 'sites (system.applicationHost)');
    assert.equal(lines[1], '  site "Shop" (id 1)');
    assert.ok(lines.includes('location "Shop/api" (application /api of Shop)'), lines.join('\n'));
    assert.ok(lines.includes('  iisClientCertificateMappingAuthentication (system.webServer/security/authentication)'), lines.join('\n'));
    const api = symbols.find((s) => s.name === 'location "Shop/api"')!;
    assert.deepEqual(api.selectionRange.start, doc.positionAt(offsetOf(text, 'Shop/api')));
    const child = api.children![0];
    assert.ok(child.range.start.line > api.range.start.line && child.range.end.line < api.range.end.line);
  });

  it('textDocument/inlayHint: the level of each location path, limited to the requested range', async () => {
    const all = await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) },
    }) as InlayHint[];
    assert.deepEqual(all.map((h) => h.label), ['site Shop', 'application /api of Shop', 'virtual directory /media of Shop',
      'folder /v1/orders of application /api of Shop', 'unknown site Shpo', 'site Intranet']);
    assert.deepEqual(all[1].position, doc.positionAt(offsetOf(text, '"Shop/api"') + '"Shop/api"'.length));
    const line = doc.positionAt(offsetOf(text, 'Shop/media')).line;
    const some = await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
    }) as InlayHint[];
    assert.deepEqual(some.map((h) => h.label), ['virtual directory /media of Shop']);
  });

  it('flat SymbolInformation for clients without hierarchical symbols', async () => {
    const flat = new TestClient();
    try {
      await flat.initialize();
      await flat.open(uri, text);
      const symbols = await flat.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as SymbolInformation[];
      const app = symbols.find((s) => s.name === 'application "/api"');
      assert.equal(app?.containerName, 'site "Shop"');
    } finally {
      await flat.stop();
    }
  });

  it('every diagnostic has a disable-next-line fix; applied, that diagnostic goes away', async () => {
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-location-path')!;
    for (const d of p.diagnostics) {
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
      assert.ok(actions.some((a) => a.title === `Disable ${d.code} for this line` && a.edit), `no disable fix for ${d.code} at line ${d.range.start.line}`);
    }
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } }) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Disable unknown-location-path for this line')!;
    const edits = fix.edit!.changes![uri];
    assert.deepEqual(edits, [{ range: { start: { line: unknown.range.start.line, character: 0 }, end: { line: unknown.range.start.line, character: 0 } },
      newText: '  <!-- iis-config-disable-next-line unknown-location-path -->\n' }]);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const after = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'unknown-location-path'), []);
    assert.equal(after.diagnostics.length, p.diagnostics.length - 1);
  });
});
