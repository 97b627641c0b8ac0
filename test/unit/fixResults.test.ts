/**
 * The fix-result check: every quick fix offered anywhere (each code action of each diagnostic, the "Fix all …"
 * actions and the file's source.fixAll) is applied, and its result re-parsed and re-analysed with the same context
 * (the other files it edits read with their edits applied). None may
 * - throw, overlap its own edits or edit outside the document, or make a rule fail on its result;
 * - turn a well-formed file (the document or another file it edits) malformed;
 * - lose content other than what its diagnostic names (elements, attributes and comments, `assertNothingLost`);
 * - add an error: no code has more errors after the fix than before, in the document and in every other file it
 *   edits. An error that was folded into the fixed diagnostic (one root cause, one finding: rootCause.ts lists the
 *   findings inside a refused section as its related information) is not new: silencing or moving the root cause
 *   shows it again, as it should.
 * What a fix may change: the content of the element its diagnostic names, and the attribute values and element
 * names its edits replace (a rename, a value rewritten); everything else must still be there.
 * A snippet-only action ("Add the required attribute" where the user types the value) is checked with a typed
 * value for well-formedness and lost content, not for new errors: what the user types decides those.
 *
 * Inputs: every rule case of test/cases with its hierarchy (so fixes that edit applicationHost.config are checked
 * too), every file of the shared corpus with the hierarchy the CLI gives it, and the fuzz set (fuzzInputs.ts, the
 * inputs of fuzz.test.ts) with a fixed, deterministic sample of mutants of each: MUTANTS_PER_INPUT mutants drawn
 * from fast-check's generator with a fixed seed. Every action of every input is checked (no sampling of actions).
 * FIX_RESULTS_PRINT=1 prints the problems found and the number of fixes checked.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { analyzeDocument, getCodeActions, getFixAllAction } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { parseXml, elementAt, walkElements } from '../../server/src/syntax/xml';
import { createCliHierarchy } from '../../server/src/cli/hierarchy';
import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, TextEdit } from '../../server/src/analysis/types';
import { SHARED, hasShared, assertNothingLost, caseHierarchy, fillSnippet, inventoryOf, loadCases } from '../helpers';
import { loadInputs, mutate, mutation } from '../fuzzInputs';

const SEED = 20261205;
/** Mutants per fuzz input (each with every fix of it checked). */
const MUTANTS_PER_INPUT = 2;

interface Subject {
  readonly name: string;
  readonly fileName: string;
  readonly text: string;
  /** The analysis context with other files replaced by the given texts (path → text). */
  readonly context: (overlay: ReadonlyMap<string, string>) => Partial<AnalysisContext>;
}

export interface FixStats { subjects: number; actions: number }

function analyse(s: Subject, text: string, overlay: ReadonlyMap<string, string>, failures: string[]): DocumentAnalysis {
  return analyzeDocument(text, { ...s.context(overlay), fileName: s.fileName, onRuleError: (rule, e) => failures.push(`rule ${rule} failed: ${(e as Error)?.message ?? e}`) });
}

/** Inventory entries of the element a diagnostic names (the innermost element at its start), with everything inside. */
function namedBy(analysis: DocumentAnalysis, d: Diagnostic): string[] {
  const el = elementAt(analysis.doc, d.start);
  return el ? inventoryOf([el]) : [];
}

/** Inventory entries of the attributes whose values and the elements whose names `edits` replace. */
function replacedBy(doc: DocumentAnalysis['doc'], edits: readonly TextEdit[]): string[] {
  const out: string[] = [];
  if (!edits.length) return out;
  const overlaps = (start: number, end: number) => edits.some((e) => e.start <= end && e.end >= start);
  walkElements(doc, (el) => {
    if (overlaps(el.nameStart, el.nameEnd)) out.push(`<${el.name}>`);
    for (const a of el.attributes) if (overlaps(a.valueStart, a.valueEnd)) out.push(`${el.name}@${a.name}=${a.value}`);
  });
  return out;
}

/** Errors of `after` not in `before` by count per code, less those folded into `fixed` (its related information). */
function newErrors(before: DocumentAnalysis, after: DocumentAnalysis, fixed: Diagnostic | undefined): string[] {
  const count = (a: DocumentAnalysis) => {
    const m = new Map<string, Diagnostic[]>();
    for (const d of a.diagnostics) if (d.severity === 'error') m.set(d.code, [...(m.get(d.code) ?? []), d]);
    return m;
  };
  const was = count(before);
  const folded = new Set((fixed?.related ?? []).filter((r) => r.file === undefined).map((r) => r.message));
  const out: string[] = [];
  for (const [code, list] of count(after)) {
    const n = (was.get(code) ?? []).length;
    // Errors shown again because the root cause they were folded into is gone or silenced are not new.
    const fresh = list.filter((d) => !folded.has(`${d.code}: ${d.message}`));
    if (list.length > n && fresh.length > n) {
      out.push(`${code}: ${n} before, ${list.length} after (${fresh.slice(0, 3).map((d) => `${JSON.stringify(after.text.slice(d.start, d.end))}: ${d.message}`).join('; ')})`);
    }
  }
  return out;
}

/** Every enabled action offered for the document, once each. */
function allActions(analysis: DocumentAnalysis): CodeAction[] {
  const seen = new Set<string>();
  const out: CodeAction[] = [];
  const add = (a: CodeAction | undefined) => {
    if (!a || a.disabledReason) return;
    const key = JSON.stringify([a.title, a.edits, a.fileEdits?.map((f) => [f.file, f.edits]), a.snippet]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  for (const d of analysis.diagnostics) for (const a of getCodeActions(analysis, d.start, d.end)) add(a);
  add(getFixAllAction(analysis));
  return out;
}

/** Check every fix of one subject; returns the problems found (empty when all hold). */
function checkSubject(s: Subject, stats: FixStats): string[] {
  const problems: string[] = [];
  const failures: string[] = [];
  const analysis = analyse(s, s.text, new Map(), failures);
  if (failures.length) return [`${s.name}: ${failures.join('; ')}`];
  const wellFormed = analysis.doc.wellFormed && parseXml(s.text).wellFormed;
  stats.subjects++;
  for (const action of allActions(analysis)) {
    stats.actions++;
    const where = `${s.name}: "${action.title}"`;
    try {
      let edits = action.edits;
      if (action.snippetOnly && action.snippet) {
        edits = [{ start: action.snippet.start, end: action.snippet.end, newText: fillSnippet(action.snippet.snippet, 'x') }];
      }
      for (const e of edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= s.text.length)) throw new Error(`edit [${e.start}, ${e.end}) outside the document`);
      }
      const fixed = applyEdits(s.text, edits);
      const others = new Map<string, { before: string; after: string }>();
      for (const fe of action.fileEdits ?? []) others.set(fe.file, { before: fe.text, after: applyEdits(fe.text, fe.edits) });
      const again = analyse(s, fixed, new Map([...others].map(([f, o]) => [f, o.after])), failures);
      if (failures.length) throw new Error(`on the result: ${failures.splice(0).join('; ')}`);
      if (wellFormed && !again.doc.wellFormed) throw new Error(`turned the well-formed file malformed:\n${fixed.slice(0, 2000)}`);
      for (const [file, o] of others) {
        if (parseXml(o.before).wellFormed && !parseXml(o.after).wellFormed) throw new Error(`turned ${file} malformed`);
      }
      if (wellFormed) {
        const target = action.diagnostic;
        const named = action.kind === 'source.fixAll' || action.title.startsWith('Fix all ')
          ? analysis.diagnostics.filter((x) => action.kind === 'source.fixAll' || x.code === target?.code).flatMap((x) => namedBy(analysis, x))
          : target ? namedBy(analysis, target) : [];
        named.push(...replacedBy(analysis.doc, edits));
        const join = (own: string, which: 'before' | 'after') => [own, ...[...others.values()].map((o) => o[which])].join('\n');
        assertNothingLost(join(s.text, 'before'), join(fixed, 'after'), named);
      }
      if (!action.snippetOnly) {
        const added = newErrors(analysis, again, action.diagnostic);
        for (const [file, o] of others) {
          const name = path.basename(file);
          added.push(...newErrors(analyzeDocument(o.before, { fileName: name }), analyzeDocument(o.after, { fileName: name }), undefined).map((x) => `in ${name}: ${x}`));
        }
        if (added.length) throw new Error(`added errors: ${added.join('; ')}`);
      }
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  }
  return problems;
}

function caseSubjects(): Subject[] {
  const out: Subject[] = [];
  for (const { dir, name, cases } of loadCases()) {
    cases.forEach((c, i) => {
      const file = path.join(dir, c.file);
      out.push({
        name: `test/cases/${name} #${i + 1} (${c.file})`, fileName: file, text: fs.readFileSync(file, 'utf8'),
        context: (overlay) => ({ ...c.context, ...caseHierarchy(dir, c, overlay) }),
      });
    });
  }
  return out;
}

/** Corpus files written back to their paths in their repositories, with the context the CLI gives them (as corpus.test.ts). */
function corpusSubjects(): Subject[] {
  const corpus = path.join(SHARED, 'corpus');
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-fixresults-'));
  const out: Subject[] = [];
  for (const sub of ['webconfig', 'applicationhost']) {
    const dir = path.join(corpus, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const parts = f.split('__');
      const root = path.join(tree, sub, parts[0], parts[1]);
      const file = path.join(root, ...parts.slice(2));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      fs.writeFileSync(file, text);
      const { readRelatedFile: _notInCorpus, ...context } = createCliHierarchy({ paths: [root], cwd: root }).contextFor(file).context;
      out.push({ name: `corpus/${sub}/${f}`, fileName: file, text, context: () => context });
    }
  }
  return out;
}

function fuzzSubjects(): Subject[] {
  const out: Subject[] = [];
  const inputs = loadInputs();
  const samples = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { seed: SEED, numRuns: inputs.length * MUTANTS_PER_INPUT });
  inputs.forEach((inp, i) => {
    out.push({ name: `fuzz ${inp.name}`, fileName: inp.fileName, text: inp.text, context: () => ({}) });
    for (let k = 0; k < MUTANTS_PER_INPUT; k++) {
      const ms = samples[i * MUTANTS_PER_INPUT + k];
      out.push({ name: `fuzz ${inp.name} mutant ${k + 1} ${JSON.stringify(ms)}`, fileName: inp.fileName, text: mutate(inp.text, ms), context: () => ({}) });
    }
  });
  return out;
}

describe('fix results: every offered fix keeps the file well-formed, loses nothing and adds no error', { concurrency: false }, () => {
  const run = (name: string, subjects: () => Subject[], minimum: number) => {
    it(name, () => {
      const stats: FixStats = { subjects: 0, actions: 0 };
      const list = subjects();
      const problems = list.flatMap((s) => checkSubject(s, stats));
      if (problems.length && process.env.FIX_RESULTS_PRINT) console.error(problems.join("\n----\n"));
      assert.deepEqual(problems, []);
      if (process.env.FIX_RESULTS_PRINT) console.error(`${name}: ${stats.actions} fixes of ${stats.subjects} inputs`);
      // The check must have checked something: inputs were analysed and fixes applied.
      assert.ok(stats.subjects >= list.length * 0.9 && stats.actions >= minimum, `checked ${stats.actions} fixes of ${stats.subjects} inputs`);
    });
  };
  run('rule cases with their hierarchy (fixes in applicationHost.config too)', caseSubjects, 100);
  if (hasShared) run('the shared corpus, with the hierarchy the CLI gives each file', corpusSubjects, 20);
  else it('the shared corpus', { skip: 'no ../shared/corpus' }, () => undefined);
  run('the fuzz set: its inputs and a fixed sample of their mutants', fuzzSubjects, 100);
});
