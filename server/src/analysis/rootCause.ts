/**
 * One root cause, one finding. A section that the configuration system
 * refuses where it stands (`section-not-allowed`, `section-locked`) makes
 * every other finding inside it a consequence: whatever its attributes and
 * children say, the file fails because of the section's place, and moving or
 * unlocking the section is the fix. Those findings are therefore not reported
 * on their own: each becomes related information of the section's diagnostic
 * (where the hover and the Problems panel still show it).
 *
 * A finding more severe than the section's diagnostic stays on its own: a
 * verdict that rests on assumed default settings is a warning, and an error
 * inside the section (an invalid value, an unknown attribute) is true whatever
 * the server's real settings are. `xml-syntax` is never folded (the parser's
 * findings are about the text, not the configuration).
 *
 * Pure and linear: the diagnostics are sorted by start and sections do not
 * nest, so one merge walk pairs each finding with the section around it.
 */
import type { SectionInstance } from '../hierarchy/configFile';
import type { Diagnostic, RelatedInformation, Severity } from './types';

/** The codes whose section swallows the findings inside it. */
export const ROOT_CAUSE_CODES: ReadonlySet<string> = new Set(['section-not-allowed', 'section-locked']);

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** At most this many folded findings are listed as related information; the rest are counted. */
export const MAX_FOLDED = 20;

interface Root {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly folded: Diagnostic[];
}

/**
 * `diagnostics` (sorted by start) with the findings inside a refused section folded into that section's
 * diagnostic as related information.
 */
export function foldIntoRootCauses(diagnostics: readonly Diagnostic[], sections: readonly SectionInstance[]): Diagnostic[] {
  const byNameStart = new Map<number, SectionInstance>();
  const roots: Root[] = [];
  diagnostics.forEach((d, index) => {
    if (!ROOT_CAUSE_CODES.has(d.code)) return;
    if (!byNameStart.size) for (const s of sections) byNameStart.set(s.element.nameStart, s);
    const s = byNameStart.get(d.start);
    if (!s) return;
    // Two root-cause codes on one section (both refuse it): the first one owns the folded findings.
    if (roots.length && roots[roots.length - 1].start === s.element.start) return;
    roots.push({ index, start: s.element.start, end: s.element.end, severity: d.severity, folded: [] });
  });
  if (!roots.length) return [...diagnostics];
  roots.sort((a, b) => a.start - b.start);
  const rootIndexes = new Set(roots.map((r) => r.index));
  const kept: Array<Diagnostic | Root> = [];
  let r = 0;
  diagnostics.forEach((d, index) => {
    if (rootIndexes.has(index)) { kept.push(roots.find((x) => x.index === index)!); return; }
    // Diagnostics are sorted by start: roots that end before this one can be passed for good.
    while (r < roots.length && roots[r].end < d.start) r++;
    const root = r < roots.length ? roots[r] : undefined;
    const inside = root && d.start >= root.start && d.end <= root.end;
    if (inside && d.code !== 'xml-syntax' && RANK[d.severity] <= RANK[root.severity]) root.folded.push(d);
    else kept.push(d);
  });
  return kept.map((k) => {
    if (!('folded' in k)) return k;
    const d = diagnostics[k.index];
    if (!k.folded.length) return d;
    const related: RelatedInformation[] = [...(d.related ?? [])];
    for (const f of k.folded.slice(0, MAX_FOLDED)) related.push({ message: `${f.code}: ${f.message}`, start: f.start, end: f.end });
    if (k.folded.length > MAX_FOLDED) {
      const last = k.folded[k.folded.length - 1];
      related.push({ message: `… and ${k.folded.length - MAX_FOLDED} more findings inside this section`, start: last.start, end: last.end });
    }
    return { ...d, related };
  });
}
