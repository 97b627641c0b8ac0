/**
 * Suppression comments (server/src/analysis/suppression.ts). The behaviour on whole files is in the
 * data-driven cases of test/cases/suppression; here: the directive grammar, that those case files
 * really exercise suppression, and that every diagnostic of every case file can be silenced by its fix.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseDirective, disableFixTitle } from '../../server/src/analysis/suppression';
import { getCodeActions } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { REPO, analyze, assertNothingLost } from '../helpers';

const CASES = path.join(REPO, 'test', 'cases');

describe('suppression directives', () => {
  it('parses kinds and codes separated by commas and/or spaces', () => {
    assert.deepEqual(parseDirective(' iis-config-disable-next-line ignored-at-level '), { kind: 'disable-next-line', codes: ['ignored-at-level'] });
    assert.deepEqual(parseDirective('iis-config-disable a,b  c ,d'), { kind: 'disable', codes: ['a', 'b', 'c', 'd'] });
    assert.deepEqual(parseDirective('\n  iis-config-enable\n'), { kind: 'enable', codes: [] });
    assert.deepEqual(parseDirective(' iis-config-disable-line x '), { kind: 'disable-line', codes: ['x'] });
  });

  it('ignores comments that only look like directives', () => {
    assert.equal(parseDirective(' iis-config-disabled x '), undefined);
    assert.equal(parseDirective(' see iis-config-disable x '), undefined);
    assert.equal(parseDirective(' IIS-CONFIG-DISABLE x '), undefined);
  });

  it('the case files of test/cases/suppression report more without their directives', () => {
    const dir = path.join(CASES, 'suppression');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.config') && !n.includes('.fixed.'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const neutral = text.replace(/iis-config-(disable|enable)/g, 'no-op-$1');
      const withDirectives = analyze(text, path.join(dir, f)).diagnostics.length;
      const without = analyze(neutral, path.join(dir, f)).diagnostics.length;
      if (!f.startsWith('fix-')) assert.ok(without > withDirectives, `${f}: ${without} diagnostics without directives, ${withDirectives} with`);
    }
  });
});

describe('the disable-next-line fix on every diagnostic of every case file', () => {
  const files: string[] = [];
  for (const group of fs.readdirSync(CASES)) {
    const dir = path.join(CASES, group);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.config')) files.push(path.join(dir, f));
  }

  // Each file as saved, and with a byte order mark as a client may send it (the BOM must stay first).
  for (const [file, bom] of files.sort().flatMap((f) => [[f, ''], [f, '\ufeff']] as const)) {
    it(`${path.relative(CASES, file)}${bom ? ' (with a BOM)' : ''}`, () => {
      const text = bom + fs.readFileSync(file, 'utf8');
      const analysis = analyze(text, file);
      for (const d of analysis.diagnostics) {
        const fix = getCodeActions(analysis, d.start, d.end).find((a) => a.title === disableFixTitle(d.code) && a.diagnostic === d);
        const where = `${d.code} at ${JSON.stringify(text.slice(d.start, d.end))}`;
        if (/^\s*<\?xml/.test(text.slice(0, d.start)) && !text.slice(0, d.start).includes('\n')) {
          assert.equal(fix, undefined, `${where}: nothing may precede the XML declaration`);
          continue;
        }
        assert.ok(fix, `no disable fix for ${where}`);
        const fixed = applyEdits(text, fix.edits);
        if (bom) assert.ok(fixed.startsWith(bom), `${where}: the fix put text before the byte order mark`);
        const again = analyze(fixed, file);
        if (analysis.doc.wellFormed) {
          assert.ok(again.doc.wellFormed, `${where}: the fix made the XML malformed:\n${fixed}`);
          assertNothingLost(text, fixed);
        }
        const same = again.diagnostics.filter((x) => x.code === d.code && fixed.slice(x.start, x.end) === text.slice(d.start, d.end));
        const before = analysis.diagnostics.filter((x) => x.code === d.code && text.slice(x.start, x.end) === text.slice(d.start, d.end));
        assert.ok(same.length < before.length, `${where}: still reported after the fix`);
        // Only a comment was added (or extended): the same text once directive lines are taken out of both.
        const strip = (t: string) => t.replace(/[ \t]*<!-- iis-config-disable-next-line [^>]*-->(\r\n|\n|\r)/g, '');
        assert.equal(strip(fixed), strip(text));
      }
    });
  }
});

describe('the disable-next-line fix on the first line of a file that starts with a byte order mark', () => {
  const cases: Array<{ name: string; text: string; offered: boolean }> = [
    { name: 'root element on line 1', text: '\ufeff<configuration><system.webServer><directoryBrowse enabled="maybe" /></system.webServer></configuration>\n', offered: true },
    { name: 'XML declaration and root on line 1', text: '\ufeff<?xml version="1.0" encoding="utf-8"?><configuration><system.webServer><directoryBrowse enabled="maybe" /></system.webServer></configuration>\n', offered: false },
    { name: 'the same without a BOM', text: '<configuration><system.webServer><directoryBrowse enabled="maybe" /></system.webServer></configuration>\n', offered: true },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.offered ? 'the comment goes after the BOM' : 'no fix (nothing may precede the declaration)'}`, () => {
      const analysis = analyze(c.text, 'web.config');
      const d = analysis.diagnostics.find((x) => x.code === 'invalid-value');
      assert.ok(d, 'the invalid value is reported');
      const fix = getCodeActions(analysis, d.start, d.end).find((a) => a.title === disableFixTitle('invalid-value'));
      if (!c.offered) { assert.equal(fix, undefined); return; }
      assert.ok(fix);
      const fixed = applyEdits(c.text, fix.edits);
      assert.equal(fixed.charCodeAt(0) === 0xfeff, c.text.charCodeAt(0) === 0xfeff, 'the BOM stays first');
      assert.ok(analyze(fixed, 'web.config').doc.wellFormed, `malformed:\n${fixed}`);
      assert.ok(!analyze(fixed, 'web.config').diagnostics.some((x) => x.code === 'invalid-value'), 'the diagnostic is silenced');
    });
  }
});
