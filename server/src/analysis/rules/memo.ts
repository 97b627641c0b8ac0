/**
 * Findings computed once for a unit and a set of inputs, and reported again while the inputs are the same objects.
 *
 * The incremental engine runs a unit's check again when the unit had findings (their offsets moved). A check whose
 * work is large (a pass over every site of a hosting server) keeps what it found as reporters: each reads the
 * offsets, line numbers and texts it reports when it is called, from elements and attributes (which move with the
 * text) and model objects (which are new when what they are read from changed), so a finding reported again is
 * what a new computation would report. `inputs` must name every object the computation reads outside its unit and
 * the analysis's fixed facts: model parts, section-path version tokens (ConfigFile.versions).
 */
import type { RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';

/** One finding: reports it (with the offsets and texts of now). */
export type Finding = (ctx: RuleContext) => void;

/** How often findings were computed and reported again (a complexity test asks). */
export const memoCounters = { computed: 0, reused: 0 };

export class FindingsMemo {
  private readonly entries = new WeakMap<SectionInstance, { readonly inputs: readonly unknown[]; readonly findings: readonly Finding[] }>();

  /** The findings of a section instance (its content: the section's schema record, new when its content changed). */
  report(ctx: RuleContext, unit: SectionInstance, more: readonly unknown[], compute: () => Finding[]): void {
    const inputs = [ctx.index.recordOfSection(unit), ...more];
    let hit = this.entries.get(unit);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) memoCounters.reused++;
    else {
      memoCounters.computed++;
      hit = { inputs, findings: compute() };
      this.entries.set(unit, hit);
    }
    for (const f of hit.findings) f(ctx);
  }
}
