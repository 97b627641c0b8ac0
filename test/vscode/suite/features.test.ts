/**
 * What else the editor shows for IIS configuration: the language of a web.config without an XML
 * declaration, suppression comments, the outline (and so breadcrumbs), and the level hints after
 * <location path>.
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { codeOf, openFixture, rangeOf, until, waitForDiagnostics } from './helpers';

suite('outline, inlay hints, suppression', () => {
  test('a web.config without <?xml ?> opens as XML; the suppressed line stays silent, the other is reported', async () => {
    const doc = await openFixture('Site/web.config');
    assert.strictEqual(doc.languageId, 'xml');
    // Both <location> elements set a section the declaration locks; the first one's line is suppressed (for
    // section-locked and ignored-at-level, the finding that would take its place), the second is reported.
    const diags = await waitForDiagnostics(doc, (ds) => ds.some((d) => codeOf(d) === 'section-locked'), 'section-locked in Site/web.config');
    assert.deepStrictEqual(diags.map((d) => [codeOf(d), d.range.start.line]),
      [['section-locked', rangeOf(doc, 'iisClientCertificateMappingAuthentication', 2).start.line]]);
  });

  test('the outline: sites and applications, locations with the level they resolve to, their sections', async () => {
    const doc = await openFixture('applicationHost.config');
    const symbols = await until(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'document symbols');
    const render = (ss: vscode.DocumentSymbol[], depth = 0): string[] =>
      ss.flatMap((s) => [`${'  '.repeat(depth)}${s.name} | ${s.detail}`, ...render(s.children ?? [], depth + 1)]);
    assert.deepStrictEqual(render(symbols), [
      'sites | system.applicationHost',
      '  site "Site" | id 1',
      '    application "/" | %SystemDrive%\\inetpub\\site',
      '      virtual directory "/" | %SystemDrive%\\inetpub\\site',
      '    application "/Sub-App" | %SystemDrive%\\inetpub\\sub-app',
      '      virtual directory "/" | %SystemDrive%\\inetpub\\sub-app',
      'location "Site" | site Site',
      '  access | system.webServer/security',
      'location "Site/Sub-App" | application /Sub-App of Site',
      '  iisClientCertificateMappingAuthentication | system.webServer/security/authentication',
      '  access | system.webServer/security',
    ]);
    const sub = symbols.find((s) => s.name === 'location "Site/Sub-App"')!;
    const path = rangeOf(doc, '<location path="Site/Sub-App"');
    assert.ok(sub.selectionRange.isEqual(new vscode.Range(path.start.translate(0, '<location path="'.length), path.end.translate(0, -1))), 'selection is the path value');
  });

  test('completion: the flags of access/@sslFlags from the IIS schema', async () => {
    const doc = await openFixture('applicationHost.config');
    const at = rangeOf(doc, 'sslFlags="Ssl"').start.translate(0, 'sslFlags="'.length);
    const list = await until(async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      return l.items.some((i) => i.kind === vscode.CompletionItemKind.EnumMember) ? l : undefined;
    }, 'schema completions');
    const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const flag of ['None', 'Ssl', 'SslNegotiateCert', 'SslRequireCert', 'Ssl128']) assert.ok(labels.includes(flag), `${flag} missing from ${labels.join(', ')}`);
  });

  test('inlay hints after each <location path>: the level it resolves to', async () => {
    const doc = await openFixture('applicationHost.config');
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await until(() => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, all), 'inlay hints');
    const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    assert.deepStrictEqual(hints.map((h) => [label(h), h.position.line]), [
      ['site Site', rangeOf(doc, '<location path="Site"').start.line],
      ['application /Sub-App of Site', rangeOf(doc, '<location path="Site/Sub-App"').start.line],
    ]);
    assert.ok(hints[1].position.isEqual(rangeOf(doc, '<location path="Site/Sub-App"').end), 'after the closing quote');
  });
});
