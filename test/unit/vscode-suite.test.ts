/** The VS Code suite runs the same test files on both builds: the web entry lists every test file the desktop one finds. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../helpers';

describe('VS Code suite', () => {
  it('test/vscode/suite/web.ts loads every *.test.ts of the suite folder', () => {
    const dir = path.join(REPO, 'test', 'vscode', 'suite');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    const web = fs.readFileSync(path.join(dir, 'web.ts'), 'utf8');
    const listed = [...web.matchAll(/\['([\w.-]+)', \(\) => require\('\.\/([\w.-]+)'\)\]/g)].map((m) => { assert.equal(m[1], m[2]); return m[1]; }).sort();
    assert.deepEqual(listed, files);
  });

  it('the suite imports no Node module (it runs in the web-worker extension host too)', () => {
    const dir = path.join(REPO, 'test', 'vscode', 'suite');
    const bad: string[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)) {
        if (!m[1].startsWith('.') && m[1] !== 'vscode') bad.push(`${f}: ${m[1]}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
