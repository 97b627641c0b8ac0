/**
 * The analysis entry points. Pure: text and context in; diagnostics, hovers
 * and code actions out, with offsets. No I/O happens here — whatever another
 * file contributes (the applicationHost.config in effect, parent web.config
 * files) arrives in the context, already read by the caller.
 */
import { parseXmlSteps, reparse, TextChange, ReparsedRegion, XmlDocument, XmlElement } from '../syntax/xml';
import { boundMessage, limitedAnalysis } from './limits';
import { buildConfigFile, LocationInfo } from '../hierarchy/configFile';
import type { Scope } from '../hierarchy/effectiveSettings';
import { effectiveSettings } from './clientCertificates';
import { codeInfo } from './codes';
import { RULES, ruleForCode } from './rules';
import type { Rule, RuleContext } from './rules/rule';
import { SchemaPlace, SectionRecord, schemaIndex } from './schemaWalk';
import { bundledSchema } from '../iis/schemaLoader';
import { applySuppressions, disableNextLineFix } from './suppression';
import { foldIntoRootCauses } from './rootCause';
import { BATCHABLE_CODES, fixAllActions, fixAllInFile } from './fixAll';
import type { AnalysisContext, CodeAction, Diagnostic, DocumentAnalysis, Severity } from './types';

export function analyzeDocument(text: string, context: AnalysisContext): DocumentAnalysis {
  return run(analysisSteps(text, context));
}

function run<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `analyzeDocument` in steps: the generator pauses while parsing a large file, after building the model, after each
 * document-wide rule and every few thousand elements of the per-section and per-element checks, so the language
 * server can answer other requests in between and drop a validation that a newer edit made stale. Run to completion,
 * it returns exactly what `analyzeDocument` returns.
 */
export function* analysisSteps(text: string, context: AnalysisContext): Generator<void, DocumentAnalysis, void> {
  // A file over the size limit gets one file-too-large diagnostic instead of a long freeze.
  const limited = limitedAnalysis(text, context);
  if (limited) return limited;
  const doc = yield* parseXmlSteps(text);
  return yield* analyseParsed(doc, context, undefined);
}

/**
 * The analysis of `text`, which is `prev.text` with `change` applied, reusing what the change cannot have touched:
 * only the nodes around the change are parsed again (syntax/xml.ts `reparse`), the model keeps the locations and
 * sections outside it, the schema index keeps their places, the per-section and per-element checks run again only
 * for what is new, what contains the change and what had findings (their offsets moved), and the document-wide
 * rules run on the new model. The result always equals `analyzeDocument(text, context)` (a differential test over
 * edit storms holds it to that). When the change reaches the file's global facts (its `<configSections>`, the sites
 * that location paths resolve against, the root) or the context differs, it is a full analysis.
 *
 * `prev` is consumed: its tree is reused by the result and must not be used afterwards.
 */
export function updateAnalysis(prev: DocumentAnalysis, text: string, change: TextChange, context: AnalysisContext = prev.context): DocumentAnalysis {
  return run(updateSteps(prev, text, change, context));
}

/** `updateAnalysis` in steps (the incremental path takes few; a fallback to a full analysis yields as it does). */
export function* updateSteps(prev: DocumentAnalysis, text: string, change: TextChange, context: AnalysisContext = prev.context): Generator<void, DocumentAnalysis, void> {
  const state = engineStates.get(prev);
  if (!state || !sameContext(prev.context, context) || limitedAnalysis(text, context)) return yield* analysisSteps(text, context);
  const r = reparse(prev.doc, text, change);
  if (!r) return yield* analysisSteps(text, context);
  // The elements whose subtrees changed: the region's parent and its ancestors (the region's own nodes are new).
  const changed = new Set<XmlElement>();
  for (let e: XmlElement | undefined = r.region.parent; e; e = e.parent) changed.add(e);
  return yield* analyseParsed(r.doc, context, { prev, state, changed, region: r.region });
}

function sameContext(a: AnalysisContext, b: AnalysisContext): boolean {
  return a === b || (a.fileName === b.fileName && a.kind === b.kind && a.schema === b.schema && a.declarations === b.declarations
    && a.sites === b.sites && a.hierarchy === b.hierarchy && a.fileLevel === b.fileLevel && a.rules === b.rules
    && a.maxFileSize === b.maxFileSize && a.now?.getTime() === b.now?.getTime() && sameSeverities(a.severity, b.severity));
}

function sameSeverities(a: AnalysisContext['severity'], b: AnalysisContext['severity']): boolean {
  const ka = Object.keys(a ?? {}), kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a![k] === b?.[k]);
}

/** What one analysis remembers for the next (incremental) one: which sections and places had findings. */
interface EngineState {
  /** Places whose per-element checks reported (or failed), by section record. */
  readonly placeFindings: ReadonlyMap<SectionRecord, ReadonlySet<SchemaPlace>>;
  /** Records whose per-section checks reported (or failed). */
  readonly sectionFindings: ReadonlySet<SectionRecord>;
  /** Locations whose per-location checks reported (or failed). */
  readonly locationFindings: ReadonlySet<LocationInfo>;
  /** Scopes whose per-scope checks reported (or failed). */
  readonly scopeFindings: ReadonlySet<Scope>;
  /** The text may hold a suppression comment (a search found the marker). */
  readonly mayHaveDirectives: boolean;
  /** The analysis was derived from a previous one (not a full analysis). */
  readonly incremental: boolean;
}

/** Was this analysis derived incrementally from a previous one (tests and the benchmark ask)? */
export function wasIncremental(analysis: DocumentAnalysis): boolean {
  return engineStates.get(analysis)?.incremental === true;
}

const engineStates = new WeakMap<DocumentAnalysis, EngineState>();

interface Previous {
  readonly prev: DocumentAnalysis;
  readonly state: EngineState;
  readonly changed: ReadonlySet<XmlElement>;
  readonly region: ReparsedRegion;
}

/** What every suppression comment contains (suppression.ts). */
const DIRECTIVE_MARK = 'iis-config-';

/** Elements checked between two pauses of the per-element pass. */
const PLACES_PER_STEP = 4096;

function* analyseParsed(doc: XmlDocument, context: AnalysisContext, previous: Previous | undefined): Generator<void, DocumentAnalysis, void> {
  const text = doc.text;
  const options = { fileName: context.fileName, kind: context.kind, declarations: context.declarations, sites: context.sites, fileLevel: context.fileLevel };
  const file = buildConfigFile(doc, options, previous && { prev: previous.prev.file, changed: previous.changed, topLevel: previous.region.parent === doc.root });
  const schema = context.schema ?? bundledSchema();
  const fresh = previous ? new Set<SchemaPlace>() : undefined;
  const watch = previous ? { element: previous.region.parent } as { readonly element: XmlElement; place?: SchemaPlace } : undefined;
  const index = schemaIndex(file, schema, previous && { prev: schemaIndex(previous.prev.file, schema), changed: previous.changed, fresh, watch });
  if (!previous) yield;

  const rules = context.rules ?? RULES;
  // Rules whose checks read sections that changed: their per-unit checks run again for everything.
  let everything: ReadonlySet<Rule> = new Set();
  if (previous) {
    const dependent = rules.filter((r) => r.dependsOn);
    if (dependent.length) {
      // The paths with an instance that is new, changed or gone (undefined: all of them).
      const changedPaths = file.delta?.paths;
      everything = new Set(dependent.filter((r) => {
        const paths = typeof r.dependsOn === 'function' ? r.dependsOn(file) : r.dependsOn!;
        return paths.length > 0 && (!changedPaths || paths.some((p) => changedPaths.has(p)));
      }));
    }
  }
  const diagnostics: Diagnostic[] = [];
  const overrides = context.severity ?? {};
  const failed = new Set<string>();
  /** The rule running, and whether the unit being checked got a finding (or a rule failed on it). */
  let ruleIndex = 0;
  let reported = false;
  const order = new Map<Diagnostic, number>();
  const ctx: RuleContext = {
    text, doc, file, context, schema, index,
    report(d) {
      const configured = overrides[d.code];
      if (configured === 'off') return;
      const severity: Severity = configured ?? d.severity ?? codeInfo(d.code)?.severity ?? 'warning';
      const start = clamp(d.start, text.length);
      const out: Diagnostic = { ...d, severity, message: boundMessage(d.message), start, end: Math.max(start, clamp(d.end, text.length)) };
      diagnostics.push(out);
      order.set(out, ruleIndex);
      reported = true;
    },
  };
  const failure = (rule: Rule, error: unknown) => {
    // A bug in one rule must not take the others (or the server) down; what it was checking is checked again next time.
    reported = true;
    if (!failed.has(rule.id)) { failed.add(rule.id); context.onRuleError?.(rule.id, error); }
  };
  const guarded = (rule: Rule, body: () => void) => {
    try { body(); } catch (error) { failure(rule, error); }
  };

  // Document-wide rules: every time, on the whole model (they are linear in the number of sections).
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (!rule.check) continue;
    ruleIndex = i;
    reported = false;
    guarded(rule, () => rule.check!(ctx));
    if (!previous) yield;
  }

  // Per location: what is new, what contains the change, and what had findings.
  const locationRules = rules.map((r, i) => ({ r, i })).filter((x) => x.r.checkLocation && !everything.has(x.r));
  const locationFindings = new Set<LocationInfo>();
  if (locationRules.length) {
    const checkLocationOf = (loc: LocationInfo) => {
      reported = false;
      for (const { r, i } of locationRules) { ruleIndex = i; guarded(r, () => r.checkLocation!(loc, ctx)); }
      if (reported) locationFindings.add(loc);
    };
    const delta = file.delta;
    if (!previous || !delta) {
      for (const loc of file.locations) checkLocationOf(loc);
    } else {
      // New locations, those whose content changed, and those that had findings (still in the file).
      const todo = new Set<LocationInfo>(delta.newLocations);
      for (const el of delta.changed) { const l = file.parts.get(el)?.location; if (l) todo.add(l); }
      for (const l of previous.state.locationFindings) if (file.parts.get(l.element)?.stamp === file.partsStamp && file.parts.get(l.element)?.location === l) todo.add(l);
      for (const loc of todo) checkLocationOf(loc);
    }
  }

  // Per path the file configures: those at, above or below a changed path, and those that had findings.
  const scopeRules = rules.map((r, i) => ({ r, i })).filter((x) => x.r.checkScope && !everything.has(x.r));
  const scopeFindings = new Set<Scope>();
  if (scopeRules.length) {
    const settings = effectiveSettings(file, schema);
    const changedKeys = settings.changedKeys;
    if (!previous || changedKeys === 'all') {
      for (const scope of settings.scopes) {
        reported = false;
        for (const { r, i } of scopeRules) { ruleIndex = i; guarded(r, () => r.checkScope!(scope, ctx)); }
        if (reported) scopeFindings.add(scope);
      }
    } else {
      // Per rule: the paths at, above and below a changed one (only the changed one for a rule that reads its own
      // path only; none when no section the rule reads changed); for every rule, the paths that had findings.
      const changedPaths = file.delta?.paths;
      const around = new Map<string, Set<Scope>>();
      const aroundOf = (key: string) => {
        let set = around.get(key);
        if (!set) {
          set = new Set<Scope>();
          for (const s of settings.subtree(key)) set.add(s);
          for (const s of settings.above(key)) set.add(s);
          around.set(key, set);
        }
        return set;
      };
      const perRule = scopeRules.map((x) => {
        const todo = new Set<Scope>();
        const reads = x.r.scopeReads;
        for (const key of changedKeys) {
          if (reads === 'own path') { const s = settings.scope(key); if (s) todo.add(s); continue; }
          if (reads && changedPaths && !reads.some((p) => changedPaths.has(p))) continue;
          for (const s of aroundOf(key)) todo.add(s);
        }
        return { ...x, todo };
      });
      const union = new Set<Scope>(previous.state.scopeFindings);
      for (const x of perRule) for (const s of x.todo) union.add(s);
      for (const scope of union) {
        reported = false;
        const again = previous.state.scopeFindings.has(scope);
        for (const { r, i, todo } of perRule) if (again || todo.has(scope)) { ruleIndex = i; guarded(r, () => r.checkScope!(scope, ctx)); }
        if (reported) scopeFindings.add(scope);
      }
    }
  }

  // Per section and per element: what is new, what contains the change, and what had findings.
  const sectionRules = rules.map((r, i) => ({ r, i })).filter((x) => x.r.checkSection && !everything.has(x.r));
  const placeRules = rules.map((r, i) => ({ r, i })).filter((x) => x.r.checkPlace && !everything.has(x.r));
  const placeFindings = new Map<SectionRecord, Set<SchemaPlace>>();
  const sectionFindings = new Set<SectionRecord>();
  // The parent of the re-parsed nodes: its children changed (it is a place only inside a checked section).
  const regionPlace = watch?.place;
  let sincePause = 0;
  const checkSectionOf = (record: SectionRecord) => {
    reported = false;
    for (const { r, i } of sectionRules) { ruleIndex = i; guarded(r, () => r.checkSection!(record.section, ctx)); }
    if (reported) sectionFindings.add(record);
  };
  let found: Set<SchemaPlace> | undefined;
  const checkOne = (place: SchemaPlace) => {
    reported = false;
    for (let k = 0; k < placeRules.length; k++) { const { r, i } = placeRules[k]; ruleIndex = i; try { r.checkPlace!(place, ctx); } catch (error) { failure(r, error); } }
    if (reported) (found ??= new Set()).add(place);
  };
  if (!previous) {
    // Everything, in document order, pausing every few thousand elements.
    for (const record of index.sections) {
      checkSectionOf(record);
      found = undefined;
      for (const place of record.places) {
        checkOne(place);
        if (++sincePause >= PLACES_PER_STEP) { sincePause = 0; yield; }
      }
      if (found) placeFindings.set(record, found);
    }
  } else {
    // The records walked again (their section's content changed) or new; then those that had findings.
    const handled = new Set<SectionRecord>();
    for (const { record, old } of index.rebuilt ?? []) {
      handled.add(record);
      checkSectionOf(record);
      found = undefined;
      const before = old ? previous.state.placeFindings.get(old) : undefined;
      for (const place of record.places) {
        // Walked again with reuse: the new places, the parent of the re-parsed nodes, and those that had findings.
        if (!old || fresh!.has(place) || place === regionPlace || before?.has(place)) checkOne(place);
      }
      if (found) placeFindings.set(record, found);
    }
    for (const record of previous.state.sectionFindings) {
      if (record.stamp === index.stamp && !handled.has(record)) checkSectionOf(record);
    }
    for (const [record, before] of previous.state.placeFindings) {
      if (record.stamp !== index.stamp || handled.has(record)) continue;
      found = undefined;
      for (const place of before) checkOne(place);
      if (found) placeFindings.set(record, found);
    }
  }

  // The rules whose checks read a section that changed: everything, for them.
  if (everything.size) {
    const mine = rules.map((r, i) => ({ r, i })).filter((x) => everything.has(x.r));
    for (const loc of file.locations) {
      reported = false;
      for (const { r, i } of mine) if (r.checkLocation) { ruleIndex = i; guarded(r, () => r.checkLocation!(loc, ctx)); }
      if (reported) locationFindings.add(loc);
    }
    if (mine.some((x) => x.r.checkScope)) {
      for (const scope of effectiveSettings(file, schema).scopes) {
        reported = false;
        for (const { r, i } of mine) if (r.checkScope) { ruleIndex = i; guarded(r, () => r.checkScope!(scope, ctx)); }
        if (reported) scopeFindings.add(scope);
      }
    }
    for (const record of index.sections) {
      reported = false;
      for (const { r, i } of mine) if (r.checkSection) { ruleIndex = i; guarded(r, () => r.checkSection!(record.section, ctx)); }
      if (reported) sectionFindings.add(record);
      if (!mine.some((x) => x.r.checkPlace)) continue;
      let more = placeFindings.get(record);
      for (const place of record.places) {
        reported = false;
        for (const { r, i } of mine) if (r.checkPlace) { ruleIndex = i; try { r.checkPlace(place, ctx); } catch (error) { failure(r, error); } }
        if (reported) { if (!more) placeFindings.set(record, (more = new Set())); more.add(place); }
      }
    }
  }

  // One order whatever the path: by position, then rule, code and text.
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || order.get(a)! - order.get(b)!
    || compareStrings(a.code, b.code) || compareStrings(a.message, b.message) || compareStrings(a.detail ?? '', b.detail ?? ''));
  // Suppression comments (<!-- iis-config-disable-next-line CODE --> …) silence diagnostics after every rule ran;
  // then the findings inside a refused section become related information of its diagnostic (rootCause.ts).
  // Whether a suppression comment may exist: known from the previous version and the re-parsed text alone (a comment
  // that changed was parsed again), else one search of the text.
  const mayHaveDirectives = previous
    ? previous.state.mayHaveDirectives || text.slice(previous.region.oldStart, previous.region.oldEnd + previous.region.delta).includes(DIRECTIVE_MARK)
    : text.includes(DIRECTIVE_MARK);
  const kept = foldIntoRootCauses(applySuppressions(text, doc, diagnostics, mayHaveDirectives), file.sections);
  const analysis: DocumentAnalysis = { text, schema, doc, file, diagnostics: kept, context };
  engineStates.set(analysis, { placeFindings, sectionFindings, locationFindings, scopeFindings, mayHaveDirectives, incremental: previous !== undefined });
  return analysis;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? n : 0, max));
}

/** The rules' own fixes of one diagnostic (a failing rule is reported and gives none). */
function ruleFixes(analysis: DocumentAnalysis, d: Diagnostic): CodeAction[] {
  const rule = analysis.context.rules ? analysis.context.rules.find((r) => r.codes.includes(d.code)) : ruleForCode(d.code);
  if (!rule?.fixes) return [];
  try {
    return rule.fixes(d, analysis);
  } catch (error) {
    analysis.context.onRuleError?.(rule.id, error);
    return [];
  }
}

/** Fixes computed between two steps of {@link codeActionSteps}. */
const FIXES_PER_STEP = 64;

/** Quick fixes for the diagnostics that touch [start, end]; then "Fix all CODE in this file" where a code repeats. */
export function getCodeActions(analysis: DocumentAnalysis, start: number, end: number): CodeAction[] {
  const steps = codeActionSteps(analysis, start, end);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link getCodeActions} in steps: it yields after every few fixes, so that a caller (the language server) can let
 * other requests run, or stop, while the fixes of many diagnostics (a range over a large file, "Fix all") are made.
 */
export function* codeActionSteps(analysis: DocumentAnalysis, start: number, end: number): Generator<void, CodeAction[], void> {
  const inView = analysis.diagnostics.filter((d) => !(d.end < start || d.start > end));
  // The fixes needed: of the diagnostics in view, and of every diagnostic of a batchable code among them (Fix all).
  const batch = new Set(inView.map((d) => d.code).filter((c) => BATCHABLE_CODES.has(c)));
  const memo = new Map<Diagnostic, CodeAction[]>();
  let made = 0;
  const needed = batch.size ? [...inView, ...analysis.diagnostics.filter((d) => batch.has(d.code))] : inView;
  for (const d of needed) {
    if (memo.has(d)) continue;
    memo.set(d, ruleFixes(analysis, d));
    if (++made % FIXES_PER_STEP === 0) yield;
  }
  const fixesOf = (d: Diagnostic) => memo.get(d) ?? ruleFixes(analysis, d);
  const actions: CodeAction[] = [];
  for (const d of inView) actions.push(...fixesOf(d));
  actions.push(...fixAllActions(analysis, inView, fixesOf));
  // Every diagnostic can be silenced on its line, after the rules' own fixes.
  for (const d of inView) {
    const disable = disableNextLineFix(analysis.text, analysis.doc, d);
    if (disable) actions.push(disable);
    if (++made % FIXES_PER_STEP === 0) yield;
  }
  return actions;
}

/** Every batchable preferred fix of the file in one action (the editor's source.fixAll), or undefined when none. */
export function getFixAllAction(analysis: DocumentAnalysis): CodeAction | undefined {
  return fixAllInFile(analysis, (d) => ruleFixes(analysis, d));
}
