/**
 * Complexity, not speed: doubling (or quadrupling) the input must not multiply the work by the square. Each check
 * times two sizes in the same run and compares the fastest of several repetitions (the least disturbed by other load
 * on the machine) with a generous bound between the linear and the quadratic ratio. The benchmark (npm run bench)
 * measures the times themselves.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument, updateAnalysis, wasIncremental } from '../../server/src/analysis/analyze';
import type { AnalysisContext, DocumentAnalysis } from '../../server/src/analysis/types';
import { hierarchyContext } from '../../server/src/analysis/inheritance';
import { buildHierarchy, type HierarchyReader } from '../../server/src/hierarchy/hierarchy';
import { generateApplicationHost, generateWebConfig } from '../../scripts/bench/generate';

function fastest(runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

/** A workspace in memory: /ws/applicationHost.config and the web.config of its first site's root folder. */
function underParent(parentBytes: number): { context: AnalysisContext; web: string; firstMs: number } {
  const files = new Map<string, string>([
    ['/ws/applicationHost.config', generateApplicationHost(parentBytes, 2)],
    ['/ws/vhosts/shop0.example.com/httpdocs/web.config', generateWebConfig()],
  ]);
  const reader: HierarchyReader = {
    readFile: (f) => files.get(f),
    listDirectory: (dir) => {
      const prefix = dir.endsWith('/') ? dir : dir + '/';
      const names = new Map<string, boolean>();
      for (const f of files.keys()) if (f.startsWith(prefix)) { const rest = f.slice(prefix.length).split('/'); names.set(rest[0], rest.length > 1); }
      return names.size ? [...names].map(([name, directory]) => ({ name, directory })) : undefined;
    },
  };
  const fileName = '/ws/vhosts/shop0.example.com/httpdocs/web.config';
  const h = buildHierarchy({ fileName, workspaceRoots: ['/ws'], reader, explicit: { path: '/ws/applicationHost.config', source: 'setting' } });
  assert.ok(h.mapped, 'the web.config is mapped to its site');
  const context: AnalysisContext = { fileName, kind: 'web', ...hierarchyContext(h) };
  const web = files.get(fileName)!;
  const t = process.hrtime.bigint();
  analyzeDocument(web, context);
  return { context, web, firstMs: Number(process.hrtime.bigint() - t) / 1e6 };
}

/** A one-character edit in an attribute value in the middle of the file. */
function typeInTheMiddle(a: DocumentAnalysis, k: number): { text: string; change: { start: number; end: number; newLength: number } } {
  const at = a.text.indexOf('userName="', a.text.length >> 1) + 'userName="'.length;
  const ch = 'abcdefgh'[k % 8];
  return { text: a.text.slice(0, at) + ch + a.text.slice(at), change: { start: at, end: at, newLength: 1 } };
}

describe('complexity', () => {
  it('a web.config under an applicationHost.config twice as large: each analysis costs about the same (the parent\'s indexes are built once)', () => {
    const n = underParent(200_000), n2 = underParent(400_000);
    // Warm both, then alternate so that both see the same load.
    let small = Infinity, large = Infinity;
    for (let round = 0; round < 5; round++) {
      small = Math.min(small, fastest(4, () => analyzeDocument(n.web, n.context)));
      large = Math.min(large, fastest(4, () => analyzeDocument(n2.web, n2.context)));
    }
    // Independent of the parent's size: about 1×. Linear would be 2×, quadratic 4×.
    assert.ok(large < 1.6 * small + 0.5, `analysis under 2n ${large.toFixed(2)} ms vs under n ${small.toFixed(2)} ms`);
    // The first analysis builds the parent's indexes: at most linear (quadratic would be 4×).
    assert.ok(n2.firstMs < 3 * n.firstMs + 20, `first analysis under 2n ${n2.firstMs.toFixed(1)} ms vs under n ${n.firstMs.toFixed(1)} ms`);
  });

  it('an incremental update of a file four times as large: not quadratic (under 8×), and a fraction of a full analysis', () => {
    const cost = (bytes: number) => {
      const context: AnalysisContext = { fileName: 'applicationHost.config' };
      let a = analyzeDocument(generateApplicationHost(bytes, 4), context);
      let best = Infinity, incremental = 0;
      for (let k = 0; k < 12; k++) {
        const { text, change } = typeInTheMiddle(a, k);
        const t = process.hrtime.bigint();
        const next = updateAnalysis(a, text, change, context);
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
        if (wasIncremental(next)) incremental++;
        a = next;
      }
      assert.equal(incremental, 12, 'every keystroke was taken incrementally');
      const full = fastest(2, () => analyzeDocument(a.text, context));
      return { best, full };
    };
    const small = cost(150_000), large = cost(600_000);
    // Measured 2026-12-06: about 3.4× (the update still has parts linear in the file: offsets after the edit and the
    // like); linear is 4×, quadratic 16×.
    assert.ok(large.best < 8 * small.best + 1, `update at 4n ${large.best.toFixed(2)} ms vs at n ${small.best.toFixed(2)} ms`);
    assert.ok(large.best < large.full / 4, `update at 4n ${large.best.toFixed(2)} ms vs a full analysis ${large.full.toFixed(2)} ms`);
  });
});
