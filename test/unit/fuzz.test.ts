/**
 * Property tests (fast-check): real configuration files — the rule cases under
 * test/cases and, when present, ../shared/corpus — mutated by byte deletions,
 * insertions, truncations, swapped quotes and random tags. For every mutant:
 * - the analysis returns (never throws) and no rule fails (onRuleError is never called);
 * - every diagnostic range (and related range in the same file) lies inside the document, and hover never throws;
 * - every quick fix offered for any diagnostic applies cleanly, and the result re-analyses without a rule failure;
 *   when the input was well-formed, the result is well-formed and loses no element, attribute or comment other
 *   than those of the element the diagnostic names.
 *
 * Runs are few and inputs bounded so the suite stays fast; the seed is fixed (FUZZ_SEED / FUZZ_RUNS override it
 * for exploration) and printed with the counterexample on failure.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { analyzeDocument, getCodeActions } from '../../server/src/analysis/analyze';
import { getHover } from '../../server/src/analysis/hover';
import { applyEdits } from '../../server/src/analysis/edits';
import { parseXml, elementAt } from '../../server/src/syntax/xml';
import type { Diagnostic, DocumentAnalysis } from '../../server/src/analysis/types';
import { REPO, SHARED, hasShared, assertNothingLost, inventoryOf } from '../helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
/** Larger inputs are left out: each run analyses the mutant and every fix's result. */
const MAX_INPUT = 40_000;
/** Fixes checked per mutant (each costs a re-analysis). */
const MAX_FIXES = 6;

interface Input { readonly name: string; readonly fileName: string; readonly text: string; }

function configFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.config$/i.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

function loadInputs(): Input[] {
  const files = configFiles(path.join(REPO, 'test', 'cases'));
  if (hasShared) files.push(...configFiles(path.join(SHARED, 'corpus')));
  const inputs: Input[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (text.length > MAX_INPUT) continue;
    // The name decides the file kind: corpus files are named after their source, so tell the kind explicitly.
    const lower = f.toLowerCase();
    const fileName = /applicationhost/.test(lower) || /<system\.applicationHost>/.test(text) ? 'applicationHost.config' : 'web.config';
    inputs.push({ name: path.relative(path.resolve(REPO, '..'), f), fileName, text });
  }
  return inputs;
}

const INPUTS = loadInputs();

const TAG_NAMES = ['location', 'system.webServer', 'security', 'authentication', 'anonymousAuthentication', 'add', 'remove', 'clear',
  'iisClientCertificateMappingAuthentication', 'oneToOneMappings', 'access', 'handlers', 'configuration', 'site', 'application', 'x', 'Add'];
const ATTR_NAMES = ['path', 'name', 'value', 'enabled', 'sslFlags', 'overrideMode', 'certificate', 'userName', 'password', 'type', 'lockItem'];
const TOKENS = ['<', '>', '/>', '</', '"', "'", '=', '&', '&amp;', '&#0;', '&#x110000;', '&unknown;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>',
  '<!DOCTYPE x [<!ENTITY e "v">]>', '\u0000', '\r\n', '\t', ' ', 'true', 'false', '%', '\ufeff', '\ud800'];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapQuote'; nth: number }
  | { kind: 'tag'; at: number; text: string };

const tagText = fc.tuple(fc.constantFrom(...TAG_NAMES), fc.array(fc.tuple(fc.constantFrom(...ATTR_NAMES), fc.string({ maxLength: 12 })), { maxLength: 3 }), fc.constantFrom('open', 'close', 'empty'))
  .map(([name, attrs, form]) => {
    const a = attrs.map(([n, v]) => ` ${n}="${v.replace(/["<&]/g, '')}"`).join('');
    return form === 'close' ? `</${name}>` : form === 'empty' ? `<${name}${a} />` : `<${name}${a}>`;
  });

/** Positions are fractions of the text length, so one mutation fits any input. */
const frac = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: frac, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: frac, text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('swapQuote' as const), nth: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('tag' as const), at: frac, text: tagText }),
);

function pos(text: string, at: number): number {
  return Math.min(text.length, Math.floor(at * (text.length + 1)));
}

function mutate(text: string, mutations: readonly Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    switch (m.kind) {
      case 'delete': { const p = pos(s, m.at); s = s.slice(0, p) + s.slice(p + m.length); break; }
      case 'insert': case 'tag': { const p = pos(s, m.at); s = s.slice(0, p) + m.text + s.slice(p); break; }
      case 'truncate': s = s.slice(0, pos(s, m.at)); break;
      case 'swapQuote': {
        const quotes: number[] = [];
        for (let i = 0; i < s.length && quotes.length <= m.nth; i++) if (s[i] === '"' || s[i] === "'") quotes.push(i);
        if (quotes.length) {
          const q = quotes[m.nth % quotes.length];
          s = s.slice(0, q) + (s[q] === '"' ? "'" : '"') + s.slice(q + 1);
        }
        break;
      }
    }
  }
  return s;
}

function analyseChecked(text: string, fileName: string): DocumentAnalysis {
  const failures: string[] = [];
  const analysis = analyzeDocument(text, { fileName, onRuleError: (rule, e) => failures.push(`${rule}: ${(e as Error)?.stack ?? e}`) });
  assert.deepEqual(failures, [], 'a rule failed');
  for (const d of analysis.diagnostics) {
    assert.ok(Number.isInteger(d.start) && Number.isInteger(d.end) && d.start >= 0 && d.start <= d.end && d.end <= text.length,
      `${d.code} range [${d.start}, ${d.end}) outside the document (length ${text.length})`);
    for (const r of d.related ?? []) {
      if (r.file !== undefined) continue;
      assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${d.code} related range [${r.start}, ${r.end}) outside the document`);
    }
    assert.ok(d.message.length > 0 && d.message.length < 5000, `${d.code} message of ${d.message.length} characters`);
  }
  return analysis;
}

/** Inventory entries of the element a diagnostic names (the innermost element at its start), its attributes and everything inside. */
function namedByDiagnostic(analysis: DocumentAnalysis, d: Diagnostic): string[] {
  const el = elementAt(analysis.doc, d.start);
  return el ? inventoryOf([el]) : [];
}

function checkFixes(analysis: DocumentAnalysis, fileName: string): void {
  const text = analysis.text;
  let checked = 0;
  for (const d of analysis.diagnostics) {
    if (checked >= MAX_FIXES) break;
    for (const action of getCodeActions(analysis, d.start, d.end)) {
      if (checked >= MAX_FIXES) break;
      if (action.disabledReason) continue;
      for (const e of action.edits) {
        assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `"${action.title}": edit [${e.start}, ${e.end}) outside the document`);
      }
      checked++;
      const fixed = applyEdits(text, action.edits);
      const again = analyseChecked(fixed, fileName);
      if (analysis.doc.wellFormed && parseXml(text).wellFormed) {
        assert.ok(again.doc.wellFormed, `"${action.title}" produced malformed XML`);
        const target = action.diagnostic ?? d;
        // "Fix all …" changes what every diagnostic of its code names; any other fix only what its own diagnostic names.
        const named = action.title.startsWith('Fix all ')
          ? analysis.diagnostics.filter((x) => x.code === target.code).flatMap((x) => namedByDiagnostic(analysis, x))
          : namedByDiagnostic(analysis, target);
        assertNothingLost(text, fixed, named);
      }
    }
  }
}

describe('fuzz: mutated real files', { concurrency: false }, () => {
  it('has inputs (test cases, and the shared corpus when present)', () => {
    assert.ok(INPUTS.length >= 5, `only ${INPUTS.length} inputs`);
  });

  const input = fc.nat({ max: Math.max(0, INPUTS.length - 1) }).map((i) => INPUTS[i]);
  const run = (name: string, mutations: fc.Arbitrary<Mutation[]>, numRuns: number, fixes: boolean) => {
    it(name, () => {
      fc.assert(
        fc.property(input, mutations, (inp, ms) => {
          const text = mutate(inp.text, ms);
          const analysis = analyseChecked(text, inp.fileName);
          // Hover anywhere answers or says nothing; it never throws.
          for (const d of analysis.diagnostics.slice(0, 3)) getHover(analysis, d.start);
          getHover(analysis, text.length >> 1);
          if (fixes) checkFixes(analysis, inp.fileName);
        }),
        { seed: SEED, numRuns: RUNS ?? numRuns, verbose: 1, endOnFailure: true },
      );
    });
  };

  run('small mutations (1-3): analysis never fails, ranges stay inside, fixes apply cleanly', fc.array(mutation, { minLength: 1, maxLength: 3 }), 120, true);
  run('heavy mutations (4-12)', fc.array(mutation, { minLength: 4, maxLength: 12 }), 60, false);
  run('unmutated inputs: every fix keeps the document well-formed and loses nothing else', fc.constant([]), Math.min(60, INPUTS.length * 2), true);
});
