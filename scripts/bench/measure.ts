/**
 * One benchmark measurement in a fresh process (so one file's heap does not
 * disturb the next), run by scripts/bench/main.ts; each prints one JSON line.
 *
 * - `node --expose-gc measure.js FILE NAME REPS`: parse and analysis times of
 *   every repetition, per-rule times, and memory (peak RSS growth during the
 *   first analysis, heap retained by the analysis result).
 * - `node --expose-gc measure.js --under PARENT WEBCONFIG REPS`: a web.config
 *   under an applicationHost.config (named as --app-host names it): the time
 *   to read and model the parent (its hierarchy), the first analysis of the
 *   web.config (which builds the parent's indexes) and the later ones.
 */
import { parseXml } from '../../server/src/syntax/xml';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { RULES } from '../../server/src/analysis/rules';
import { readTextFile } from '../../server/src/node/readText';
import type { DocumentAnalysis } from '../../server/src/analysis/types';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { generateApplicationHost, generateWebConfig } from './generate';
import { buildHierarchy } from '../../server/src/hierarchy/hierarchy';
import { hierarchyContext } from '../../server/src/analysis/inheritance';
import { fsReader } from '../../server/src/node/hierarchyIo';
import * as path from 'path';

export interface Measurement {
  readonly chars: number;
  readonly diagnostics: number;
  readonly ruleErrors: string[];
  readonly parseMs: number[];
  readonly analyzeMs: number[];
  /** Time of each registered rule's checks, per analysis, by rule id. */
  readonly ruleMs: Record<string, number[]>;
  readonly peakRssBytes: number;
  readonly retainedHeapBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export interface UnderParentMeasurement {
  readonly diagnostics: number;
  /** The web.config's level as the hierarchy decided it (it should be the mapped site's). */
  readonly level: string;
  readonly mapped: boolean;
  /** Reading and modelling the applicationHost.config (once per parent version). */
  readonly hierarchyMs: number;
  /** The first analysis of the web.config (it builds the parent's indexes). */
  readonly firstMs: number;
  /** Later analyses of the same web.config under the same parent. */
  readonly analyzeMs: number[];
}

function underParent(parent: string, web: string, reps: number): void {
  const text = readTextFile(web).text;
  let t = process.hrtime.bigint();
  const h = buildHierarchy({ fileName: web, workspaceRoots: [path.dirname(parent)], reader: fsReader({ cache: new Map() }), explicit: { path: parent, source: 'cli' } });
  const hierarchyMs = ms(t);
  const context = { fileName: web, kind: 'web' as const, ...hierarchyContext(h) };
  t = process.hrtime.bigint();
  const first = analyzeDocument(text, context);
  const firstMs = ms(t);
  const analyzeMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = process.hrtime.bigint();
    analyzeDocument(text, context);
    analyzeMs.push(ms(t));
  }
  const out: UnderParentMeasurement = {
    diagnostics: first.diagnostics.length, level: h.fileLevel.description, mapped: h.mapped, hierarchyMs, firstMs, analyzeMs,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  if (process.argv[2] === '--under') {
    underParent(process.argv[3], process.argv[4], Math.max(1, Number(process.argv[5]) || 5));
    return;
  }
  const [file, fileName, repsArg] = process.argv.slice(2);
  if (!gc) throw new Error('run with --expose-gc');
  const reps = Math.max(1, Number(repsArg) || 5);
  const text = readTextFile(file).text;
  const ruleErrors: string[] = [];
  const context = { fileName, onRuleError: (rule: string, e: unknown) => { ruleErrors.push(`${rule}: ${(e as Error)?.message}`); } };

  // Every registered rule is timed: wrap each of its checks (this process only) and add up its time per analysis.
  const ruleMs: Record<string, number[]> = {};
  const running: Record<string, number> = {};
  for (const rule of RULES as Rule[]) {
    ruleMs[rule.id] = [];
    running[rule.id] = 0;
    const r = rule as unknown as Record<string, unknown>;
    for (const grain of ['check', 'checkSection', 'checkPlace', 'checkLocation', 'checkScope'] as const) {
      const f = r[grain] as ((this: Rule, ...args: unknown[]) => void) | undefined;
      if (typeof f !== 'function') continue;
      r[grain] = function (this: Rule, ...args: unknown[]) {
        const t = process.hrtime.bigint();
        try { f.apply(this, args); } finally { running[rule.id] += ms(t); }
      };
    }
  }
  const ruleTimesOfAnalysis = () => {
    for (const id of Object.keys(running)) { ruleMs[id].push(running[id]); running[id] = 0; }
  };

  // Load what the engine loads once per process (schema, declarations, lazily built tables) with other, small files,
  // so that it is not counted as memory retained by this file's analysis.
  analyzeDocument(generateWebConfig(), { fileName: 'web.config' });
  analyzeDocument(generateApplicationHost(20_000, 7), { fileName: 'applicationHost.config' });
  // Memory: the first analysis of the file, from a collected heap with only the text loaded.
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = heapNow();
  let analysis: DocumentAnalysis | undefined = analyzeDocument(text, context);
  const peakRssBytes = Math.max(0, process.resourceUsage().maxRSS * 1024 - rssBefore);
  // A small file's analysis is lost in the heap's noise: keep several alive and divide.
  const keep = text.length < 1024 * 1024 ? Math.min(200, Math.ceil((2 * 1024 * 1024) / Math.max(1, text.length))) : 1;
  const kept: DocumentAnalysis[] = [analysis];
  for (let k = 1; k < keep; k++) kept.push(analyzeDocument(text, context));
  gc();
  const retainedHeapBytes = Math.max(0, (heapNow() - heapBefore) / keep);
  const diagnostics = analysis.diagnostics.length;
  kept.length = 0;
  analysis = undefined;
  for (const k of Object.keys(ruleMs)) { ruleMs[k].length = 0; running[k] = 0; }

  const parseMs: number[] = [], analyzeMs: number[] = [];
  // Large files: start each run from a collected heap, so one run does not pay for the garbage of the last.
  const collect = text.length > 200_000 ? gc : () => undefined;
  for (let i = 0; i < reps; i++) {
    collect();
    let t = process.hrtime.bigint();
    parseXml(text);
    parseMs.push(ms(t));
    collect();
    t = process.hrtime.bigint();
    analysis = analyzeDocument(text, context);
    analyzeMs.push(ms(t));
    ruleTimesOfAnalysis();
    analysis = undefined;
  }
  const out: Measurement = { chars: text.length, diagnostics, ruleErrors: [...new Set(ruleErrors)], parseMs, analyzeMs, ruleMs, peakRssBytes, retainedHeapBytes };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
