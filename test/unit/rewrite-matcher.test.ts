/**
 * The bounded matcher (server/src/rewrite/matcher.ts) that runs the rules'
 * patterns: it answers what the translated JavaScript RegExp answers (same
 * match, same captures) on generated patterns with nested groups, greedy,
 * lazy and counted repeats, alternatives, lookaheads, back-references and
 * anchors, with and without ignoreCase; and it stops, with
 * PatternBudgetExceeded, on the patterns that would hang a backtracking
 * engine, where the RegExp runs for minutes.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRegex, toJavaScriptRegex } from '../../server/src/rewrite/regex';
import { BoundedMatcher, MAX_LOOKAHEAD_NESTING, PatternBudgetExceeded } from '../../server/src/rewrite/matcher';
import { compilePattern } from '../../server/src/rewrite/patterns';

function viaRegExp(pattern: string, input: string, ignoreCase: boolean): string[] | undefined {
  const r = parseRegex(pattern);
  assert.ok(r.ok);
  const js = toJavaScriptRegex(r.regex, ignoreCase);
  const m = new RegExp(js.source, js.flags).exec(input);
  return m ? Array.from({ length: r.regex.groups + 1 }, (_, i) => m[i] ?? '') : undefined;
}

function viaMatcher(pattern: string, input: string, ignoreCase: boolean): string[] | undefined {
  const r = parseRegex(pattern);
  assert.ok(r.ok);
  return new BoundedMatcher(r.regex).exec(input, ignoreCase);
}

const patterns = fc.letrec<{ seq: string; alt: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'A', '.', '\\d', '\\w', '\\W', '[a-c]', '[^b]', '[[:upper:]]', '/', 'x', 'é', 'É') },
    { weight: 3, arbitrary: tie('alt').map((a) => `(${a})`) },
    { weight: 1, arbitrary: tie('alt').map((a) => `(?:${a})`) },
    { weight: 1, arbitrary: tie('alt').map((a) => `(?=${a})`) },
    { weight: 1, arbitrary: tie('alt').map((a) => `(?!${a})`) },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B', '\\1', '\\2') },
  ),
  seq: fc.array(fc.tuple(tie('atom'), fc.constantFrom('', '', '*', '+', '?', '*?', '+?', '??', '{2}', '{0,2}', '{1,}?')), { minLength: 0, maxLength: 4 })
    .map((parts) => parts.map(([a, q]) => (q && /^(?:\^|\$|\\[bB]|\(\?[=!].*\))$/.test(a) ? a : a + q)).join('')),
  alt: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
})).alt.filter((p) => parseRegex(p).ok);

describe('bounded matcher', () => {
  it('matches as the translated RegExp does, captures included, case-sensitive and not (property test)', () => {
    const input = fc.stringMatching(/^[abAB/x1éÉ-]{0,8}$/);
    let stopped = 0;
    fc.assert(fc.property(patterns, input, fc.boolean(), (p, text, ignoreCase) => {
      let ours: string[] | undefined;
      try { ours = viaMatcher(p, text, ignoreCase); } catch (e) {
        // Generated patterns such as ((.|){2})* are exponential in every backtracking engine; the budget stops them.
        if (e instanceof PatternBudgetExceeded) { stopped++; return; }
        throw e;
      }
      assert.deepEqual(ours, viaRegExp(p, text, ignoreCase), `${p} on ${JSON.stringify(text)} (ignoreCase ${ignoreCase})`);
    }), { numRuns: 3000 });
    assert.ok(stopped < 30, `${stopped} of 3000 stopped by the budget`);
  });

  it('matches the cases ECMAScript singles out', () => {
    const cases: Array<[string, string, boolean?]> = [
      ['(a*)*b', 'aab'], ['(a*)+$', 'aa'], ['(a|ab)(c|bcd)(d*)', 'abcd'], ['^(?:(a)|b)+$', 'ab'], ['(z)((a+)?(b+)?(c))*', 'zaacbbbcac'],
      ['(?=(a+))a*b\\1', 'baaabac'], ['(?!(a))\\1b', 'b'], ['(.*?)a(?!(a+)b\\2c)\\2(.*)', 'baaabaac'], ['(a)|\\1b', 'b'],
      ['\\bfoo\\b', 'a foo.'], ['\\Boo', 'foo'], ['(A)\\1', 'aA', true], ['^[[:lower:]]+$', 'ABC', true], ['^(?:a{2,3}?)+$', 'aaaaa'],
      ['^(.*)/(.*)$', 'a/b/c'], ['x*', ''], ['(a?)??b', 'ab'],
    ];
    for (const [p, text, ci = false] of cases) assert.deepEqual(viaMatcher(p, text, ci), viaRegExp(p, text, ci), `${p} on ${text}`);
  });

  it('stops with PatternBudgetExceeded where a backtracking engine would take exponential time', () => {
    const evil: Array<[string, string]> = [
      ['^(a|aa)+b$', 'a'.repeat(40)], ['(x+x+)+y', 'x'.repeat(40)], ['^((a+)\\2)+$', 'a'.repeat(41) + '!'], ['^(\\w+\\s?)*$', 'word '.repeat(15) + '!'],
    ];
    for (const [p, text] of evil) {
      const t = Date.now();
      assert.throws(() => viaMatcher(p, text, true), PatternBudgetExceeded, p);
      assert.ok(Date.now() - t < 5000, `${p} stopped in ${Date.now() - t} ms`);
    }
    const stars = compilePattern('*a*a*a*a*a*a*a*a*b', 'Wildcard');
    assert.ok(stars.ok);
    assert.throws(() => stars.pattern.match('a'.repeat(60), true), PatternBudgetExceeded, 'a wildcard with many *');
    assert.deepEqual(stars.pattern.match('aaaaaaaab', true), ['aaaaaaaab', '', '', '', '', '', '', '', '', ''], 'and it still matches where it can');
  });

  it('a meter is shared by the matches of a run', () => {
    const r = parseRegex('^(a|b)*c$');
    assert.ok(r.ok);
    const m = new BoundedMatcher(r.regex);
    const meter = { left: 1000 };
    assert.ok(m.exec('ababc', false, meter));
    assert.ok(meter.left < 1000 && meter.left > 900);
    assert.throws(() => { for (let i = 0; i < 100; i++) m.exec('abababababab', false, meter); }, PatternBudgetExceeded);
  });

  it('deep nesting runs without exhausting the stack; lookaheads nested deeper than it runs are stopped', () => {
    const deep = parseRegex('('.repeat(5000) + 'a' + ')'.repeat(5000));
    assert.ok(deep.ok);
    const m = new BoundedMatcher(deep.regex).exec('xa', false);
    assert.equal(m?.length, 5001);
    assert.ok(m?.every((c) => c === 'a'));
    const looks = parseRegex('(?='.repeat(MAX_LOOKAHEAD_NESTING + 1) + 'a' + ')'.repeat(MAX_LOOKAHEAD_NESTING + 1));
    assert.ok(looks.ok);
    assert.throws(() => new BoundedMatcher(looks.regex).exec('a', false), PatternBudgetExceeded);
    const fewer = parseRegex('(?='.repeat(MAX_LOOKAHEAD_NESTING) + 'a' + ')'.repeat(MAX_LOOKAHEAD_NESTING));
    assert.ok(fewer.ok);
    assert.deepEqual(new BoundedMatcher(fewer.regex).exec('a', false), ['']);
  });
});
