/**
 * Layer rules from docs/ARCHITECTURE.md, checked on the sources: the pure
 * layers do no I/O and never import the protocol or the editor; the server
 * never imports `vscode`.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../helpers';

function sources(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(REPO, dir)];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  }
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

const PURE = ['server/src/syntax', 'server/src/iis', 'server/src/hierarchy', 'server/src/analysis', 'server/src/util'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls|worker_threads)$/;

describe('architecture', () => {
  for (const layer of PURE) {
    it(`${layer} does no I/O and knows nothing of LSP or VS Code`, () => {
      const bad: string[] = [];
      for (const f of sources(layer)) {
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
    const bad = sources('server/src').flatMap((f) => imports(f).filter((m) => m === 'vscode').map(() => path.relative(REPO, f)));
    assert.deepEqual(bad, []);
  });

  it('the syntax layer knows nothing about IIS', () => {
    const bad = sources('server/src/syntax').flatMap((f) => imports(f).filter((m) => /\/(iis|hierarchy|analysis)\//.test(m + '/')).map((m) => `${path.relative(REPO, f)} imports ${m}`));
    assert.deepEqual(bad, []);
  });
});
