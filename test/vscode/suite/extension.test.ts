/**
 * The extension itself: which copy is loaded (the development folder, or the installed .vsix when the
 * launcher says so), its activation, its manifest and its commands.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPO, openFixture, until, waitForDiagnostics } from './helpers';

interface Manifest {
  main: string;
  contributes: { commands?: Array<{ command: string }>; configuration: { properties: Record<string, unknown> } };
}

suite('the extension', () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);

  test('is the copy the launcher installed or pointed at', () => {
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const installed = process.env.IIS_CONFIG_EXPECT_INSTALLED === '1';
    const where = ext.extensionPath;
    if (installed) {
      // The .vsix: bundled, nothing but what runs.
      assert.notStrictEqual(path.resolve(where), REPO, 'expected the installed package, got the development folder');
      assert.strictEqual((ext.packageJSON as Manifest).main, './dist/extension.js');
      for (const f of ['dist/extension.js', 'dist/server.js', 'syntaxes']) assert.ok(fs.existsSync(path.join(where, f)), `${f} missing from the package`);
      for (const f of ['node_modules', 'out', 'client', 'server', 'test', 'dist/cli.js']) assert.ok(!fs.existsSync(path.join(where, f)), `${f} should not be packaged`);
    } else {
      assert.strictEqual(path.resolve(where), REPO, 'expected the development folder');
    }
  });

  test('activates on an IIS configuration file and reports its activation time', async () => {
    await openFixture('applicationHost.config');
    await until(() => ext!.isActive, 'activation');
    const api = ext!.exports as { activationMs?: number } | undefined;
    assert.ok(typeof api?.activationMs === 'number' && api.activationMs >= 0, `exports: ${JSON.stringify(api)}`);
    console.log(`    activation took ${api.activationMs} ms (${process.env.IIS_CONFIG_EXPECT_INSTALLED === '1' ? 'installed .vsix' : 'development folder'})`);
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

  test('the files the manifest names (grammar, walkthrough pages) are in the extension folder', () => {
    const m = ext!.packageJSON as { contributes: { grammars: Array<{ path: string }>; walkthroughs: Array<{ steps: Array<{ media: { markdown?: string; image?: string } }> }> } };
    const files = [
      ...m.contributes.grammars.map((g) => g.path),
      ...m.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image ?? '')),
    ];
    assert.ok(files.length >= 5, JSON.stringify(files));
    assert.deepStrictEqual(files.filter((f) => !fs.existsSync(path.join(ext!.extensionPath, f))), []);
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
    const hover = await until(() => vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('iisClientCertificateMappingAuthentication') + 3)), 'a hover from the restarted server');
    assert.ok(hover.length > 0);
    await waitForDiagnostics(doc, (ds) => ds.length === 1, 'diagnostics after the restart');
  });
});
