/**
 * No recursion over input: a configuration file can nest elements 100,000
 * levels deep, so every function of the server that walks the document (or
 * anything built from it) must be iterative. This test reads the sources with
 * the TypeScript compiler and fails on any function that calls itself,
 * directly or through other functions of the same file, unless it is listed
 * below with the reason its depth is bounded by something other than the
 * edited document.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO, sourceFiles } from '../helpers';

/** `file:function` → why its recursion depth does not come from the analysed document. */
const BOUNDED: Record<string, string> = {
  'server/src/iis/schemaLoader.ts:parseContent': 'walks IIS schema definitions (the machine\'s or configured schema files, a few levels deep), not the edited document; loading is guarded',
  'server/src/iis/schemaLoader.ts:parseElement': 'as parseContent',
  'server/src/iis/schemaLoader.ts:parseCollection': 'as parseContent',
  'server/src/iis/schemaLoader.ts:mergeContent': 'merges schema definitions (as parseContent)',
  'server/src/iis/schemaLoader.ts:mergeElement': 'as mergeContent',
  'server/src/iis/schemaLoader.ts:mergeCollection': 'as mergeContent',
  'server/src/iis/values.ts:describeAllowed': 'calls itself once, with allowInfinite switched off',
  'server/src/lsp/symbols.ts:toDocumentSymbol': 'outline symbols nest at most location > section > site > application > virtual directory (analysis/symbols.ts)',
  'server/src/lsp/symbols.ts:flatten': 'as toDocumentSymbol',
  'server/src/rewrite/matcher.ts:exec': 'one level per lookahead nested in a pattern, at most MAX_LOOKAHEAD_NESTING (checked when the pattern is compiled)',
  'server/src/rewrite/matcher.ts:run': 'as exec (its closure)',
  'server/src/analysis/inheritance.ts:sectionLockState': 'walks up the chain of configuration files (applicationHost.config, parent web.config files): one call per file',
};


/** Name of a function-like node: declarations, methods, and functions assigned to a variable or property. */
function functionName(n: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    const p = n.parent;
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText();
  }
  return undefined;
}

/** Functions of one file that call themselves, directly or through other functions of the file. */
export function recursiveFunctions(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const calls = new Map<string, Set<string>>();
  const visit = (n: ts.Node, current: string | undefined): void => {
    const name = functionName(n);
    if (name) {
      current = name;
      if (!calls.has(name)) calls.set(name, new Set());
    }
    if (current && ts.isCallExpression(n)) {
      const e = n.expression;
      const callee = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword ? e.name.text : undefined;
      if (callee) calls.get(current)!.add(callee);
    }
    ts.forEachChild(n, (c) => visit(c, current));
  };
  visit(sf, undefined);
  const recursive: string[] = [];
  for (const [fn, direct] of calls) {
    const seen = new Set<string>();
    const stack = [...direct];
    while (stack.length) {
      const g = stack.pop()!;
      if (g === fn) { recursive.push(fn); break; }
      if (seen.has(g) || !calls.has(g)) continue;
      seen.add(g);
      stack.push(...calls.get(g)!);
    }
  }
  return recursive;
}

describe('iterative code', () => {
  it('no function of the server recurses over the document', () => {
    const found = sourceFiles('server/src').flatMap((f) => recursiveFunctions(f).map((fn) => `${path.relative(REPO, f).split(path.sep).join('/')}:${fn}`));
    const unexplained = found.filter((k) => !BOUNDED[k]);
    assert.deepEqual(unexplained, [], 'make these iterative (an explicit stack), or explain in BOUNDED why their depth does not come from the document');
  });

  it('detects direct and mutual recursion', () => {
    const tmp = path.join(REPO, 'out', 'iterative-probe.ts');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, [
      'function a(n: number): number { return n ? a(n - 1) : 0; }',
      'function b(n: number): number { return n ? c(n - 1) : 0; }',
      'function c(n: number): number { return b(n); }',
      'const d = (n: number): number => (n ? d(n - 1) : 0);',
      'class K { m(n: number): number { return n ? this.m(n - 1) : 0; } }',
      'function e(): number { return a(1); }',
    ].join('\n'));
    try {
      assert.deepEqual(recursiveFunctions(tmp).sort(), ['a', 'b', 'c', 'd', 'm']);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });
});
