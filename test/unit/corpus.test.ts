/**
 * False positives are bugs: every file of the real-world corpus
 * (../shared/corpus, files believed to run on their servers) is analysed, and
 * every error or warning must be listed, with a justification, in
 * test/corpus-expectations.json; every listed entry must still be produced
 * (the known defects stay caught). Skipped when the corpus is absent.
 *
 * The files are analysed as the CLI sees them in their own repositories: each
 * is written back to its original path (`owner__repo__dir__web.config` →
 * `owner/repo/dir/web.config`) in a temporary tree, and gets the configuration
 * hierarchy the CLI would give it with that repository as the workspace
 * (parent web.config files, the level of nested ones, default IIS 10 settings
 * when no applicationHost.config is there).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { createCliHierarchy } from '../../server/src/cli/hierarchy';
import { REPO, SHARED, hasShared } from '../helpers';
import type { Diagnostic } from '../../server/src/analysis/types';

interface Expected { readonly code: string; readonly at?: string; readonly line?: number; readonly count?: number; readonly why: string }

const CORPUS = path.join(SHARED, 'corpus');
const expectations = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'corpus-expectations.json'), 'utf8')) as Record<string, unknown>;

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const sub of ['webconfig', 'applicationhost']) {
    const dir = path.join(CORPUS, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) out.push(`${sub}/${f}`);
  }
  return out;
}

/** Write every corpus file back to its path inside its repository; returns corpus name → { file, repository root }. */
function rebuildTree(files: string[]): Map<string, { file: string; root: string }> {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-corpus-'));
  const out = new Map<string, { file: string; root: string }>();
  for (const rel of files) {
    const parts = path.basename(rel).split('__');
    const root = path.join(tree, rel.split('/')[0], parts[0], parts[1]);
    const file = path.join(root, ...parts.slice(2));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fs.readFileSync(path.join(CORPUS, rel)));
    out.set(rel, { file, root });
  }
  return out;
}

describe('corpus (false positives)', () => {
  if (!hasShared) {
    // One skipped test, so the run's summary counts the corpus check as skipped instead of saying nothing.
    it('every corpus file gives only the diagnostics test/corpus-expectations.json explains', { skip: `no corpus at ${CORPUS}: false-positive check skipped` }, () => undefined);
    return;
  }
  const files = corpusFiles();
  const tree = hasShared ? rebuildTree(files) : new Map<string, { file: string; root: string }>();

  it('has a justification for every expectation and names only corpus files', () => {
    for (const [file, list] of Object.entries(expectations)) {
      if (file.startsWith('$')) continue;
      assert.ok(files.includes(file), `expectations name ${file}, which is not in the corpus`);
      for (const e of list as Expected[]) {
        assert.ok(e.code && (e.at !== undefined || e.line !== undefined), `${file}: entry needs a code and at or line`);
        assert.ok(typeof e.why === 'string' && e.why.trim().length > 10, `${file}: ${e.code} needs a one-line justification`);
      }
    }
  });

  for (const rel of files) {
    it(rel, () => {
      const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
      const failures: string[] = [];
      const { file, root } = tree.get(rel)!;
      const { context } = createCliHierarchy({ paths: [root], cwd: root }).contextFor(file);
      const analysis = analyzeDocument(text, { ...context, fileName: file, onRuleError: (rule, e) => failures.push(`rule ${rule} threw: ${(e as Error)?.stack ?? e}`) });
      const expected = (expectations[rel] ?? []) as Expected[];
      const line = (d: Diagnostic) => text.slice(0, d.start).split('\n').length;
      const matches = (e: Expected, d: Diagnostic) => d.code === e.code && (e.at !== undefined ? text.slice(d.start, d.end) === e.at : line(d) === e.line);
      const used = new Map<Expected, number>();
      for (const d of analysis.diagnostics) {
        const e = expected.find((x) => matches(x, d) && (used.get(x) ?? 0) < (x.count ?? 1));
        if (e) { used.set(e, (used.get(e) ?? 0) + 1); continue; }
        if (d.severity === 'error' || d.severity === 'warning') {
          failures.push(`unexplained ${d.severity} ${d.code} at line ${line(d)} ${JSON.stringify(text.slice(d.start, d.end))}: ${d.message}`);
        }
      }
      for (const e of expected) {
        const n = used.get(e) ?? 0;
        if (n !== (e.count ?? 1)) failures.push(`expected ${e.count ?? 1} × ${e.code} at ${JSON.stringify(e.at ?? `line ${e.line}`)} (${e.why}), got ${n}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
