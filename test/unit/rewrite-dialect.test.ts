/**
 * The URL Rewrite module's ECMAScript dialect against JavaScript's RegExp:
 * every row of server/src/rewrite/dialect.ts is checked on both sides (our
 * parser for the module, `new RegExp` for JavaScript), so a row that stops
 * being true fails; then the parser's error positions, its translation to
 * JavaScript (same matches as JavaScript on patterns both read alike), and
 * the Wildcard and ExactMatch syntaxes.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO } from '../helpers';
import { DIALECT } from '../../server/src/rewrite/dialect';
import { parseRegex, toJavaScript, toJavaScriptRegex, mustStartWith, sampleMatch } from '../../server/src/rewrite/regex';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { compilePattern } from '../../server/src/rewrite/patterns';

const jsAccepts = (p: string) => { try { new RegExp(p); return true; } catch { return false; } };

describe('URL Rewrite ECMAScript dialect: every cited difference from JavaScript', () => {
  for (const row of DIALECT) {
    it(`${row.id}: ${row.construct}`, () => {
      assert.ok(row.source.length > 20, 'every row cites its source');
      const m = parseRegex(row.pattern);
      assert.equal(m.ok, row.moduleAccepts, `module side of ${JSON.stringify(row.pattern)}${m.ok ? '' : `: ${m.error.message}`}`);
      assert.equal(jsAccepts(row.pattern), row.javascriptAccepts, `JavaScript side of ${JSON.stringify(row.pattern)}`);
      if (row.input !== undefined) {
        assert.ok(m.ok && row.javascriptAccepts, 'a matching difference needs both sides to accept the pattern');
        assert.equal(new RegExp(toJavaScript(m.regex)).test(row.input), row.moduleMatches, 'module match');
        assert.equal(new RegExp(row.pattern).test(row.input), !row.moduleMatches, 'JavaScript match (the opposite)');
      }
    });
  }
  it('docs/rewrite.md lists every row (node scripts/update-rewrite-doc.js)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'update-rewrite-doc.js'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('covers both directions: constructs JavaScript accepts and the module rejects, and constructs both accept but read differently', () => {
    assert.ok(DIALECT.filter((r) => !r.moduleAccepts && r.javascriptAccepts).length >= 10);
    assert.ok(DIALECT.filter((r) => r.input !== undefined).length >= 3);
    assert.ok(DIALECT.some((r) => r.evidence === 'module'), 'at least one difference was observed on IIS');
  });
});

describe('module regex parser', () => {
  const errorAt = (p: string) => { const r = parseRegex(p); assert.ok(!r.ok, `${p} should not compile`); return [r.error.start, r.error.end, r.error.kind] as const; };
  const cases: Array<[string, number, number, string]> = [
    ['^(foo', 1, 2, 'error_paren'],
    ['foo)', 3, 4, 'error_paren'],
    ['a**', 2, 3, 'error_badrepeat'],
    ['^*', 1, 2, 'error_badrepeat'],
    ['a{2', 1, 4, 'error_badbrace'],
    ['[abc', 0, 1, 'error_brack'],
    ['x\\', 1, 2, 'error_escape'],
    ['(?<n>a)', 0, 3, 'error_syntax'],
    ['(?i)a', 0, 3, 'error_syntax'],
    ['a\\x4', 1, 4, 'error_escape'],
  ];
  for (const [p, s, e, kind] of cases) it(`${JSON.stringify(p)}: ${kind} at ${s}..${e}`, () => assert.deepEqual(errorAt(p), [s, e, kind]));

  it('counts capture groups (not non-capturing groups or lookaheads)', () => {
    const r = parseRegex('^(a)(?:b)(?=c)((d)|e)');
    assert.ok(r.ok);
    assert.equal(r.regex.groups, 3);
  });

  it('knows when every match must start with a slash', () => {
    const starts = (p: string) => { const r = parseRegex(p); assert.ok(r.ok); return mustStartWith(r.regex, 47); };
    assert.equal(starts('^/admin'), true);
    assert.equal(starts('^(/a|/b)'), true);
    assert.equal(starts('^/+x'), true);
    assert.equal(starts('^\\/x'), true);
    assert.equal(starts('^/?x'), false);
    assert.equal(starts('/x'), false);
    assert.equal(starts('^(?:/|x)'), false);
    assert.equal(starts('^x|^/y'), false);
  });

  it('gives sample strings its patterns match', () => {
    for (const p of ['^article/([0-9]+)/([_0-9a-z-]+)', '^(www\\.)(.*)$', '[A-Z]', '^blog/(\\d{4})/(\\w+)\\.html$', '^(?!api/)(.*)$', '^[^/]+/$']) {
      const r = parseRegex(p);
      assert.ok(r.ok);
      const s = sampleMatch(r.regex);
      assert.ok(s !== undefined && new RegExp(toJavaScript(r.regex)).test(s), `${p}: ${s}`);
    }
  });

  it('matches as JavaScript does on patterns both read alike (property test over generated patterns)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\d', '\\w', '[a-c]', '[^b]', '\\.', '/', '(a|b)', '(?:ab)', 'x?', '[0-9]+');
    const quant = fc.constantFrom('', '*', '+', '?', '{1,2}', '*?');
    const pattern = fc.tuple(fc.boolean(), fc.array(fc.tuple(atom, quant), { minLength: 1, maxLength: 6 }))
      .map(([anchored, parts]) => (anchored ? '^' : '') + parts.map(([a, q]) => (q && /[?+*}]$/.test(a) ? `(?:${a})${q}` : a + q)).join(''));
    const input = fc.stringMatching(/^[abcx0-9./_-]{0,8}$/);
    fc.assert(fc.property(pattern, input, (p, text) => {
      const r = parseRegex(p);
      assert.ok(r.ok && jsAccepts(p), `both read ${p}`);
      const ours = new RegExp(toJavaScript(r.regex)).exec(text);
      const theirs = new RegExp(p).exec(text);
      return JSON.stringify(ours) === JSON.stringify(theirs);
    }), { numRuns: 400 });
  });

  it('case-insensitive matching spelled out ([aA]) matches as the i flag does, on mixed-case inputs (property test)', () => {
    const atom = fc.constantFrom('a', 'B', 'x', '[a-c]', '[^b]', '[A-Z]', '[[:lower:]]', '\\w', '(a|B)', '.', '/');
    const pattern = fc.array(fc.tuple(atom, fc.constantFrom('', '*', '+', '?')), { minLength: 1, maxLength: 5 }).map((parts) => '^' + parts.map(([a, q]) => a + q).join(''));
    fc.assert(fc.property(pattern, fc.stringMatching(/^[aAbBcCxXzZ/1]{0,6}$/), (p, text) => {
      const r = parseRegex(p);
      assert.ok(r.ok);
      const ci = toJavaScriptRegex(r.regex, true);
      assert.equal(ci.flags, '', 'ASCII patterns need no flag');
      const plain = toJavaScriptRegex(r.regex, false);
      return JSON.stringify(new RegExp(ci.source).exec(text)) === JSON.stringify(new RegExp(plain.source, 'i').exec(text));
    }), { numRuns: 400 });
    const backref = parseRegex('^(a)\\1$');
    assert.ok(backref.ok);
    assert.equal(toJavaScriptRegex(backref.regex, true).flags, 'i', 'a back-reference keeps the flag');
  });

  it('a rule set with an exponential pattern does not hang the analysis (the matcher\'s work is bounded)', { timeout: 60000 }, () => {
    const text = `<configuration><system.webServer><rewrite><rules>
      <rule name="evil"><match url="^(a|aa)+b$" /><action type="None" /></rule>
      <rule name="backreference"><match url="^((a+)\\2)+$" /><action type="None" /></rule>
      <rule name="long"><match url="^(a{40})$" /><action type="Redirect" url="/x" /></rule>
      <rule name="longer"><match url="^(a{41}!)$" /><action type="Redirect" url="/y" /></rule>
    </rules></rewrite></system.webServer></configuration>`;
    const t0 = Date.now();
    const a = analyzeDocument(text, { fileName: '/site/web.config' });
    assert.deepEqual(a.diagnostics.filter((d) => d.code.startsWith('rewrite')).map((d) => d.code), []);
    assert.ok(Date.now() - t0 < 10000, `${Date.now() - t0} ms`);
  });

  it('is iterative: deeply nested groups parse without exhausting the stack', () => {
    const deep = '('.repeat(50000) + 'a' + ')'.repeat(50000);
    const r = parseRegex(deep);
    assert.ok(r.ok);
    assert.equal(r.regex.groups, 50000);
    assert.ok(toJavaScript(r.regex).length > 100000);
  });
});

describe('Wildcard and ExactMatch syntaxes', () => {
  it('Wildcard: the whole input, one capture per *, case-insensitive by default, ? and other characters literal', () => {
    const w = compilePattern('*/*.html', 'Wildcard');
    assert.ok(w.ok);
    assert.deepEqual(w.pattern.match('contoso/test.html', true), ['contoso/test.html', 'contoso', 'test']);
    assert.equal(w.pattern.match('contoso/test.html/x', true), undefined, 'wildcards match the whole input');
    const bar = compilePattern('*bar*.aspx', 'Wildcard');
    assert.ok(bar.ok);
    assert.deepEqual(bar.pattern.match('foobargoo.aspx', true), ['foobargoo.aspx', 'foo', 'goo'], 'the example of the URL Rewrite team (forums.iis.net)');
    assert.equal(bar.pattern.match('FOOBARGOO.ASPX', false), undefined);
    assert.ok(bar.pattern.match('FOOBARGOO.ASPX', true));
    const q = compilePattern('a?c', 'Wildcard');
    assert.ok(q.ok);
    assert.ok(q.pattern.match('a?c', true));
    assert.equal(q.pattern.match('abc', true), undefined);
    const dot = compilePattern('default.aspx', 'Wildcard');
    assert.ok(dot.ok && !dot.pattern.match('defaultXaspx', true), 'a dot is a dot');
  });
  it('ExactMatch: equality for inbound rules, a search for outbound ones', () => {
    const e = compilePattern('robots.txt', 'ExactMatch');
    assert.ok(e.ok);
    assert.ok(e.pattern.match('ROBOTS.TXT', true));
    assert.equal(e.pattern.match('a/robots.txt', true), undefined);
    const s = compilePattern(' the ', 'ExactMatch', true);
    assert.ok(s.ok && s.pattern.match('in the end', true));
  });
  it('ECMAScript: a partial match, case-insensitive unless told', () => {
    const p = compilePattern('blog', 'ECMAScript');
    assert.ok(p.ok);
    assert.ok(p.pattern.match('demo/BLOGGER', true));
    assert.equal(p.pattern.match('demo/BLOGGER', false), undefined);
  });
});
