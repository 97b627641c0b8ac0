/** Fix all in file (analysis/fixAll.ts): offered only where a code's fix repeats; source.fixAll takes every batchable code. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { getCodeActions, getFixAllAction } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { combine } from '../../server/src/analysis/fixAll';
import type { CodeAction, TextEdit } from '../../server/src/analysis/types';
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

  it('combining fixes keeps exactly what the one-by-one rule keeps (an edit clashing with none kept before it), by binary search', () => {
    // The rule spelled out as a scan of every kept edit, against the indexed version, over seeded random fixes:
    // replacements, deletions and insertions, overlapping, touching and at the same offsets.
    const clash = (e: TextEdit, k: TextEdit) => (e.start < k.end && k.start < e.end) || (e.start === e.end && k.start === k.end && e.start === k.start);
    const reference = (actions: CodeAction[]) => {
      const kept: TextEdit[] = [];
      let applied = 0;
      for (const a of [...actions].sort((x, y) => Math.min(...x.edits.map((e) => e.start)) - Math.min(...y.edits.map((e) => e.start)))) {
        if (a.edits.some((e) => kept.some((k) => clash(e, k)))) continue;
        kept.push(...a.edits);
        applied++;
      }
      return { edits: kept.sort((x, y) => x.start - y.start), applied };
    };
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let round = 0; round < 300; round++) {
      const actions: CodeAction[] = [];
      for (let i = 0, count = 1 + rand(30); i < count; i++) {
        const edits: TextEdit[] = [];
        // One to three edits an action, apart from each other (an action's own edits never overlap).
        let at = rand(60);
        for (let k = 0, n = 1 + rand(3); k < n; k++) {
          const length = rand(3) === 0 ? 0 : 1 + rand(6);
          edits.push({ start: at, end: at + length, newText: `${i}.${k}` });
          at += length + 1 + rand(20);
        }
        actions.push({ title: `fix ${i}`, kind: 'quickfix', edits });
      }
      assert.deepEqual(combine(actions), reference(actions), `round ${round}`);
    }
  });
});
