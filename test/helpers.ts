/**
 * Test helpers shared by the suites: locating text in fixtures (positions are
 * found by matching text, never hard-coded), running data-driven cases, and
 * finding the repository and the shared reference folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as assert from 'node:assert/strict';
import { analyzeDocument, getCodeActions } from '../server/src/analysis/analyze';
import { applyEdits } from '../server/src/analysis/edits';
import { parseXml, XmlNode } from '../server/src/syntax/xml';
import type { AnalysisContext, Diagnostic, DocumentAnalysis } from '../server/src/analysis/types';
import { buildHierarchy } from '../server/src/hierarchy/hierarchy';
import { hierarchyContext } from '../server/src/analysis/inheritance';
import { fsReader, scanWorkspace } from '../server/src/node/hierarchyIo';
import { messageStyleProblems } from '../server/src/analysis/messages';
import * as os from 'os';
import type { ServerProfile } from '../server/src/iis/serverProfiles';
import { runCli } from '../server/src/cli/lint';

/** Repository root (tests run compiled from out/test/...). */
export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
/** ../shared next to the repository, when present (CI has it); IIS_CONFIG_SHARED names another folder (tests of the skip). */
export const SHARED = process.env.IIS_CONFIG_SHARED ? path.resolve(process.env.IIS_CONFIG_SHARED) : path.resolve(REPO, '..', 'shared');
export const hasShared = fs.existsSync(path.join(SHARED, 'corpus'));

/** Every file under a folder (absolute) whose name passes `keep`, sorted; none when the folder does not exist. */
export function filesUnder(dir: string, keep: (name: string, file: string) => boolean): string[] {
  const out: string[] = [];
  const stack = fs.existsSync(dir) ? [dir] : [];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (keep(e.name, p)) out.push(p);
    }
  }
  return out.sort();
}

/** Every .ts file under a folder of the repository, sorted. */
export function sourceFiles(dir: string): string[] {
  return filesUnder(path.join(REPO, dir), (name) => name.endsWith('.ts'));
}

/** The .config files under folders (absolute), at most `maxBytes` each: each folder's sorted, in the folders' order. */
export function configFilesUnder(dirs: readonly string[], maxBytes = Infinity): string[] {
  return dirs.flatMap((d) => filesUnder(d, (name, file) => /\.config$/i.test(name) && (maxBytes === Infinity || fs.statSync(file).size <= maxBytes)));
}

export function readFixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** Offset of the `nth` (1-based) occurrence of `needle` in `text`; fails the test when absent. */
export function offsetOf(text: string, needle: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `text ${JSON.stringify(needle)} (occurrence ${nth}) not found in fixture`);
  }
  return at;
}

export function analyze(text: string, fileName = 'applicationHost.config', context: Partial<AnalysisContext> = {}): DocumentAnalysis {
  return analyzeDocument(text, { fileName, ...context });
}

/** Every element name, attribute name=value and comment of `nodes` and everything inside them: what a fix must not lose. */
export function inventoryOf(nodes: readonly XmlNode[]): string[] {
  const out: string[] = [];
  const stack = [...nodes].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'comment') out.push(`<!--${n.value}-->`);
    if (n.type !== 'element') continue;
    out.push(`<${n.name}>`);
    for (const a of n.attributes) out.push(`${n.name}@${a.name}=${a.value}`);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** The inventory of a whole document, sorted. */
export function inventory(text: string): string[] {
  return inventoryOf(parseXml(text).children).sort();
}

/** Folders whose absolute paths must never appear in a message or detail (the test suite's own). */
export const ABSOLUTE_ROOTS: readonly string[] = [REPO, SHARED, os.tmpdir(), fs.realpathSync(os.tmpdir())];

/** Every house-style problem of a diagnostic's message and detail (analysis/messages.ts), as readable lines. */
export function diagnosticStyleProblems(d: Diagnostic): string[] {
  const out = messageStyleProblems(d.message, ABSOLUTE_ROOTS).map((p) => `${d.code} message ${p}: ${d.message}`);
  for (const root of ABSOLUTE_ROOTS) if (d.detail?.includes(root)) out.push(`${d.code} detail names an absolute path (${root}): ${d.detail}`);
  return out;
}

export interface ExpectedDiagnostic {
  readonly code: string;
  /** The exact text the diagnostic's range covers. */
  readonly at: string;
  /** Which occurrence of `at` in the file (1-based, default 1). */
  readonly nth?: number;
  readonly severity?: Diagnostic['severity'];
  /** Substrings the message must contain. */
  readonly message?: readonly string[];
  /** Substrings the detail (the hover's explanation) must contain. */
  readonly detail?: readonly string[];
  /** Substrings that related information messages must contain (each in one of them). */
  readonly related?: readonly string[];
  /** How many related information entries the diagnostic carries. */
  readonly relatedCount?: number;
}

export interface ExpectedFix {
  readonly title: string;
  /** File (next to the case's input) whose content the fixed document must equal; omitted: only checked to re-analyse cleanly. */
  readonly result?: string;
  /** The fix must be offered disabled (with a reason) instead of editing. */
  readonly disabled?: boolean;
  /**
   * Inventory entries the fix is meant to change or drop (`<oldName>` for a rename,
   * `element@attr=value` for a replaced value or removed duplicate); everything else must survive.
   */
  readonly changes?: readonly string[];
  /** After the fix, no diagnostic of its code is left (a Fix all action). */
  readonly clears?: boolean;
  /** Other files the fix edits (e.g. the applicationHost.config), relative to the case folder → the file their result must equal. */
  readonly fileResults?: Readonly<Record<string, string>>;
  /** The snippet the fix carries for clients that insert snippets (LSP snippet syntax). */
  readonly snippet?: string;
  /**
   * For a snippet-only fix (its value is typed by the user): what the test types at the snippet's tab stop; the
   * result is checked with it.
   */
  readonly typed?: string;
}

export interface Case {
  readonly description: string;
  /** Input file name inside the case folder; its name also decides the file kind. */
  readonly file: string;
  readonly context?: Partial<AnalysisContext>;
  /**
   * A folder of the case that is the workspace: the file is analysed with its configuration hierarchy
   * (applicationHost.config discovery, level, parent web.config files) read from it through an injected reader.
   */
  readonly workspace?: string;
  /** An applicationHost.config named explicitly (as the setting iisConfig.applicationHostPath would), relative to the case folder. */
  readonly appHost?: string;
  /** Files the document refers to (configSource targets) are read from the case folder, as the CLI reads them. */
  readonly relatedFiles?: boolean;
  /** The server profile assumed when no applicationHost.config is found (as iisConfig.serverProfile / --server). */
  readonly profile?: ServerProfile;
  /** Exactly these diagnostics, no others (for the listed codes, or all codes when `onlyCodes` is absent). */
  readonly diagnostics: readonly ExpectedDiagnostic[];
  readonly onlyCodes?: readonly string[];
  readonly fixes?: readonly ExpectedFix[];
}

/**
 * The hierarchy context of a case with a `workspace`: discovery, level and parents as the CLI and the
 * server decide them, read from the case folder through an injected reader (`overlay` wins over the disk).
 */
export function caseHierarchy(dir: string, c: Case, overlay: ReadonlyMap<string, string> = new Map()): Partial<AnalysisContext> {
  const related: Partial<AnalysisContext> = c.relatedFiles
    ? { readRelatedFile: (p: string) => (path.resolve(p).startsWith(dir + path.sep) && fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined) }
    : {};
  if (!c.workspace) return related;
  const root = path.join(dir, c.workspace);
  const scan = scanWorkspace([root]);
  const h = buildHierarchy({
    fileName: path.join(dir, c.file), workspaceRoots: [root], reader: fsReader({ overlay: (f) => overlay.get(f) }),
    workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders,
    ...(c.appHost ? { explicit: { path: path.join(dir, c.appHost), source: 'setting' as const } } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
  });
  return { ...hierarchyContext(h), ...related };
}

/**
 * Check a case: the diagnostics must be exactly the expected ones (code,
 * range by matched text, severity, message parts), and each expected fix must
 * be offered and, applied, give a well-formed document with no diagnostic of
 * the fixed kind left (or equal to the expected result file).
 */
export function checkCase(dir: string, c: Case): void {
  const text = fs.readFileSync(path.join(dir, c.file), 'utf8');
  const analysis = analyze(text, path.join(dir, c.file), { ...c.context, ...caseHierarchy(dir, c) });
  const actual = analysis.diagnostics.filter((d) => !c.onlyCodes || c.onlyCodes.includes(d.code));
  const describe = (d: Diagnostic) => `${d.code} ${d.severity} at ${JSON.stringify(text.slice(d.start, d.end))}: ${d.message}`;
  const remaining = [...actual];
  for (const e of c.diagnostics) {
    const start = offsetOf(text, e.at, e.nth ?? 1);
    const i = remaining.findIndex((d) => d.code === e.code && d.start === start && d.end === start + e.at.length);
    assert.ok(i >= 0, `expected ${e.code} at ${JSON.stringify(e.at)}; got:\n${actual.map(describe).join('\n') || '(none)'}`);
    const d = remaining.splice(i, 1)[0];
    if (e.severity) assert.equal(d.severity, e.severity, `severity of ${describe(d)}`);
    for (const m of e.message ?? []) assert.ok(d.message.includes(m), `message of ${describe(d)} should contain ${JSON.stringify(m)}`);
    for (const m of e.detail ?? []) assert.ok(d.detail?.includes(m), `detail of ${describe(d)} should contain ${JSON.stringify(m)}; is ${JSON.stringify(d.detail)}`);
    const related = (d.related ?? []).map((r) => r.message);
    for (const m of e.related ?? []) assert.ok(related.some((r) => r.includes(m)), `related information of ${describe(d)} should contain ${JSON.stringify(m)}; has ${JSON.stringify(related)}`);
    if (e.relatedCount !== undefined) assert.equal(related.length, e.relatedCount, `related information of ${describe(d)}: ${JSON.stringify(related)}`);
  }
  assert.deepEqual(remaining.map(describe), [], 'unexpected diagnostics');
  // Every message keeps to the house style: one sentence, under 160 characters, no absolute path.
  assert.deepEqual(analysis.diagnostics.flatMap(diagnosticStyleProblems), [], 'message style');

  for (const f of c.fixes ?? []) {
    const actions = analysis.diagnostics.flatMap((d) => getCodeActions(analysis, d.start, d.end));
    const action = actions.find((a) => a.title === f.title);
    assert.ok(action, `fix ${JSON.stringify(f.title)} not offered; offered: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
    if (f.disabled) {
      assert.ok(action.disabledReason, 'fix should be disabled with a reason');
      assert.equal(action.edits.length, 0);
      continue;
    }
    assert.equal(action.disabledReason, undefined);
    if (f.snippet !== undefined) assert.equal(action.snippet?.snippet, f.snippet, `snippet of "${f.title}"`);
    let edits = action.edits;
    if (action.snippetOnly) {
      assert.ok(action.snippet && f.typed !== undefined, `"${f.title}" is a snippet the user completes: the case must say what is typed ("typed")`);
      edits = [{ start: action.snippet.start, end: action.snippet.end, newText: fillSnippet(action.snippet.snippet, f.typed) }];
    }
    const fixed = applyEdits(text, edits);
    // Edits to other files (applicationHost.config): the re-analysis reads their fixed text.
    const others = new Map<string, { before: string; after: string }>();
    for (const fe of action.fileEdits ?? []) others.set(fe.file, { before: fe.text, after: applyEdits(fe.text, fe.edits) });
    const again = analyze(fixed, path.join(dir, c.file), { ...c.context, ...caseHierarchy(dir, c, new Map([...others].map(([k, v]) => [k, v.after]))) });
    for (const [file, o] of others) assert.ok(parseXml(o.after).wellFormed, `fix produced malformed XML in ${file}:\n${o.after}`);
    for (const [file, expected] of Object.entries(f.fileResults ?? {})) {
      assert.equal(others.get(path.join(dir, file))?.after, fs.readFileSync(path.join(dir, expected), 'utf8'), `${file} after the fix`);
    }
    assert.ok(again.doc.wellFormed || !analysis.doc.wellFormed, `fix produced malformed XML:\n${fixed}`);
    if (f.result) assert.equal(fixed, fs.readFileSync(path.join(dir, f.result), 'utf8'));
    // The fix removes its diagnostic: fewer diagnostics of that code remain.
    const fixedCode = action.diagnostic?.code;
    const before = analysis.diagnostics.filter((d) => d.code === fixedCode).length;
    const left = again.diagnostics.filter((d) => d.code === fixedCode);
    assert.ok(left.length < before, `"${f.title}" left as many ${fixedCode} diagnostics as before:\n${left.map(describe).join('\n')}`);
    if (f.clears) assert.deepEqual(left.map(describe), [], `"${f.title}" should leave no ${fixedCode}`);
    assertNoNewError(analysis, again, f.title);
    // Nothing but what the fix names is lost: every element and attribute of the input is still there.
    if (analysis.doc.wellFormed) {
      const join = (own: string, which: 'before' | 'after') => [own, ...[...others.values()].map((o) => o[which])].join('\n');
      assertNothingLost(join(text, 'before'), join(fixed, 'after'), f.changes);
    }
  }
}

/** The text a snippet inserts when the user types `typed` at every tab stop (placeholders replaced, escapes undone). */
export function fillSnippet(snippet: string, typed: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) { out += snippet[++i]; continue; }
    if (c === '$') {
      const m = /^\$(\d+|\{\d+(:[^}]*)?\})/.exec(snippet.slice(i));
      if (m) { out += typed; i += m[0].length - 1; continue; }
    }
    out += c;
  }
  return out;
}

/** Errors per code of an analysis. */
function errorCounts(a: DocumentAnalysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of a.diagnostics) if (d.severity === 'error') out.set(d.code, (out.get(d.code) ?? 0) + 1);
  return out;
}

/** A fix's result has no error of a code that was not there as often before (a fix may remove errors, never add one). */
export function assertNoNewError(before: DocumentAnalysis, after: DocumentAnalysis, title: string): void {
  const was = errorCounts(before);
  const added: string[] = [];
  for (const [code, n] of errorCounts(after)) {
    if (n <= (was.get(code) ?? 0)) continue;
    const examples = after.diagnostics.filter((d) => d.code === code && d.severity === 'error').slice(0, 3)
      .map((d) => `${JSON.stringify(after.text.slice(d.start, d.end))}: ${d.message}`);
    added.push(`${code}: ${was.get(code) ?? 0} before, ${n} after (${examples.join('; ')})`);
  }
  assert.deepEqual(added, [], `"${title}" added errors`);
}

/**
 * Every element, attribute and comment of `before` is still in `after`
 * (a moved element counts once; merged duplicates may appear once).
 */
export function assertNothingLost(before: string, after: string, changes: readonly string[] = []): void {
  const have = new Map<string, number>();
  for (const k of inventory(after)) have.set(k, (have.get(k) ?? 0) + 1);
  const missing: string[] = [];
  const seen = new Map<string, number>();
  for (const k of inventory(before)) {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    // Structural section-group and location elements may legitimately disappear when emptied.
    if (/^<(location|system\.[\w.]+|security|authentication|webdav|tracing|rewrite)>$/.test(k) || /^location@path=/.test(k)) continue;
    // A suppression comment may be extended with one more code by the disable-next-line fix.
    if (/^<!--\s*iis-config-disable-next-line\s/.test(k) && [...have.keys()].some((h) => h.startsWith(k.slice(0, -3).trimEnd()))) continue;
    if (changes.includes(k)) continue;
    if (!have.get(k)) missing.push(k);
  }
  assert.deepEqual(missing, [], 'content lost by the fix');
}

/** Load every case folder under test/cases (each has case.json: an array of cases). */
export function loadCases(): Array<{ dir: string; name: string; cases: Case[] }> {
  const root = path.join(REPO, 'test', 'cases');
  return fs.readdirSync(root).sort().filter((n) => fs.statSync(path.join(root, n)).isDirectory()).map((name) => {
    const dir = path.join(root, name);
    return { dir, name, cases: JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case[] };
  });
}

/** Run the CLI in-process from `cwd` (its results must not depend on the folder it runs from), capturing its output. */
export function runCliIn(args: string[], cwd = process.cwd()): { code: number; out: string; err: string } {
  let out = '', err = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = runCli(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}
