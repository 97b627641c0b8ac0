/**
 * Fix all in file: the preferred quick fix of every diagnostic of one code
 * (or of every code, for the editor's `source.fixAll`), applied together.
 *
 * Only codes whose preferred fix is a local edit of the diagnostic's own text
 * take part: a changed value, a renamed element or attribute, removed text, an
 * added attribute, a `<remove>` before a duplicate entry. Fixes that move
 * sections, merge groups or edit other files are left to be applied one at a
 * time (two of them could touch the same place). Edits that would overlap an
 * edit already taken are left out, so the result is the same as applying the
 * fixes one after another; the editor can run Fix all again for what is left.
 */
import type { CodeAction, Diagnostic, DocumentAnalysis, TextEdit } from './types';

/** Codes whose preferred fix can be applied together with the others of the file. */
export const BATCHABLE_CODES: ReadonlySet<string> = new Set([
  'invalid-value', 'unknown-attribute', 'unknown-element', 'unknown-section', 'unexpected-text', 'unknown-location-path',
  'location-conflict', 'ssl-flags-inconsistent', 'certificate-invalid', 'duplicate-collection-entry', 'missing-required-attribute',
]);

/** The preferred, applicable, same-document fix of a diagnostic. */
function preferredFix(d: Diagnostic, fixesOf: (d: Diagnostic) => readonly CodeAction[]): CodeAction | undefined {
  return fixesOf(d).find((a) => a.isPreferred && !a.disabledReason && !a.fileEdits?.length && a.edits.length > 0 && !a.snippetOnly);
}

/** Edits of the fixes, without any that overlaps one kept before it (document order). */
export function combine(actions: readonly CodeAction[]): { edits: TextEdit[]; applied: number } {
  const kept = new KeptEdits();
  const out: TextEdit[] = [];
  let applied = 0;
  const firstStart = (a: CodeAction) => { let m = Infinity; for (const e of a.edits) if (e.start < m) m = e.start; return m; };
  for (const a of [...actions].sort((x, y) => firstStart(x) - firstStart(y))) {
    if (a.edits.some((e) => kept.clashes(e))) continue;
    for (const e of a.edits) kept.add(e);
    out.push(...a.edits);
    applied++;
  }
  return { edits: out.sort((x, y) => x.start - y.start), applied };
}

/** The first index of a sorted array where `after` holds (it holds from there on), or the length. */
function firstWhere<T>(xs: readonly T[], after: (x: T) => boolean): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (after(xs[mid])) hi = mid; else lo = mid + 1; }
  return lo;
}

/**
 * The edits kept so far, each clash found by binary search (a scan of every kept edit per new one was quadratic in
 * the fixes of a file). Kept replacements do not overlap, so sorted by start their ends are sorted too; insertions
 * are kept as their offsets. Two edits clash when they overlap, when an insertion is strictly inside a replacement,
 * or when two insertions are at the same offset.
 */
class KeptEdits {
  private readonly spans: TextEdit[] = [];
  private readonly points: number[] = [];

  clashes(e: TextEdit): boolean {
    const i = firstWhere(this.spans, (k) => k.end > e.start);
    if (i < this.spans.length && this.spans[i].start < e.end) return true;
    const j = firstWhere(this.points, (p) => p > e.start);
    if (j < this.points.length && this.points[j] < e.end) return true;
    return e.start === e.end && j > 0 && this.points[j - 1] === e.start;
  }

  add(e: TextEdit): void {
    if (e.start === e.end) this.points.splice(firstWhere(this.points, (p) => p > e.start), 0, e.start);
    else this.spans.splice(firstWhere(this.spans, (k) => k.start > e.start), 0, e);
  }
}

/**
 * "Fix all CODE in this file" for each batchable code of the diagnostics in view that has at least two fixable
 * diagnostics in the file.
 */
export function fixAllActions(analysis: DocumentAnalysis, inView: readonly Diagnostic[], fixesOf: (d: Diagnostic) => readonly CodeAction[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const code of new Set(inView.map((d) => d.code))) {
    if (!BATCHABLE_CODES.has(code)) continue;
    const fixes = analysis.diagnostics.filter((d) => d.code === code).map((d) => preferredFix(d, fixesOf)).filter((a): a is CodeAction => !!a);
    if (fixes.length < 2) continue;
    const { edits, applied } = combine(fixes);
    if (applied < 2) continue;
    out.push({ title: `Fix all ${code} problems in this file (${applied})`, kind: 'quickfix', edits, ...(fixes[0].diagnostic ? { diagnostic: fixes[0].diagnostic } : {}) });
  }
  return out;
}

/** Every batchable preferred fix of the file at once: the editor's `source.fixAll` (on save, or Fix All). */
export function fixAllInFile(analysis: DocumentAnalysis, fixesOf: (d: Diagnostic) => readonly CodeAction[]): CodeAction | undefined {
  const fixes = analysis.diagnostics.filter((d) => BATCHABLE_CODES.has(d.code)).map((d) => preferredFix(d, fixesOf)).filter((a): a is CodeAction => !!a);
  if (!fixes.length) return undefined;
  const { edits, applied } = combine(fixes);
  return { title: `Fix all IIS Config problems in this file (${applied})`, kind: 'source.fixAll', edits };
}
