import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, Severity } from '../types';
import type { ConfigFile } from '../../hierarchy/configFile';
import type { XmlDocument } from '../../syntax/xml';
import type { SchemaRegistry } from '../../iis/schemaLoader';
import type { LocationInfo, SectionInstance } from '../../hierarchy/configFile';
import type { Scope } from '../../hierarchy/effectiveSettings';
import type { SchemaIndex, SchemaPlace } from '../schemaWalk';

export interface RuleContext {
  readonly text: string;
  readonly doc: XmlDocument;
  readonly file: ConfigFile;
  readonly context: AnalysisContext;
  readonly schema: SchemaRegistry;
  /** The schema position of every element of the file's checked sections. */
  readonly index: SchemaIndex;
  /** Report a diagnostic; `severity` defaults to the code's default severity. */
  report(d: Omit<Diagnostic, 'severity'> & { severity?: Severity }): void;
}

/**
 * One rule: one or more stable codes, checked in one place. A rule checks at one (or more) of three grains, which
 * decide what the incremental analysis (analyze.ts `updateAnalysis`) runs again after an edit:
 *
 * - `checkPlace(place)`: one element of a checked section. What it reports may depend only on the element, its
 *   attributes, its direct children (their names, attributes and text) and the analysis's fixed facts (schema,
 *   declarations, sites, the context's hierarchy and other files): it runs again when the element is new, when its
 *   children changed, or when it reported before.
 * - `checkSection(section)`: one section instance; may read the section element's whole subtree, its declaration,
 *   its `<location>` and level, and the fixed facts: it runs again when anything inside the section changed, or when
 *   it reported before.
 * - `checkLocation(location)`: one `<location>` element: its attributes, the elements down to its sections (not
 *   their content), the level it resolves to and the fixed facts: it runs again when the location is new, when
 *   something inside it changed, or when it reported before.
 * - `checkScope(scope)`: one path the file configures (its own level '' or a `<location path>`, as
 *   hierarchy/effectiveSettings.ts groups them): may read the sections at that path, at the paths above it (its
 *   chain) and below it (its subtree), through the file's effective settings, and the fixed facts: it runs again when
 *   a path at, above or below it changed (narrowed by `scopeReads` when the rule declares what it reads), or when it
 *   reported before. For what IIS merges along a path (authentication, certificate mappings, duplicates of a section
 *   at one path).
 * - `check()`: the whole document (what spans sections: duplicates across locations, locks, authentication, the
 *   server model): it runs on every analysis, so it must be linear in the number of sections and locations (read
 *   section elements directly or through per-file indexes; never scan every element of the document per section).
 *
 * All three are pure: they read the context and report. `fixes` turns one of the rule's diagnostics into quick fixes
 * for the same analysis.
 */
export interface Rule {
  readonly id: string;
  readonly codes: readonly string[];
  /**
   * Sections of the same file whose content the rule's per-section, per-location, per-path and per-element checks
   * also read (e.g. `system.applicationHost/sites` for a check that looks up a site's bindings): when one of them
   * changes, comes or goes (or top-level elements come or go), those checks run again for everything. A function
   * gives them per file (what a check reads may depend on the file's kind).
   */
  readonly dependsOn?: readonly string[] | ((file: ConfigFile) => readonly string[]);
  /**
   * What the per-path check (`checkScope`) reads, when less than every section at, above and below its path: a list
   * of section paths (it reads only these, along its chain and subtree), or `'own path'` (it reads any section, but
   * only those at its own path). After an edit the paths around a changed one are checked again for this rule only
   * when an instance of a listed path came, went or changed there (`'own path'`: only the changed path itself).
   */
  readonly scopeReads?: readonly string[] | 'own path';
  checkPlace?(place: SchemaPlace, ctx: RuleContext): void;
  checkSection?(section: SectionInstance, ctx: RuleContext): void;
  checkLocation?(location: LocationInfo, ctx: RuleContext): void;
  checkScope?(scope: Scope, ctx: RuleContext): void;
  check?(ctx: RuleContext): void;
  fixes?(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[];
}
