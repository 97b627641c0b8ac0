/**
 * What the real server touches, recorded by a preload (fsSpy.ts) in the
 * server process while it serves a workspace: it reads only the workspace,
 * its own installation, configured schema folders / applicationHost.config and
 * the `.vs` folders where Visual Studio keeps IIS Express's applicationhost.config;
 * it writes nothing, makes no network request, and logs no configuration value.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  InitializeRequest, InitializedNotification, HoverRequest, CodeActionRequest, DocumentSymbolRequest, CompletionRequest,
  LogMessageNotification, DidChangeTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';
import { REPO } from '../helpers';

const PASSWORD = 'Cl3ar-Text-Pa55word';
const CONNECTION = 'Server=sql01;Database=Shop;User Id=shop;Password=Db-Pa55word';

interface Call { op: string; path: string }

describe('language server: file access, network, logs', () => {
  let base: string, ws: string, outside: string, schemaDir: string, spyLog: string;
  const calls: Call[] = [];
  const logs: string[] = [];

  before(async () => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-security-')));
    ws = path.join(base, 'workspace');
    outside = path.join(base, 'outside');
    schemaDir = path.join(base, 'schema');
    spyLog = path.join(base, 'spy.log');
    fs.mkdirSync(path.join(ws, 'site', 'app'), { recursive: true });
    fs.mkdirSync(outside);
    fs.mkdirSync(schemaDir);
    // Files above and beside the workspace that the server has no business reading.
    fs.writeFileSync(path.join(base, 'web.config'), '<configuration><appSettings><add key="above" value="workspace" /></appSettings></configuration>');
    fs.writeFileSync(path.join(outside, 'web.config'), '<configuration />');
    fs.writeFileSync(path.join(outside, 'applicationHost.config'), '<configuration />');
    fs.writeFileSync(path.join(schemaDir, 'extra_schema.xml'), '<configSchema><sectionSchema name="system.webServer/extra"><attribute name="on" type="bool" /></sectionSchema></configSchema>');
    fs.writeFileSync(path.join(ws, 'site', 'web.config'), `<configuration>\n  <connectionStrings>\n    <add name="db" connectionString="${CONNECTION}" />\n  </connectionStrings>\n</configuration>\n`);
    const doc = `<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <iisClientCertificateMappingAuthentication enabled="true">\n          <oneToOneMappings>\n            <add userName="u" password="${PASSWORD}" certificate="not-base64" />\n          </oneToOneMappings>\n        </iisClientCertificateMappingAuthentication>\n      </authentication>\n    </security>\n    <extra on="maybe" />\n  </system.webServer>\n</configuration>\n`;
    fs.writeFileSync(path.join(ws, 'site', 'app', 'web.config'), doc);

    const client = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: '0', NODE_OPTIONS: `--require ${path.join(REPO, 'out', 'test', 'lsp', 'fsSpy.js')}`, IIS_CONFIG_FS_SPY: spyLog });
    client.settings = { schemaPaths: [schemaDir] };
    client.connection.onNotification(LogMessageNotification.type, (p) => { logs.push(p.message); });
    try {
      const wsUri = pathToFileURL(ws).toString();
      await client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid, rootUri: wsUri, capabilities: defaultCapabilities(), workspaceFolders: [{ uri: wsUri, name: 'workspace' }],
      });
      await client.connection.sendNotification(InitializedNotification.type, {});
      const uri = pathToFileURL(path.join(ws, 'site', 'app', 'web.config')).toString();
      await client.open(uri, doc);
      const p = await client.waitForDiagnostics(uri, (d) => d.version === 1, 30000);
      assert.ok(p.diagnostics.length > 0, 'the document was analysed');
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] });
      const p2 = await client.waitForDiagnostics(uri, (d) => d.version === 2, 30000);
      const position = { line: 4, character: 12 };
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }).catch(() => undefined);
      await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }).catch(() => undefined);
      for (const d of p2.diagnostics) await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    } finally {
      await client.stop();
    }
    for (const line of fs.readFileSync(spyLog, 'utf8').split('\n')) if (line) calls.push(JSON.parse(line) as Call);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('the spy saw the server work (it read the workspace)', () => {
    assert.ok(calls.some((c) => c.op.startsWith('read:') && c.path.startsWith(ws)), JSON.stringify(calls.slice(0, 20)));
  });

  it('reads nothing outside the workspace, its own installation, the configured schema folder and IIS Express discovery', () => {
    const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);
    // Discovery of the applicationHost.config in effect: Visual Studio keeps IIS Express's in a `.vs` folder of the
    // solution, which may be a parent of the workspace folder; only `.vs` folders and applicationhost.config files there.
    const discovery = (p: string) => p.split(path.sep).includes('.vs') && (path.basename(p) === '.vs' || !path.extname(p) || /^applicationhost\.config$/i.test(path.basename(p)));
    const allowed = (p: string) => inside(p, ws) || inside(p, REPO) || inside(p, schemaDir) || inside(p, path.dirname(process.execPath)) || p.startsWith('fd:') || discovery(p);
    const strays = calls.filter((c) => c.op.startsWith('read:') && !allowed(c.path)).map((c) => `${c.op} ${c.path}`);
    assert.deepEqual([...new Set(strays)], []);
    assert.ok(!calls.some((c) => c.path.startsWith(outside)), 'never looks beside the workspace');
  });

  it('writes no file', () => {
    assert.deepEqual(calls.filter((c) => c.op.startsWith('write:')).map((c) => `${c.op} ${c.path}`), []);
  });

  it('makes no network request', () => {
    assert.deepEqual(calls.filter((c) => c.op.startsWith('net:')).map((c) => `${c.op} ${c.path}`), []);
  });

  it('logs no configuration value', () => {
    const all = logs.join('\n');
    for (const secret of [PASSWORD, CONNECTION, 'Db-Pa55word', 'not-base64']) assert.ok(!all.includes(secret), `log contains ${secret}:\n${all}`);
  });
});
