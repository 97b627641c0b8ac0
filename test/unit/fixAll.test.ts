/** Fix all in file (analysis/fixAll.ts): offered only where a code's fix repeats; source.fixAll takes every batchable code. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { getCodeActions, getFixAllAction } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { analyze } from '../helpers';

const wrap = (inner: string) => `<configuration>\n  <system.webServer>\n${inner}\n  </system.webServer>\n</configuration>\n`;

describe('fix all in file', () => {
  it('is not offered for a code that has one fixable diagnostic', () => {
    const a = analyze(wrap('    <directoryBrowse enabled="yes" />'), 'web.config');
    const d = a.diagnostics.find((x) => x.code === 'invalid-value')!;
    assert.deepEqual(getCodeActions(a, d.start, d.end).filter((x) => x.title.startsWith('Fix all')), []);
  });

  it('is not offered for fixes that move sections (two moves could meet at the same place)', () => {
    const text = `<configuration>
  <location path="Site/App1"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></location>
  <location path="Site/App2"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></location>
</configuration>
`;
    const a = analyze(text, 'applicationHost.config');
    const d = a.diagnostics.find((x) => x.code === 'ignored-at-level')!;
    assert.ok(getCodeActions(a, d.start, d.end).some((x) => x.title.startsWith('Move ')), 'the single move is there');
    assert.deepEqual(getCodeActions(a, d.start, d.end).filter((x) => x.title.startsWith('Fix all')), []);
  });

  it('source.fixAll applies the preferred fix of every batchable diagnostic, and the result is clean of them', () => {
    const text = wrap('    <directoryBrowse enabled="yes" />\n    <staticContent><mimeMap fileExtension=".avif" mimetype="image/avif" /></staticContent>');
    const a = analyze(text, 'web.config');
    const all = getFixAllAction(a)!;
    assert.equal(all.kind, 'source.fixAll');
    assert.equal(all.title, 'Fix all IIS Config problems in this file (2)');
    const fixed = applyEdits(text, all.edits);
    assert.deepEqual(analyze(fixed, 'web.config').diagnostics.map((d) => d.code), []);
    assert.equal(getFixAllAction(analyze(wrap('    <directoryBrowse enabled="true" />'), 'web.config')), undefined);
  });
});
