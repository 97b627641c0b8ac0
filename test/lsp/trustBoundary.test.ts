/**
 * The trust boundary over stdio, with real files: a quick fix never edits a file outside the workspace, judged on
 * real paths. The applicationHost.config the hierarchy uses may lie outside (the user named it, with `..` after
 * `${workspaceFolder}`, or the workspace holds a symbolic link to it): it is read, its verdicts stand, but no
 * Unlock/Move fix edits it. The correct twins: the same file really inside, and a workspace opened through a
 * symbolic link to its folder, keep their fixes.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  InitializeRequest, InitializedNotification, CodeActionRequest, CodeAction, PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { TestClient, defaultCapabilities } from './client';
import { REPO } from '../helpers';

const FIXTURE = path.join(REPO, 'test', 'cases', 'hierarchy-ops', 'ops');

interface Layout { workspace: string; appHost: string; settings?: Record<string, unknown> }

/** Start a server on `workspace`, open sites/shop/web.config and return the code actions of its section-locked finding. */
async function lockedActions(l: Layout): Promise<{ actions: CodeAction[]; stderr: string }> {
  const client = new TestClient();
  try {
    client.settings = l.settings ?? {};
    const statuses: Array<{ uri: string; applicationHost: string | null }> = [];
    client.connection.onNotification('iisConfig/status', (st: { uri: string; applicationHost: string | null }) => { statuses.push(st); });
    const caps = defaultCapabilities() as { workspace: Record<string, unknown> };
    caps.workspace.workspaceFolders = true;
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(l.workspace).toString(), capabilities: caps,
      workspaceFolders: [{ uri: pathToFileURL(l.workspace).toString(), name: 'ops' }],
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    const shop = path.join(l.workspace, 'sites', 'shop', 'web.config');
    const uri = pathToFileURL(shop).toString();
    await client.open(uri, fs.readFileSync(shop, 'utf8'));
    const p: PublishDiagnosticsParams = await client.waitForDiagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'section-locked'));
    const d = p.diagnostics.find((x) => x.code === 'section-locked')!;
    const used = statuses.filter((st) => st.uri === uri).pop()?.applicationHost;
    assert.ok(used && fs.realpathSync(used) === fs.realpathSync(l.appHost), `the verdict rests on the applicationHost.config under test, not ${used}`);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
    return { actions, stderr: client.stderr };
  } finally {
    await client.stop();
  }
}

/** The files an action edits, other than the document itself, as real paths. */
function otherFiles(actions: CodeAction[], doc: string): string[] {
  const out: string[] = [];
  for (const a of actions) {
    for (const uri of Object.keys(a.edit?.changes ?? {})) {
      const file = new URL(uri);
      if (fs.realpathSync(file) !== fs.realpathSync(doc)) out.push(fs.realpathSync(file));
    }
  }
  return out;
}

describe('trust boundary: no fix edits a file outside the workspace (real paths, over stdio)', () => {
  let tmp: string;
  before(() => { tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-trust-'))); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** tmp/<name>/ws: the fixture without its server folder; tmp/<name>/outside/applicationHost.config: the server file. */
  const split = (name: string) => {
    const base = path.join(tmp, name);
    const ws = path.join(base, 'ws');
    fs.cpSync(FIXTURE, ws, { recursive: true });
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    const appHost = path.join(outside, 'applicationHost.config');
    fs.renameSync(path.join(ws, 'server', 'applicationHost.config'), appHost);
    return { ws, appHost };
  };

  it('twin: the applicationHost.config inside the workspace is edited by Unlock and Move', async () => {
    const ws = path.join(tmp, 'inside', 'ws');
    fs.cpSync(FIXTURE, ws, { recursive: true });
    const appHost = path.join(ws, 'server', 'applicationHost.config');
    const { actions } = await lockedActions({ workspace: ws, appHost });
    assert.ok(actions.some((a) => a.title.startsWith('Unlock <anonymousAuthentication>')), actions.map((a) => a.title).join(' | '));
    assert.ok(actions.some((a) => a.title.startsWith('Move <anonymousAuthentication> into applicationHost.config')));
    assert.deepEqual([...new Set(otherFiles(actions, path.join(ws, 'sites', 'shop', 'web.config')))], [fs.realpathSync(appHost)]);
  });

  it('twin: a workspace opened through a symbolic link to its folder keeps its fixes (both sides compared as real paths)', async () => {
    const real = path.join(tmp, 'linked', 'real');
    fs.cpSync(FIXTURE, real, { recursive: true });
    const link = path.join(tmp, 'linked', 'link');
    fs.symlinkSync(real, link, 'dir');
    const { actions } = await lockedActions({ workspace: link, appHost: path.join(link, 'server', 'applicationHost.config') });
    assert.ok(actions.some((a) => a.title.startsWith('Unlock <anonymousAuthentication>')), actions.map((a) => a.title).join(' | '));
  });

  it('iisConfig.applicationHostPath with ".." after ${workspaceFolder}: read, but no fix edits it', async () => {
    const { ws, appHost } = split('dotdot');
    const { actions } = await lockedActions({ workspace: ws, appHost, settings: { applicationHostPath: '${workspaceFolder}/../outside/applicationHost.config' } });
    assert.deepEqual(otherFiles(actions, path.join(ws, 'sites', 'shop', 'web.config')), [], actions.map((a) => a.title).join(' | '));
    assert.ok(!actions.some((a) => /^(Unlock|Move) <anonymousAuthentication>/.test(a.title)), actions.map((a) => a.title).join(' | '));
  });

  it('iisConfig.applicationHostPath with ".." in a relative path (ws/server/../../outside): no fix edits it', async () => {
    const { ws, appHost } = split('relative');
    fs.mkdirSync(path.join(ws, 'server'), { recursive: true });
    const { actions } = await lockedActions({ workspace: ws, appHost, settings: { applicationHostPath: 'server/../../outside/applicationHost.config' } });
    assert.deepEqual(otherFiles(actions, path.join(ws, 'sites', 'shop', 'web.config')), []);
  });

  it('a symbolic link in the workspace to an applicationHost.config outside it: read, but no fix edits it', async () => {
    const { ws, appHost } = split('filelink');
    fs.symlinkSync(appHost, path.join(ws, 'server', 'applicationHost.config'), 'file');
    const { actions } = await lockedActions({ workspace: ws, appHost: path.join(ws, 'server', 'applicationHost.config') });
    assert.deepEqual(otherFiles(actions, path.join(ws, 'sites', 'shop', 'web.config')), [], actions.map((a) => a.title).join(' | '));
  });

  it('a folder of the workspace that is a symbolic link to a folder outside it: no fix edits the file behind it', async () => {
    const { ws, appHost } = split('dirlink');
    fs.rmSync(path.join(ws, 'server'), { recursive: true, force: true });
    fs.symlinkSync(path.dirname(appHost), path.join(ws, 'server'), 'dir');
    // Named by the setting inside the workspace's folder, so only its real path tells that it lies outside.
    const { actions } = await lockedActions({
      workspace: ws, appHost: path.join(ws, 'server', 'applicationHost.config'), settings: { applicationHostPath: '${workspaceFolder}/server/applicationHost.config' },
    });
    assert.deepEqual(otherFiles(actions, path.join(ws, 'sites', 'shop', 'web.config')), [], actions.map((a) => a.title).join(' | '));
  });
});
