/**
 * The configuration hierarchy as the editor shows it: IIS Config: Show Effective Configuration (the merged
 * section in effect for the active file, with where each setting comes from) and IIS Config: Explain Request
 * (what the server does for a path). The applicationHost status bar
 * item is checked on screen by scripts/vscode/screenshots.js: the extension API cannot read the status bar.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture, until } from './helpers';

suite('configuration hierarchy', () => {
  test('Show Effective Configuration opens the merged section, read-only XML, beside the file', async () => {
    const doc = await openFixture('Site/web.config');
    const section = 'system.webServer/security/access';
    const content = await until(() => vscode.commands.executeCommand<string | undefined>('iisConfig.showEffectiveConfiguration', section), 'the effective configuration');
    assert.match(content, new RegExp(`Effective configuration of ${section.replace(/\//g, '\\/')}`));
    assert.match(content, /<access\b/);
    const view = await until(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'iis-effective'), 'the effective configuration editor');
    assert.strictEqual(view.document.languageId, 'xml');
    assert.strictEqual(view.document.getText(), content);
    await vscode.window.showTextDocument(view.document, view.viewColumn);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(doc);
  });

  test('Explain Request opens what the server does for a path, each fact with its file and line, beside the file', async () => {
    const doc = await openFixture('Site/web.config');
    const content = await until(() => vscode.commands.executeCommand<string | undefined>('iisConfig.explainRequest', 'PUT Site/Sub-App/default.aspx'), 'the explanation');
    assert.match(content, /^PUT \/Sub-App\/default\.aspx \(configuration path "Site\/Sub-App\/default\.aspx"\)$/m);
    assert.match(content, /^ {2}application +\/Sub-App +applicationHost\.config:\d+$/m);
    assert.match(content, /^Not known from the files$/m);
    const view = await until(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'iis-explain'), 'the explanation editor');
    assert.strictEqual(view.document.getText(), content);
    await vscode.window.showTextDocument(view.document, view.viewColumn);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(doc);
  });
});
