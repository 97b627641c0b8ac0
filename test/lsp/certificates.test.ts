/**
 * Client certificates over the real language server (stdio): the hover on a
 * mapping's certificate value, and the "insert mapping from file" command
 * (workspace/executeCommand answered with a workspace/applyEdit request).
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  HoverRequest, Hover, MarkupContent, ExecuteCommandRequest, ApplyWorkspaceEditRequest, ApplyWorkspaceEditParams, TextDocumentEdit,
  DidChangeTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { REPO, offsetOf } from '../helpers';
import { fixtureCertificate } from '../certs';

const CASES = path.join(REPO, 'test', 'cases', 'ignored-at-level');
const goodText = fs.readFileSync(path.join(CASES, 'scenario-good.config'), 'utf8');
const uri = pathToFileURL(path.join(REPO, 'test', 'lsp', 'certs', 'applicationHost.config')).toString();
const COMMAND = 'iisConfig.server.insertClientCertificateMapping';

describe('client certificates over stdio', () => {
  let client: TestClient;
  const edits: ApplyWorkspaceEditParams[] = [];
  let acceptEdits = true;

  before(async () => {
    client = new TestClient();
    client.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      edits.push(p);
      return acceptEdits ? { applied: true } : { applied: false, failureReason: 'the test client said no' };
    });
    const init = await client.initialize() as { capabilities: { executeCommandProvider?: { commands: string[] } } };
    assert.ok(init.capabilities.executeCommandProvider?.commands.includes(COMMAND));
    await client.open(uri, goodText);
    await client.waitForDiagnostics(uri);
  });
  after(async () => { await client.stop(); });

  it('hovers a mapping certificate with subject, issuer, validity, thumbprints and usages (no password)', async () => {
    const cert = fixtureCertificate('client-a');
    const doc = TextDocument.create(uri, 'xml', 1, goodText);
    const start = offsetOf(goodText, cert.base64);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(start + 100) }) as Hover;
    const md = (h.contents as MarkupContent).value;
    assert.equal((h.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(h.range, { start: doc.positionAt(start), end: doc.positionAt(start + cert.base64.length) });
    assert.match(md, /\| Subject \| O=IIS Config Tests, CN=client-a \|/);
    assert.match(md, /\| Issuer \| O=IIS Config Tests, CN=IIS Config Test CA \|/);
    assert.match(md, /\| Valid from \| 2000-01-01 00:00:00 UTC \|/);
    assert.match(md, /\| Valid to \| 9999-12-31 23:59:59 UTC \|/);
    assert.match(md, /\| Thumbprint \(SHA-1\) \| `[0-9A-F]{40}` \|/);
    assert.match(md, /\| SHA-256 \| `[0-9A-F]{64}` \|/);
    assert.match(md, /Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\)/);
    assert.ok(!md.includes('[enc:'), 'the hover shows no password');
  });

  it('inserts a mapping from a PEM file at the cursor and the server applies it to the analysed version', async () => {
    const cert = fixtureCertificate('client-b');
    const doc = TextDocument.create(uri, 'xml', 1, goodText);
    const cursor = offsetOf(goodText, '<oneToOneMappings>') + '<oneToOneMappings>'.length;
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: COMMAND,
      arguments: [{ uri, position: doc.positionAt(cursor), fileContent: Buffer.from(cert.pem).toString('base64') }],
    }) as { applied: boolean; message: string };
    assert.equal(r.applied, true, r.message);
    assert.match(r.message, /CN=client-b \(thumbprint [0-9A-F]{40}\)/);
    assert.match(r.message, /Fill in userName/);
    const p = edits.pop()!;
    const change = p.edit.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    const updated = TextDocument.applyEdits(doc, change.edits);
    assert.ok(updated.includes(`<oneToOneMappings>\n            <add userName="" certificate="${cert.base64}" />\n            <add userName="Pingu-IIS.Local-User"`), updated);
    // The editor sends the change back; the server re-validates: the new entry has no certificate problem.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: updated }] });
    const diags = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(diags.diagnostics.filter((d) => String(d.code).startsWith('certificate-')), []);
  });

  it('refuses a DER file already mapped, and a file that is no certificate, without editing', async () => {
    const cert = fixtureCertificate('client-a');
    const before = edits.length;
    const position = { line: 0, character: 0 };
    const dup = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: COMMAND, arguments: [{ uri, position, fileContent: cert.der.toString('base64') }],
    }) as { applied: boolean; message: string };
    assert.equal(dup.applied, false);
    assert.match(dup.message, /already mapped/);
    const junk = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: COMMAND, arguments: [{ uri, position, fileContent: Buffer.from('not a certificate at all').toString('base64') }],
    }) as { applied: boolean; message: string };
    assert.equal(junk.applied, false);
    assert.match(junk.message, /neither a DER nor a PEM certificate/);
    assert.equal(edits.length, before);
  });

  it('reports an edit the editor refused', async () => {
    acceptEdits = false;
    try {
      const r = await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: COMMAND, arguments: [{ uri, position: { line: 0, character: 0 }, fileContent: fixtureCertificate('client-c').der.toString('base64') }],
      }) as { applied: boolean; message: string };
      assert.equal(r.applied, false);
      assert.match(r.message, /did not apply the mapping: the test client said no/);
    } finally {
      acceptEdits = true;
    }
  });

  it('rejects malformed arguments with InvalidParams', async () => {
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ uri }] }), /expects \{ uri, position, fileContent \}/);
  });
});
