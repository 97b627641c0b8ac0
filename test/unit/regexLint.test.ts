/**
 * No end-anchored regular expression that backtracks on unbounded input. A pattern such as `/\s+$/`, `/[ \t]*$/` or
 * `/\/+$/` is tried at every position of a long run that does not reach the end, and each try scans the rest of the
 * run: quadratic time (40,000 spaces took seconds in a quick fix). Such trimming is done by a scan
 * (util/strings.ts: `trimEndChars`, `trimStartChars`, `trimChars`).
 *
 * This test reads every regular expression literal in server/src (with the TypeScript scanner, so strings and
 * comments are not mistaken for patterns) and fails on any branch that is anchored at the end (`$`) but not at the
 * start (`^…$` is tried once) and that ends or begins with a repeated single-character atom (`x+$`, `[…]*$`,
 * `\s{2,}$`, `.*$`, `\s*\/>$`). Patterns on input that is bounded by construction are listed in ALLOWED with the reason.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO, sourceFiles } from '../helpers';

/** `file: pattern` → why the input it runs on is bounded. */
const ALLOWED: Record<string, string> = {
  'server/src/cli/hierarchy.ts: / \\(.*$/': 'runs on the CLI\'s own one-line status messages (a literal " (" must start each try)',
  'server/src/model/request.ts: /:\\d+$/': 'each try starts at a literal ":" that \\d cannot match, and scans only the digits after it: linear',
};

/** The top-level branches of a pattern source (split at `|` outside groups and classes). */
function branches(source: string): string[] {
  const out: string[] = [];
  let depth = 0, inClass = false, start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) { out.push(source.slice(start, i)); start = i + 1; }
  }
  out.push(source.slice(start));
  return out;
}

/** A branch that ends with a repeated one-character atom and `$`. */
const REPEATED_ATOM_AT_END = /(?:\[(?:\\.|[^\]\\])*\]|\\.|[^\\()\]|$^])(?:[+*]|\{\d+,\})\??\$$/;
/** A branch that starts with a repeated one-character atom (each position of a run starts a try that scans it). */
const REPEATED_ATOM_AT_START = /^(?:\[(?:\\.|[^\]\\])*\]|\\.|[^\\()\]|$^])(?:[+*]|\{\d+,\})/;

/** The branches of a pattern that backtrack at the end of a long run: end-anchored, not start-anchored, and repeated at either end. */
export function backtrackingBranches(source: string): string[] {
  return branches(source).filter((b) => !b.startsWith('^') && b.endsWith('$') && !b.endsWith('\\$') &&
    (REPEATED_ATOM_AT_END.test(b) || REPEATED_ATOM_AT_START.test(b)));
}

function regexLiterals(file: string): Array<{ pattern: string; line: number }> {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ pattern: string; line: number }> = [];
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      out.push({ pattern: n.getText(sf), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('regular expressions: none backtracks at the end of unbounded input', () => {
  it('the detector itself: catches the known shapes, leaves anchored and literal endings alone', () => {
    for (const bad of ['\\s+$', '[ \\t]*$', '\\/+$', '^[/.]+|\\/+$', '[\\\\/]+$', '\\s*\\/>$', 'a.*$', 'x{2,}$', '\\s+?$']) {
      assert.ok(backtrackingBranches(bad).length, `should flag /${bad}/`);
    }
    for (const good of ['^\\s*$', '^[ \\t]*$', '\\.\\d+Z$', ':$', '\\.0$', '^(?:a|b)+$', '[a-z]$', 'abc']) {
      assert.deepEqual(backtrackingBranches(good), [], `should not flag /${good}/`);
    }
  });

  it('server/src has no such pattern outside the documented exceptions', () => {
    const found: string[] = [];
    const used = new Set<string>();
    for (const file of sourceFiles('server/src')) {
      const rel = path.relative(REPO, file).split(path.sep).join('/');
      for (const { pattern, line } of regexLiterals(file)) {
        const source = pattern.slice(1, pattern.lastIndexOf('/'));
        if (!backtrackingBranches(source).length) continue;
        const key = `${rel}: ${pattern.slice(0, pattern.lastIndexOf('/') + 1)}`;
        if (ALLOWED[key]) { used.add(key); continue; }
        found.push(`${rel}:${line}: ${pattern}`);
      }
    }
    assert.deepEqual(found, [], 'end-anchored patterns that backtrack: trim with util/strings.ts instead, or list the pattern in ALLOWED with why its input is bounded');
    assert.deepEqual(Object.keys(ALLOWED).filter((k) => !used.has(k)), [], 'ALLOWED lists patterns that are no longer there');
  });
});
