/**
 * The extension itself: which copy is loaded (the development folder, or the installed .vsix when the
 * launcher says so), which build (desktop, or web when the launcher runs the web-worker extension host), its
 * activation, its manifest and its commands.
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, exists, openFixture, repoUri, testEnv, until, waitForDiagnostics } from './helpers';
import type { IisConfigApi } from '../../../client/src/api';

interface Manifest {
  main: string;
  browser: string;
  contributes: { commands?: Array<{ command: string }>; configuration: { properties: Record<string, unknown> } };
}

suite('the extension', () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);

  const api = () => ext!.exports as IisConfigApi | undefined;

  test('is the copy the launcher installed or pointed at', async () => {
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const installed = testEnv().IIS_CONFIG_EXPECT_INSTALLED === '1';
    const where = ext.extensionUri;
    const same = where.path.replace(/\/+$/, '') === repoUri().path.replace(/\/+$/, '');
    if (installed) {
      // The .vsix: bundled, both builds, nothing but what runs.
      assert.ok(!same, 'expected the installed package, got the development folder');
      assert.strictEqual((ext.packageJSON as Manifest).main, './dist/extension.js');
      assert.strictEqual((ext.packageJSON as Manifest).browser, './dist/web/extension.js');
      for (const f of ['dist/extension.js', 'dist/server.js', 'dist/web/extension.js', 'dist/web/server.js', 'syntaxes', 'media/icon.png']) {
        assert.ok(await exists(vscode.Uri.joinPath(where, f)), `${f} missing from the package`);
      }
      for (const f of ['node_modules', 'out', 'client', 'server', 'test', 'dist/cli.js', 'docs']) {
        assert.ok(!await exists(vscode.Uri.joinPath(where, f)), `${f} should not be packaged`);
      }
    } else {
      assert.ok(same, `expected the development folder, got ${where.toString()}`);
    }
  });

  test('runs the build the launcher asked for: desktop (a Node server over IPC) or web (the web-worker extension host)', async () => {
    await openFixture('applicationHost.config');
    await until(() => ext!.isActive, 'activation');
    const web = testEnv().IIS_CONFIG_EXPECT_WEB === '1';
    assert.strictEqual(api()?.platform, web ? 'web' : 'desktop');
    // code-server's web-worker extension host refuses nested workers: the web build's server runs in the extension
    // host over a MessageChannel there (the Worker path is checked in Chromium by scripts/web/check-worker.js).
    assert.strictEqual(api()?.serverTransport(), web ? 'messageChannel' : 'ipc');
  });

  test('the launcher turned files.autoSave off: edits made by the tests never reach the fixtures on disk', () => {
    assert.strictEqual(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
  });

  test('activates on an IIS configuration file and reports its activation time', async () => {
    await openFixture('applicationHost.config');
    await until(() => ext!.isActive, 'activation');
    const a = api();
    assert.ok(typeof a?.activationMs === 'number' && a.activationMs >= 0, `exports: ${JSON.stringify(a)}`);
    console.log(`    activation took ${a.activationMs} ms (${a.platform} build, ${testEnv().IIS_CONFIG_EXPECT_INSTALLED === '1' ? 'installed .vsix' : 'development folder'})`);
  });

  test('every setting and command in the manifest is known to VS Code', async () => {
    const manifest = ext!.packageJSON as Manifest;
    const config = vscode.workspace.getConfiguration('iisConfig');
    for (const key of Object.keys(manifest.contributes.configuration.properties)) {
      assert.ok(config.inspect(key.replace(/^iisConfig\./, '')) !== undefined, `setting ${key} unknown`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (manifest.contributes.commands ?? []).map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  test('the files the manifest names (grammar, walkthrough pages) are in the extension folder', async () => {
    const m = ext!.packageJSON as { contributes: { grammars: Array<{ path: string }>; walkthroughs: Array<{ steps: Array<{ media: { markdown?: string; image?: string } }> }> } };
    const files = [
      ...m.contributes.grammars.map((g) => g.path),
      ...m.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image ?? '')),
    ];
    assert.ok(files.length >= 5, JSON.stringify(files));
    const missing: string[] = [];
    for (const f of files) if (!await exists(vscode.Uri.joinPath(ext!.extensionUri, f))) missing.push(f);
    assert.deepStrictEqual(missing, []);
  });

  test('IIS Config: Show Output opens the server log channel', async () => {
    const name = await vscode.commands.executeCommand<string>('iisConfig.showOutput');
    assert.strictEqual(name, 'IIS Config');
  });

  test('IIS Config: Restart Language Server brings diagnostics back from a new server', async () => {
    const doc = await openFixture('applicationHost.config');
    await waitForDiagnostics(doc, (ds) => ds.length === 1, 'diagnostics before the restart');
    const server = await vscode.commands.executeCommand<string>('iisConfig.restartServer');
    assert.strictEqual(server, 'iis-config-language-server');
    assert.strictEqual(api()?.outputChannels(), 1, 'the restart reuses the output channel');
    const hover = await until(() => vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('iisClientCertificateMappingAuthentication') + 3)), 'a hover from the restarted server');
    assert.ok(hover.length > 0);
    await waitForDiagnostics(doc, (ds) => ds.length === 1, 'diagnostics after the restart');
  });
});
