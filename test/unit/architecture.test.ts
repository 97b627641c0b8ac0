/**
 * Layer rules from docs/ARCHITECTURE.md, checked on the sources: the pure
 * layers do no I/O and never import the protocol or the editor; the server
 * never imports `vscode`; nothing outside the node entries uses Node (so the
 * same code runs in the browser); no module imports itself through others.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import { builtinModules } from 'module';
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

/** Source text without comments and string literals (template literals keep their `${…}` expressions). */
export function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i], n = text[i + 1];
    if (c === '/' && n === '/') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '/' && n === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? text.length : e + 2; out += ' '; continue; }
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      i++; out += '""'; continue;
    }
    if (c === '`') {
      // Keep the expressions of a template literal, drop its text (nested templates are rare enough to ignore).
      for (i++; i < text.length && text[i] !== '`'; i++) {
        if (text[i] === '\\') { i++; continue; }
        if (text[i] === '$' && text[i + 1] === '{') {
          let depth = 0;
          for (i += 2; i < text.length && !(text[i] === '}' && depth === 0); i++) { if (text[i] === '{') depth++; else if (text[i] === '}') depth--; out += text[i]; }
          out += ' ';
        }
      }
      i++; out += '""'; continue;
    }
    out += c; i++;
  }
  return out;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Node's modules, and the Node builds of the LSP libraries. */
function isNodeModule(m: string): boolean {
  return NODE_BUILTINS.has(m) || NODE_BUILTINS.has(m.split('/')[0]) || /^vscode-(languageserver|languageclient|jsonrpc|languageserver-protocol)\/node$/.test(m);
}
/** Node's globals (a property of the same name, `x.process` or `{ process: 1 }`, is fine). */
const NODE_GLOBALS = /(?<![.\w$])(process|Buffer|__dirname|__filename|setImmediate|clearImmediate|global|NodeJS)\b(?!\s*:)/g;
/** Where Node may be used: the desktop entries and the CLI. */
const NODE_ALLOWED = ['server/src/node/', 'server/src/cli/', 'client/src/node/'];

function nodeUses(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const uses = imports(file).filter(isNodeModule).map((m) => `imports ${m}`);
  for (const m of codeOnly(text).matchAll(NODE_GLOBALS)) uses.push(`uses ${m[1]}`);
  return [...new Set(uses)];
}

/** The relative imports of a file, resolved to source files. */
function localImports(file: string): string[] {
  return imports(file).filter((m) => m.startsWith('.')).map((m) => {
    const base = path.resolve(path.dirname(file), m);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  }).filter((f): f is string => !!f);
}

/** Import cycles among the files (each reported once, as the path that closes it). */
function importCycles(files: readonly string[]): string[] {
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, stack: string[]) => {
    state.set(f, 'active');
    stack.push(f);
    for (const g of localImports(f)) {
      if (state.get(g) === 'active') cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => path.relative(REPO, x)).join(' -> '));
      else if (!state.has(g)) visit(g, stack);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f, []);
  return cycles;
}

const PURE = ['server/src/syntax', 'server/src/iis', 'server/src/hierarchy', 'server/src/model', 'server/src/rewrite', 'server/src/analysis', 'server/src/util'];
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

  it('the server model sits below analysis and above the hierarchy: it never imports the analysis layer', () => {
    const bad = ['server/src/model', 'server/src/hierarchy', 'server/src/iis'].flatMap((layer) => sourceFiles(layer).flatMap((f) => imports(f)
      .filter((m) => /\/analysis\//.test(m + '/') || (layer !== 'server/src/model' && /\/model\//.test(m + '/')))
      .map((m) => `${path.relative(REPO, f)} imports ${m}`)));
    assert.deepEqual(bad, []);
  });

  it('no Node import or Node global outside node/, cli/ and the node entries (the rest runs in the browser too)', () => {
    const bad: string[] = [];
    for (const f of [...sourceFiles('server/src'), ...sourceFiles('client/src')]) {
      const rel = path.relative(REPO, f).split(path.sep).join('/');
      if (NODE_ALLOWED.some((d) => rel.startsWith(d))) continue;
      for (const u of nodeUses(f)) bad.push(`${rel} ${u}`);
    }
    assert.deepEqual(bad, []);
  });

  it('the Node check catches Node imports and globals, and leaves strings, comments and properties alone', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-arch-'));
    try {
      const bad = path.join(tmp, 'bad.ts'), good = path.join(tmp, 'good.ts');
      fs.writeFileSync(bad, "import * as fs from 'fs';\nimport { x } from 'node:path';\nimport { c } from 'vscode-languageserver/node';\nconst b = Buffer.from('');\nsetImmediate(() => process.exit());\n");
      fs.writeFileSync(good, "import { c } from 'vscode-languageserver';\n// process, Buffer\nconst s = 'Buffer process';\nconst t = `the ${s} process`;\nconst o = { process: 1 }; o.process++;\n");
      assert.deepEqual(nodeUses(bad).sort(), ['imports fs', 'imports node:path', 'imports vscode-languageserver/node', 'uses Buffer', 'uses process', 'uses setImmediate'].sort());
      assert.deepEqual(nodeUses(good), []);
    } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
  });

  it('no import cycles through the protocol layer, the entries, the CLI and the client (type imports count too)', () => {
    const cycles = importCycles([...sourceFiles('server/src'), ...sourceFiles('client/src')]);
    assert.deepEqual(cycles.filter((c) => /(^| )(server\/src\/(lsp|node|browser|cli)|client\/src)\//.test(c)), []);
  });

  it('the cycle check finds a cycle through type imports', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-arch-'));
    try {
      fs.writeFileSync(path.join(tmp, 'a.ts'), "import type { B } from './b';\nexport interface A { b: B }\n");
      fs.writeFileSync(path.join(tmp, 'b.ts'), "import type { A } from './a';\nexport interface B { a: A }\n");
      fs.writeFileSync(path.join(tmp, 'c.ts'), "import type { A } from './a';\n");
      const cycles = importCycles([path.join(tmp, 'c.ts'), path.join(tmp, 'a.ts'), path.join(tmp, 'b.ts')]);
      assert.equal(cycles.length, 1);
      assert.match(cycles[0], /a\.ts -> .*b\.ts -> .*a\.ts$/);
    } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
  });

  it('the syntax layer knows nothing about IIS', () => {
    const bad = sourceFiles('server/src/syntax').flatMap((f) => imports(f).filter((m) => /\/(iis|hierarchy|analysis)\//.test(m + '/')).map((m) => `${path.relative(REPO, f)} imports ${m}`));
    assert.deepEqual(bad, []);
  });
});
