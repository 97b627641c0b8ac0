/**
 * The real server over stdio under failure and load: a rule that throws is
 * logged once, without document content, while the other rules and the
 * server keep working; hover is answered from the last analysis (mapped
 * through the edits since) instead of waiting for a re-analysis; the size
 * limit setting applies; a burst of edits ends with the last version's
 * diagnostics.
 */
import { describe, it, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidChangeTextDocumentNotification, DidChangeConfigurationNotification, HoverRequest, Hover, LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { REPO, offsetOf } from '../helpers';
import { generateApplicationHost } from '../../scripts/bench/generate';

const CASES = path.join(REPO, 'test', 'cases', 'ignored-at-level');
const scenario = fs.readFileSync(path.join(CASES, 'scenario-bad.config'), 'utf8');
const SECRET_PASSWORD = 'Pa55-w0rd-never-logged';
const SECRET_CONNECTION = 'Server=db01;User Id=sa;Password=also-never-logged';
/** The motivating case with a clear-text password and a connection string in it. */
const withSecrets = scenario
  .replace('password="[enc:IISCngProvider:...:enc]"', `password="${SECRET_PASSWORD}"`)
  .replace('<location path="Client-Cert-Mapping-IIS-App">', `<connectionStrings><add name="db" connectionString="${SECRET_CONNECTION}" /></connectionStrings>\n  <location path="Client-Cert-Mapping-IIS-App">`);

const clients: TestClient[] = [];
function start(env: Record<string, string> = {}, script?: string): { client: TestClient; logs: string[] } {
  const client = new TestClient(env, script);
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (p) => { logs.push(p.message); });
  clients.push(client);
  return { client, logs };
}

async function change(client: TestClient, uri: string, version: number, changes: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): Promise<void> {
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
}

describe('language server robustness', () => {
  after(async () => { for (const c of clients) await c.stop(); });

  it('a rule that throws is logged once, without document content; the other rules and the server go on', async () => {
    const { client, logs } = start({ IIS_CONFIG_DEBOUNCE_MS: '0' }, path.join(REPO, 'out', 'test', 'lsp', 'faultyServer.js'));
    await client.initialize();
    const uri = pathToFileURL(path.join(CASES, 'faulty', 'applicationHost.config')).toString();
    await client.open(uri, withSecrets);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'ignored-at-level'), 'the other rules still report');
    assert.ok(first.diagnostics.some((d) => d.code === 'password-not-encrypted' || d.code === 'ignored-at-level'));
    // Two more validations: the same failure must not be logged again.
    for (const version of [2, 3]) {
      await change(client, uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
      await client.waitForDiagnostics(uri, (p) => p.version === version);
    }
    // The server still answers requests.
    const doc = TextDocument.create(uri, 'xml', 3, '  ' + withSecrets);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(offsetOf('  ' + withSecrets, 'iisClientCertificateMappingAuthentication') + 3) }) as Hover | null;
    assert.ok(h, 'hover still works');
    const all = [...logs, client.stderr].join('\n');
    const failures = logs.filter((m) => m.includes('rule test-always-fails failed'));
    assert.equal(failures.length, 1, `logged once:\n${all}`);
    assert.match(failures[0], /Error \(message withheld: it may contain configuration values\)/);
    assert.match(failures[0], /at Object\.check/);
    for (const secret of [SECRET_PASSWORD, SECRET_CONNECTION, 'Pingu-IIS.Local-User', 'cannot check', 'MIIBzDCC']) {
      assert.ok(!all.includes(secret), `the log contains ${JSON.stringify(secret)}:\n${all}`);
    }
  });

  it('hover after an edit is answered from the last analysis, mapped to the edited text, without waiting for validation', async () => {
    // A long debounce: the edit's validation does not run during this test.
    const { client } = start({ IIS_CONFIG_DEBOUNCE_MS: '600000' });
    await client.initialize();
    const uri = pathToFileURL(path.join(CASES, 'mapped', 'applicationHost.config')).toString();
    await client.open(uri, scenario);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const inserted = '<!-- a comment typed\n     over several lines -->\n';
    await change(client, uri, 2, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, text: inserted }]);
    const lines = scenario.split('\n');
    lines[1] = lines[1].slice(0, 2) + inserted + lines[1].slice(2);
    const edited = lines.join('\n');
    const doc = TextDocument.create(uri, 'xml', 2, edited);
    const name = 'iisClientCertificateMappingAuthentication';
    const at = offsetOf(edited, name);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(at + 5) }) as Hover | null;
    assert.ok(h, 'hover answered');
    assert.deepEqual(h.range, { start: doc.positionAt(at), end: doc.positionAt(at + name.length) });
    assert.match(JSON.stringify(h.contents), /iisClientCertificateMappingAuthentication/);
    // Inside the text typed since, the server analyses the current text instead.
    const h2 = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(offsetOf(edited, 'a comment typed') + 2) }) as Hover | null;
    assert.equal(h2, null);
  });

  it('iisConfig.maxFileSize: a file over the limit gets one file-too-large warning', async () => {
    const { client } = start({ IIS_CONFIG_DEBOUNCE_MS: '0' });
    client.settings = { maxFileSize: 0.001 };
    await client.initialize();
    const uri = pathToFileURL(path.join(CASES, 'limited', 'applicationHost.config')).toString();
    await client.open(uri, scenario);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 2]]);
    assert.match(p.diagnostics[0].message, /^Validation limited: this file is \d+ KB, over the 1 KB limit/);
  });

  it('a settings change while a large file is validated in steps: the result follows the new settings', async () => {
    const { client } = start({ IIS_CONFIG_DEBOUNCE_MS: '0' });
    await client.initialize();
    const uri = pathToFileURL(path.join(CASES, 'settings-race', 'applicationHost.config')).toString();
    const text = generateApplicationHost(2_000_000);
    await client.open(uri, text);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1, 60000);
    assert.ok(first.diagnostics.some((d) => d.code === 'ignored-at-level' && d.severity === 2));
    await change(client, uri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: ' ' }]);
    // Let the validation of version 2 start (it takes a few hundred ms, in steps) before the settings change.
    await new Promise((resolve) => setTimeout(resolve, 60));
    client.settings = { severity: { 'ignored-at-level': 'error' } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 2 && d.diagnostics.some((x) => x.code === 'ignored-at-level' && x.severity === 1), 60000);
    assert.ok(!p.diagnostics.some((x) => x.code === 'ignored-at-level' && x.severity !== 1));
  });

  it('a burst of edits ends with the diagnostics of the last version', async () => {
    const { client } = start({ IIS_CONFIG_DEBOUNCE_MS: '0' });
    await client.initialize();
    const uri = pathToFileURL(path.join(CASES, 'burst', 'applicationHost.config')).toString();
    await client.open(uri, scenario);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    for (let v = 2; v <= 30; v++) await change(client, uri, v, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 30);
    assert.ok(p.diagnostics.some((d) => d.code === 'ignored-at-level'));
  });
});
