/**
 * Server profiles and file associations in the real server over stdio: the
 * setting iisConfig.serverProfile picks the built-in model when no
 * applicationHost.config is found (and iisConfig/status says which), and
 * iisConfig.fileAssociations says what a renamed file is; a file checked
 * without its hierarchy says so in iisConfig/status.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { InitializeRequest, InitializedNotification, DidChangeConfigurationNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';

interface Status { uri: string; applicationHost: string | null; source: string; reason: string; profile?: string; profileLabel?: string }

const WEB = `<configuration>
  <system.webServer>
    <webSocket enabled="false" />
    <staticContent><mimeMap fileExtension=".woff2" mimeType="font/woff2" /></staticContent>
  </system.webServer>
</configuration>
`;

describe('server profiles and file associations over stdio', () => {
  let client: TestClient;
  let ws: string;
  const statuses: Status[] = [];
  let webUri: string, renamedUri: string;
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);
  const latestStatus = async (uri: string, pred: (s: Status) => boolean): Promise<Status> => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const s = statuses.filter((x) => x.uri === uri).pop();
      if (s && pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`no matching status for ${uri}: ${JSON.stringify(statuses.filter((x) => x.uri === uri))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-profiles-'));
    fs.mkdirSync(path.join(ws, 'site'));
    fs.writeFileSync(path.join(ws, 'site', 'web.config'), WEB);
    fs.writeFileSync(path.join(ws, 'site', 'web.vsts.config'), WEB);
    webUri = pathToFileURL(path.join(ws, 'site', 'web.config')).toString();
    renamedUri = pathToFileURL(path.join(ws, 'site', 'web.vsts.config')).toString();
    client = new TestClient();
    client.connection.onNotification('iisConfig/status', (s: Status) => { statuses.push(s); });
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(ws).toString(), capabilities: defaultCapabilities(),
      workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }],
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    await client.open(webUri, WEB);
    await client.open(renamedUri, WEB);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('assumes IIS 10 by default, and says so in iisConfig/status', async () => {
    const p = await client.waitForDiagnostics(webUri, (x) => codes(x).includes('section-locked'));
    assert.ok(p.diagnostics.some((d) => d.code === 'duplicate-collection-entry' && /woff2/.test(d.message)));
    const s = await latestStatus(webUri, (x) => x.source === 'default');
    assert.equal(s.profile, 'iis10');
    assert.equal(s.profileLabel, 'IIS 10');
    assert.match(s.reason, /assuming default IIS 10 settings/);
  });

  it('a renamed copy is checked alone, and iisConfig/status says so', async () => {
    const p = await client.waitForDiagnostics(renamedUri, () => true);
    assert.ok(!codes(p).includes('section-locked'), 'no hierarchy, no lock verdict');
    const s = await latestStatus(renamedUri, (x) => x.source === 'alone');
    assert.match(s.reason, /checked without its configuration hierarchy/);
  });

  it('iisConfig.serverProfile azure-app-service unlocks webSocket; iisConfig.fileAssociations gives the renamed copy its hierarchy', async () => {
    client.settings = { serverProfile: 'azure-app-service', fileAssociations: { 'web.*.config': 'web.config' } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const p = await client.waitForDiagnostics(webUri, (x) => !codes(x).includes('section-locked'));
    assert.ok(p.diagnostics.some((d) => d.code === 'duplicate-collection-entry' && /Azure App Service/.test(d.message)));
    const s = await latestStatus(webUri, (x) => x.profile === 'azure-app-service');
    assert.equal(s.profileLabel, 'Azure App Service');
    const r = await latestStatus(renamedUri, (x) => x.source === 'default');
    assert.equal(r.profile, 'azure-app-service');
    await client.waitForDiagnostics(renamedUri, (x) => codes(x).includes('duplicate-collection-entry'));
    client.settings = {};
  });
});
