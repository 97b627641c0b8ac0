/**
 * The configuration hierarchy as the editor shows it: IIS Config: Show Effective Configuration (the merged section in
 * effect for the active file, with where each setting comes from), and re-validation when the applicationHost.config
 * changes on disk (file watching on the desktop; on the web build the client sends the changed file to its server). The applicationHost status bar
 * item is checked on screen by scripts/vscode/screenshots.js: the extension API cannot read the status bar.
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, openFixture, until, waitForDiagnostics } from './helpers';

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

  test('a change of applicationHost.config on disk re-validates the web.config under it, and so does the change back', async () => {
    const doc = await openFixture('Site/web.config');
    const locked = (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === 'section-locked');
    await waitForDiagnostics(doc, locked, 'section-locked (the declaration locks the section)');
    const appHost = fixtureUri('applicationHost.config');
    const before = await vscode.workspace.fs.readFile(appHost);
    const unlock = '  <location path="Site" overrideMode="Allow">\n    <system.webServer>\n      <security>\n        <authentication>\n' +
      '          <iisClientCertificateMappingAuthentication />\n        </authentication>\n      </security>\n    </system.webServer>\n  </location>\n</configuration>';
    try {
      await vscode.workspace.fs.writeFile(appHost, new TextEncoder().encode(new TextDecoder().decode(before).replace('</configuration>', unlock)));
      const ds = await waitForDiagnostics(doc, (d) => !locked(d) && d.some((x) => codeOf(x) === 'ignored-at-level'), 'the unlock to take effect (ignored-at-level instead)');
      assert.strictEqual(ds.length, 1);
    } finally {
      await vscode.workspace.fs.writeFile(appHost, before);
    }
    await waitForDiagnostics(doc, locked, 'section-locked again once the file is restored');
  });
});
