/**
 * Incremental analysis in the real server over stdio: after each of a series of edits (typing in values, deleting,
 * pasting elements, several changes in one notification, edits that break and repair the structure), the
 * diagnostics the server publishes for that version are exactly those of a full analysis of the same text.
 */
import { describe, it, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { toLspDiagnostic } from '../../server/src/lsp/convert';
import { LineIndex } from '../../server/src/syntax/lineIndex';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { generateApplicationHost, generateWebConfig } from '../../scripts/bench/generate';

describe('language server: incremental analysis', () => {
  const clients: TestClient[] = [];
  after(async () => { for (const c of clients) await c.stop(); });

  it('publishes for every edited version exactly what a full analysis of its text gives', async () => {
    const client = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: '0', IIS_CONFIG_TRACE_ANALYSES: '1' });
    clients.push(client);
    const traces: string[] = [];
    client.connection.onNotification(LogMessageNotification.type, (p) => { if (p.message.includes('analysed version')) traces.push(p.message); });
    await client.initialize();
    const uri = 'file:///srv/iis/applicationHost.config';
    let doc = TextDocument.create(uri, 'xml', 1, generateApplicationHost(150_000, 11));
    await client.open(uri, doc.getText());
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const at = (needle: string, nth = 1) => { let i = -1; for (let k = 0; k < nth; k++) i = doc.getText().indexOf(needle, i + 1); return i; };
    const edits: Array<Array<{ start: number; end: number; text: string }>> = [
      [{ start: at('sslFlags="') + 10, end: at('sslFlags="') + 10, text: 'x' }],
      [{ start: at('enabled="false"', 3) + 9, end: at('enabled="false"', 3) + 14, text: 'maybe' }],
      [{ start: at('</authentication>', 5), end: at('</authentication>', 5), text: '<basicAuthentication enabled="true" />\n' }],
      [{ start: at('<location path="', 7) + 16, end: at('<location path="', 7) + 16, text: 'old-' }],
      // Two changes in one notification, the second in offsets after the first.
      [{ start: at('<directoryBrowse'), end: at('<directoryBrowse'), text: '<!-- ' }, { start: at('<directoryBrowse') + 5 + 17, end: at('<directoryBrowse') + 5 + 17, text: ' -->' }],
      [{ start: at('<system.webServer>', 20), end: at('<system.webServer>', 20) + 18, text: '<system.webServer' }],
      [{ start: at('<system.webServer', 20) + 17, end: at('<system.webServer', 20) + 17, text: '>' }],
    ];
    let version = 1;
    for (const change of edits) {
      version++;
      const contentChanges = [];
      let text = doc.getText();
      for (const c of change) {
        contentChanges.push({ range: { start: doc.positionAt(c.start), end: doc.positionAt(c.end) }, text: c.text });
        text = text.slice(0, c.start) + c.text + text.slice(c.end);
        doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(c.start), end: doc.positionAt(c.end) }, text: c.text }], version);
      }
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
      const published = await client.waitForDiagnostics(uri, (p) => p.version === version);
      const full = analyzeDocument(doc.getText(), { fileName: uri });
      const index = new LineIndex(doc.getText());
      const expected = full.diagnostics.map((d) => toLspDiagnostic(d, index, { uri, relatedInformation: true, otherFile: () => undefined }));
      assert.deepEqual(published.diagnostics, JSON.parse(JSON.stringify(expected)), `version ${version}`);
    }
    // The edits inside values and between elements were analysed incrementally (the server says how it analysed).
    for (const v of [2, 3, 4]) assert.ok(traces.some((t) => t.includes(`analysed version ${v} (incremental)`)), `version ${v}: ${traces.join(' | ')}`);
  });

  it('a web.config under an applicationHost.config: its edits are analysed incrementally, and equal what a fresh server publishes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-incr-'));
    try {
      fs.mkdirSync(path.join(dir, '.git'));
      fs.mkdirSync(path.join(dir, 'site'));
      fs.writeFileSync(path.join(dir, 'applicationHost.config'), generateApplicationHost(120_000, 5));
      const file = path.join(dir, 'site', 'web.config');
      let text = generateWebConfig();
      fs.writeFileSync(file, text);
      const uri = pathToFileURL(file).href;
      const folders = [{ uri: pathToFileURL(dir).href, name: 'ws' }];
      const client = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: '0', IIS_CONFIG_TRACE_ANALYSES: '1' });
      const fresh = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: '0' });
      clients.push(client, fresh);
      const traces: string[] = [];
      client.connection.onNotification(LogMessageNotification.type, (p) => { if (p.message.includes('analysed version')) traces.push(p.message); });
      await client.initialize(undefined, folders);
      await fresh.initialize(undefined, folders);
      let doc = TextDocument.create(uri, 'xml', 1, text);
      await client.open(uri, text);
      const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.ok(first.diagnostics.some((d) => d.code === 'section-locked'), 'the parent decides a finding (its lock)');
      const needles = ['<add name="', 'value="', '</handlers>', 'type="'];
      for (let k = 0; k < needles.length; k++) {
        const version = k + 2;
        const at = text.indexOf(needles[k]) + (needles[k].endsWith('"') ? needles[k].length : 0);
        assert.ok(at > 0, needles[k]);
        const insert = needles[k] === '</handlers>' ? '<remove name="x" />' : 'z';
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version }, contentChanges: [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: insert }],
        });
        doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: insert }], version);
        text = doc.getText();
        const published = await client.waitForDiagnostics(uri, (p) => p.version === version);
        // A fresh server, the same file, the same text: a full analysis with the same hierarchy.
        await fresh.open(uri, text, 'xml', version);
        const expected = await fresh.waitForDiagnostics(uri, (p) => p.version === version);
        await fresh.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
        assert.deepEqual(published.diagnostics, expected.diagnostics, `version ${version}`);
        assert.ok(traces.some((t) => t.includes(`analysed version ${version} (incremental)`)), `version ${version}: ${traces.join(' | ')}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
