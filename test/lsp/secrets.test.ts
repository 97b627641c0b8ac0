/**
 * No secret printed unless asked, over stdio: the effective-configuration command masks passwords and
 * connection-string passwords (and says so), shows them only with `showSecrets: true`; no diagnostic, hover or log
 * message of the server quotes one.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { InitializeRequest, InitializedNotification, ExecuteCommandRequest, HoverRequest, LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';

const SECRET = 'Zq8-secret-VALUE';
const APPHOST = `<configuration><system.applicationHost>
  <applicationPools><add name="Shop"><processModel identityType="SpecificUser" userName="svc" password="${SECRET}-pool" /></add></applicationPools>
  <sites><site name="Shop" id="1"><application path="/" applicationPool="Shop"><virtualDirectory path="/" physicalPath="C:\\\\x\\\\shop" /></application></site></sites>
</system.applicationHost></configuration>
`;
const WEB = `<configuration>
  <connectionStrings><add name="Main" connectionString="Server=db;User ID=u;Password=${SECRET}-cs;Encrypt=true" /></connectionStrings>
  <system.web><identity impersonate="true" userName="u" password="${SECRET}-id" /></system.web>
</configuration>
`;

describe('secrets over stdio', () => {
  let client: TestClient;
  let tmp: string;
  let uri: string;
  const logs: string[] = [];
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-lsp-secrets-'));
    fs.mkdirSync(path.join(tmp, 'server'));
    fs.writeFileSync(path.join(tmp, 'server', 'applicationHost.config'), APPHOST);
    fs.mkdirSync(path.join(tmp, 'shop'));
    fs.writeFileSync(path.join(tmp, 'shop', 'web.config'), WEB);
    client = new TestClient({ IIS_CONFIG_TRACE_ANALYSES: '1' });
    client.connection.onNotification(LogMessageNotification.type, (m) => { logs.push(m.message); });
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(tmp).toString(), capabilities: defaultCapabilities(),
      workspaceFolders: [{ uri: pathToFileURL(tmp).toString(), name: 'ws' }],
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    uri = pathToFileURL(path.join(tmp, 'shop', 'web.config')).toString();
    await client.open(uri, WEB);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const effective = async (section: string, extra: Record<string, unknown> = {}) =>
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iisConfig.server.effectiveConfiguration', arguments: [{ uri, section, ...extra }] }) as { content: string };

  it('the effective configuration masks secrets and says so; showSecrets: true shows them', async () => {
    const p = await client.waitForDiagnostics(uri);
    for (const section of ['connectionStrings', 'system.web/identity']) {
      const masked = await effective(section);
      assert.ok(!masked.content.includes(SECRET), masked.content);
      assert.match(masked.content, /Secrets masked: 1 value /);
      const other = await effective(section, { showSecrets: 'yes' });
      assert.ok(!other.content.includes(SECRET), 'only true asks');
      const shown = await effective(section, { showSecrets: true });
      assert.ok(shown.content.includes(SECRET), shown.content);
      assert.match(shown.content, /Secrets are shown as written \(asked for\)/);
    }
    // Nothing the server sent quotes a secret: diagnostics, hovers on the secret values, log messages.
    assert.ok(!JSON.stringify(p).includes(SECRET));
    for (let i = WEB.indexOf(SECRET); i >= 0; i = WEB.indexOf(SECRET, i + 1)) {
      const line = WEB.slice(0, i).split('\n').length - 1;
      const character = i - (WEB.lastIndexOf('\n', i) + 1);
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: character + 2 } });
      assert.ok(!JSON.stringify(h ?? '').includes(SECRET), JSON.stringify(h));
    }
    assert.ok(logs.length > 0, 'the trace logged something');
    assert.ok(!logs.some((l) => l.includes(SECRET)) && !client.stderr.includes(SECRET), logs.join('\n'));
  });
});
