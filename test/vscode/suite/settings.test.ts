/** Settings take effect while the document stays open: per-code severity, enable/disable. */
import * as assert from './assert';
import * as vscode from 'vscode';
import { codeOf, openFixture, waitForDiagnostics, withSetting } from './helpers';

suite('settings', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openFixture('applicationHost.config');
    await waitForDiagnostics(doc, (ds) => ds.length === 1, 'the ignored-at-level diagnostic');
  });

  test('iisConfig.severity raises ignored-at-level to an error, and back when removed', async () => {
    await withSetting('severity', { 'ignored-at-level': 'error' }, async () => {
      const ds = await waitForDiagnostics(doc, (d) => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Error, 'an error');
      assert.strictEqual(codeOf(ds[0]), 'ignored-at-level');
    });
    await waitForDiagnostics(doc, (d) => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Warning, 'the warning again');
  });

  test('iisConfig.severity "off" drops the code', async () => {
    await withSetting('severity', { 'ignored-at-level': 'off' }, async () => {
      await waitForDiagnostics(doc, (d) => d.length === 0, 'no diagnostics with the code off');
    });
    await waitForDiagnostics(doc, (d) => d.length === 1, 'the diagnostic again');
  });

  test('iisConfig.enable=false clears the diagnostics; true brings them back', async () => {
    await withSetting('enable', false, async () => {
      await waitForDiagnostics(doc, (d) => d.length === 0, 'diagnostics cleared');
    });
    await waitForDiagnostics(doc, (d) => d.length === 1, 'diagnostics back');
  });
});
