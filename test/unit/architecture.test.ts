/**
 * Layer rules from docs/ARCHITECTURE.md, checked on the sources: the pure
 * layers do no I/O and never import the protocol or the editor; the server
 * never imports `vscode`.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, sourceFiles } from '../helpers';


function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

const PURE = ['server/src/syntax', 'server/src/iis', 'server/src/hierarchy', 'server/src/rewrite', 'server/src/analysis', 'server/src/util'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls|worker_threads)$/;

describe('architecture', () => {
  for (const layer of PURE) {
    it(`${layer} does no I/O and knows nothing of LSP or VS Code`, () => {
      const bad: string[] = [];
      for (const f of sourceFiles(layer)) {
        for (const m of imports(f)) {
          if (IO_MODULES.test(m) || /^vscode(-languageserver|-languageclient|-jsonrpc)?(\/|$)/.test(m) || /\/(lsp|cli|node|client)\//.test(m + '/')) {
            bad.push(`${path.relative(REPO, f)} imports ${m}`);
          }
        }
      }
      assert.deepEqual(bad, []);
    });
  }

  it('the server never imports vscode', () => {
    const bad = sourceFiles('server/src').flatMap((f) => imports(f).filter((m) => m === 'vscode').map(() => path.relative(REPO, f)));
    assert.deepEqual(bad, []);
  });

  it('the syntax layer knows nothing about IIS', () => {
    const bad = sourceFiles('server/src/syntax').flatMap((f) => imports(f).filter((m) => /\/(iis|hierarchy|analysis)\//.test(m + '/')).map((m) => `${path.relative(REPO, f)} imports ${m}`));
    assert.deepEqual(bad, []);
  });
});
