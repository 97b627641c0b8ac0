/**
 * The motivating case in a real VS Code: <iisClientCertificateMappingAuthentication> saved in
 * <location path="Site/Sub-App"> of an applicationHost.config. Diagnostics, hover and the move fix,
 * asked of VS Code (not of the server), as the editor's UI asks.
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { codeOf, iisDiagnostics, openFixture, quickFixes, rangeOf, readExpected, revert, until, waitForDiagnostics } from './helpers';

const SECTION = 'iisClientCertificateMappingAuthentication';

suite('applicationHost.config with <location path="Site/Sub-App">', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => { doc = await openFixture('applicationHost.config'); });
  teardown(async () => { await revert(doc); });

  test('ignored-at-level: code, source, severity and the range of the section name', async () => {
    const diags = await waitForDiagnostics(doc, (ds) => ds.length > 0, 'diagnostics for applicationHost.config');
    assert.deepStrictEqual(diags.map((d) => [codeOf(d), d.source, d.severity]), [['ignored-at-level', 'iis-config', vscode.DiagnosticSeverity.Warning]]);
    // The start tag's name (the first occurrence), not the end tag.
    assert.ok(diags[0].range.isEqual(rangeOf(doc, SECTION, 1)), `range ${JSON.stringify(diags[0].range)}`);
    // One sentence that says where it belongs; the explanation is in the hover.
    assert.match(diags[0].message, /is ignored here: IIS reads it only at server or site level \(<location path="Site">\)\.$/);
  });

  test('hover over the section: where IIS reads it, where this location resolves, a reference link', async () => {
    const at = rangeOf(doc, SECTION, 1).start.translate(0, 5);
    const hovers = await until(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at), 'a hover');
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /`ignored-at-level` — .*<location path="Site\/Sub-App">` resolves to application "\/Sub-App" of site "Site"/);
    assert.match(text, /IIS reads it:\*\* at server and site level/);
    assert.match(text, /application `\/Sub-App` of site `Site`/);
    assert.match(text, /https:\/\/learn\.microsoft\.com\/iis\/configuration\/system\.webServer\/security\/authentication\/iisClientCertificateMappingAuthentication\//);
  });

  test('the move fix applies, gives the expected text and leaves a clean document', async () => {
    const diag = (await waitForDiagnostics(doc, (ds) => ds.length === 1, 'the ignored-at-level diagnostic'))[0];
    const fix = await quickFixes(doc, diag.range, (a) => a.title === `Move <${SECTION}> to site level (<location path="Site">)` && !!a.edit, 'the move fix');
    assert.ok(fix.isPreferred, 'the move fix should be the preferred fix');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit refused the edit');
    assert.strictEqual(doc.getText(), await readExpected('applicationHost.moved.config'));
    await waitForDiagnostics(doc, (ds) => ds.length === 0, 'no diagnostics after the fix');
  });

  test('the disable-next-line fix inserts the comment with the line\'s indentation and silences the line', async () => {
    const diag = (await waitForDiagnostics(doc, (ds) => ds.length === 1, 'the ignored-at-level diagnostic'))[0];
    const fix = await quickFixes(doc, diag.range, (a) => a.title === 'Disable ignored-at-level for this line' && !!a.edit, 'the disable-next-line fix');
    const line = diag.range.start.line;
    const indent = /^\s*/.exec(doc.lineAt(line).text)![0];
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit refused the edit');
    assert.strictEqual(doc.lineAt(line).text, `${indent}<!-- iis-config-disable-next-line ignored-at-level -->`);
    assert.strictEqual(doc.lineAt(line + 1).text.trim().startsWith(`<${SECTION}`), true);
    await waitForDiagnostics(doc, (ds) => ds.length === 0, 'no diagnostics once the line is suppressed');
    await revert(doc);
    await waitForDiagnostics(doc, (ds) => ds.length === 1, 'the diagnostic back after the revert');
    assert.strictEqual(iisDiagnostics(doc.uri).length, 1);
  });
});
