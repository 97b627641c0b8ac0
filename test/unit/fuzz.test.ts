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
import fc from 'fast-check';
import { analyzeDocument, getCodeActions } from '../../server/src/analysis/analyze';
import { getHover } from '../../server/src/analysis/hover';
import { applyEdits } from '../../server/src/analysis/edits';
import { parseXml, elementAt } from '../../server/src/syntax/xml';
import type { Diagnostic, DocumentAnalysis } from '../../server/src/analysis/types';
import { assertNothingLost, inventoryOf } from '../helpers';
import { loadInputs, mutate, mutation, type Mutation } from '../fuzzInputs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
/** Fixes checked per mutant (each costs a re-analysis). */
const MAX_FIXES = 6;

const INPUTS = loadInputs();

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
