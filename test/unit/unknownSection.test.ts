/** unknown-section with the declarations of a known server (as the CLI's --app-host or the hierarchy supplies them). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DeclarationSet, defaultDeclarations } from '../../server/src/iis/declarations';
import { analyze } from '../helpers';
import { getCodeActions } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';

const WEB = `<configuration>
  <system.webServer>
    <rewrite>
      <rules><rule name="spa"><match url=".*" /><action type="Rewrite" url="/" /></rule></rules>
    </rewrite>
    <iisnode watchedFiles="*.js" />
  </system.webServer>
</configuration>`;

describe('unknown-section on a known server', () => {
  it('a server without URL Rewrite declared: <rewrite> is an error naming and linking the module', () => {
    const withoutRewrite = new DeclarationSet([...defaultDeclarations().all()].filter((d) => !d.path.startsWith('system.webServer/rewrite/')));
    const a = analyze(WEB, 'web.config', { declarations: withoutRewrite });
    const d = a.diagnostics.filter((x) => x.code === 'unknown-section');
    assert.deepEqual(d.map((x) => [WEB.slice(x.start, x.end), x.severity]), [['rewrite', 'error'], ['iisnode', 'error']]);
    assert.match(d[0].message, /belongs to URL Rewrite, which is not declared here/);
    assert.match(d[0].detail ?? '', /URL Rewrite \(https:\/\/www\.iis\.net\/downloads\/microsoft\/url-rewrite\)/);
    assert.match(d[0].detail ?? '', /0x8007000d/);
  });

  it('the stock declarations know URL Rewrite: only the add-on outside them is mentioned, as information', () => {
    const a = analyze(WEB, 'web.config');
    assert.deepEqual(a.diagnostics.filter((x) => x.code === 'unknown-section').map((x) => [WEB.slice(x.start, x.end), x.severity]), [['iisnode', 'information']]);
  });
});

describe('unknown-section renames: valid XML names only, never into a section already there', () => {
  const titles = (text: string, at: string) => {
    const a = analyze(text, 'web.config');
    const d = a.diagnostics.find((x) => x.code === 'unknown-section' && text.slice(x.start, x.end) === at);
    assert.ok(d, `unknown-section at ${at}: ${a.diagnostics.map((x) => `${x.code} ${text.slice(x.start, x.end)}`).join(', ')}`);
    return { message: d.message, titles: getCodeActions(a, d.start, d.end).map((x) => x.title).filter((t) => t.startsWith('Rename')) };
  };
  const declared = (sections: string) => `<configuration>\n  <configSections>\n${sections}\n  </configSections>\n`;

  it('a declared name that is no XML name ("xyzzy conf") is never offered; a valid near one is', () => {
    const text = `${declared('    <section name="xyzzy conf" type="A, B" />\n    <section name="xyzzyConf" type="A, B" />')}  <xyzzyconf />\n</configuration>\n`;
    const r = titles(text, 'xyzzyconf');
    assert.deepEqual(r.titles, ['Rename to <xyzzyConf>']);
    assert.match(r.message, /did you mean <xyzzyConf>\?/);
  });

  it('only invalid names near: no rename, the custom-section advice instead', () => {
    const text = `${declared('    <section name="xyzzy conf" type="A, B" />\n    <section name="xyzzy&lt;conf" type="A, B" />')}  <xyzzyconf />\n</configuration>\n`;
    const r = titles(text, 'xyzzyconf');
    assert.deepEqual(r.titles, []);
    assert.match(r.message, /declare it in <configSections>/);
  });

  it('no rename into a section already in the same group; the message says it is there', () => {
    const text = `<configuration>\n  <system.webServer>\n    <defaultDocument enabled="true" />\n    <defaultDocuments enabled="false" />\n  </system.webServer>\n</configuration>\n`;
    const r = titles(text, 'defaultDocuments');
    assert.ok(!r.titles.includes('Rename to <defaultDocument>'), r.titles.join(', '));
    assert.match(r.message, /did you mean <defaultDocument>\? There is one here already/);
  });

  it('the correct twin: the same misspelling without a <defaultDocument> beside it is renamed', () => {
    const text = `<configuration>\n  <system.webServer>\n    <defaultDocuments enabled="false" />\n  </system.webServer>\n  <location path="x">\n    <system.webServer>\n      <defaultDocument enabled="true" />\n    </system.webServer>\n  </location>\n</configuration>\n`;
    assert.deepEqual(titles(text, 'defaultDocuments').titles, ['Rename to <defaultDocument>']);
  });

  it('a misspelled group beside the real one is renamed when their sections differ, not when both hold the same section', () => {
    const differ = `<configuration>\n  <system.webserver>\n    <directoryBrowse enabled="false" />\n  </system.webserver>\n  <system.webServer>\n    <defaultDocument enabled="true" />\n  </system.webServer>\n</configuration>\n`;
    assert.ok(titles(differ, 'system.webserver').titles.includes('Rename to <system.webServer>'));
    const same = differ.replace('<directoryBrowse enabled="false" />', '<defaultDocument enabled="false" />');
    assert.ok(!titles(same, 'system.webserver').titles.includes('Rename to <system.webServer>'));
  });

  it('every offered rename gives a well-formed file without a new error', () => {
    const text = `${declared('    <section name="xyzzy conf" type="A, B" />\n    <section name="xyzzyConf" type="A, B" />')}  <xyzzyconf />\n  <system.webServer>\n    <defaultDocument enabled="true" />\n    <defaultDocuments enabled="false" />\n    <directoryBrowse enabled="true" />\n    <directoryBrowsing enabled="true" />\n  </system.webServer>\n</configuration>\n`;
    const a = analyze(text, 'web.config');
    const errors = (x: typeof a) => x.diagnostics.filter((d) => d.severity === 'error').length;
    for (const d of a.diagnostics.filter((x) => x.code === 'unknown-section')) {
      for (const action of getCodeActions(a, d.start, d.end).filter((x) => x.title.startsWith('Rename'))) {
        const again = analyze(applyEdits(text, action.edits), 'web.config');
        assert.ok(again.doc.wellFormed, action.title);
        assert.ok(errors(again) < errors(a), `${action.title}: ${errors(a)} errors before, ${errors(again)} after`);
      }
    }
  });

  it('no rename into a section whose schema rejects the content (the rename would only trade one error for another)', () => {
    const text = `<configuration>\n  <system.web>\n    <authorisation>\n      <deny users="?" />\n    </authorisation>\n  </system.web>\n</configuration>\n`;
    const r = titles(text, 'authorisation');
    assert.deepEqual(r.titles, ['Rename to <authorization>']);
    // The correct twin: content that <authentication> accepts keeps that rename.
    const twin = `<configuration>\n  <system.web>\n    <authorisation mode="Forms">\n      <forms loginUrl="/login" />\n    </authorisation>\n  </system.web>\n</configuration>\n`;
    assert.ok(titles(twin, 'authorisation').titles.includes('Rename to <authentication>'), titles(twin, 'authorisation').titles.join(', '));
  });

  it('a rename to <configSections> only for the first element of <configuration>', () => {
    const first = `<configuration>\n  <configSection>\n    <section name="a" type="A, B" />\n  </configSection>\n  <appSettings />\n</configuration>\n`;
    assert.deepEqual(titles(first, 'configSection').titles, ['Rename to <configSections>']);
    const later = `<configuration>\n  <appSettings />\n  <configSection>\n    <section name="a" type="A, B" />\n  </configSection>\n</configuration>\n`;
    assert.ok(!titles(later, 'configSection').titles.includes('Rename to <configSections>'), titles(later, 'configSection').titles.join(', '));
  });
});
