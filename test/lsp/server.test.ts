/** The real language server over stdio: diagnostics, hover and the quick fix of the motivating case. */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { HoverRequest, CodeActionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { REPO, offsetOf, analyze } from '../helpers';

const CASES = path.join(REPO, 'test', 'cases', 'ignored-at-level');
const badText = fs.readFileSync(path.join(CASES, 'scenario-bad.config'), 'utf8');
const badUri = pathToFileURL(path.join(CASES, 'applicationHost.config')).toString();

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    const init = await client.initialize() as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeActionProvider);
  });
  after(async () => { await client.stop(); });

  it('publishes ignored-at-level on the section name, with source and code', async () => {
    await client.open(badUri, badText);
    const p = await client.waitForDiagnostics(badUri, (d) => d.diagnostics.length > 0);
    // The section ignored at the sub-application, and seen from its side: no module can authenticate (401.2).
    assert.deepEqual(p.diagnostics.map((x) => x.code).sort(), ['ignored-at-level', 'no-authentication-possible']);
    const d = p.diagnostics.find((x) => x.code === 'ignored-at-level')!;
    assert.equal(d.code, 'ignored-at-level');
    assert.equal(d.source, 'iis-config');
    assert.equal(d.severity, 2);
    const doc = TextDocument.create(badUri, 'xml', 1, badText);
    const start = offsetOf(badText, 'iisClientCertificateMappingAuthentication');
    assert.deepEqual(d.range, { start: doc.positionAt(start), end: doc.positionAt(start + 'iisClientCertificateMappingAuthentication'.length) });
    assert.match(d.message, /only at server or site level/);
  });

  it('hovers the section with its levels, the resolved position and a reference link', async () => {
    const doc = TextDocument.create(badUri, 'xml', 1, badText);
    const position = doc.positionAt(offsetOf(badText, 'iisClientCertificateMappingAuthentication') + 5);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: badUri }, position }) as Hover;
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /IIS reads it:\*\* at server and site level/);
    assert.match(md, /May be set:/);
    assert.match(md, /\| `enabled` \| bool \| `false` \|/);
    assert.match(md, /below site `Client-Cert-Mapping-IIS-App`/);
    assert.match(md, /https:\/\/learn\.microsoft\.com\/iis\/configuration\/system\.webServer\/security\/authentication\/iisClientCertificateMappingAuthentication\//);
  });

  it('offers the move fix; applied, the document re-analyses clean', async () => {
    const p = await client.waitForDiagnostics(badUri, (d) => d.diagnostics.length > 0);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: badUri }, range: p.diagnostics.find((x) => x.code === 'ignored-at-level')!.range, context: { diagnostics: p.diagnostics },
    }) as CodeAction[];
    const move = actions.find((a) => a.title === 'Move <iisClientCertificateMappingAuthentication> to site level (<location path="Client-Cert-Mapping-IIS-App">)');
    assert.ok(move?.edit?.changes?.[badUri], `no move action in ${JSON.stringify(actions.map((a) => a.title))}`);
    const fixed = TextDocument.applyEdits(TextDocument.create(badUri, 'xml', 1, badText), move.edit.changes[badUri]);
    assert.equal(fixed, fs.readFileSync(path.join(CASES, 'scenario-bad.fixed.config'), 'utf8'));
    assert.deepEqual(analyze(fixed).diagnostics, []);
    // Send the edit to the server as the editor would: diagnostics go away.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: badUri, version: 2 }, contentChanges: move.edit.changes[badUri].slice().reverse().map((e) => ({ range: e.range, text: e.newText })),
    });
    await client.waitForDiagnostics(badUri, (d) => d.version === 2 && d.diagnostics.length === 0);
  });

  it('clears diagnostics on close and ignores files that are not IIS configuration', async () => {
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: badUri } });
    await client.waitForDiagnostics(badUri, (d) => d.diagnostics.length === 0);
    const nuget = pathToFileURL(path.join(CASES, 'NuGet.config')).toString();
    await client.open(nuget, '<configuration><packageSources><add key="a" value="b" /></packageSources><<</configuration>');
    const p = await client.waitForDiagnostics(nuget);
    assert.deepEqual(p.diagnostics, []);
  });

  it('applies per-code severity settings', async () => {
    client.settings = { severity: { 'ignored-at-level': 'error' } };
    const uri = pathToFileURL(path.join(CASES, 'other', 'applicationHost.config')).toString();
    await client.open(uri, badText);
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    assert.equal(p.diagnostics.find((d) => d.code === 'ignored-at-level')?.severity, 1);
  });
});
