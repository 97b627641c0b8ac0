#!/usr/bin/env node
// Runs node's test runner on the compiled test files (out/test/**/*.test.js),
// optionally only those under the folders given as arguments (e.g. `unit`, `lsp`).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..', 'out', 'test');
const only = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    // out/test/vscode runs inside VS Code's extension host (npm run test:vscode:offline), not on node's runner.
    if (e.isDirectory()) { if (path.relative(root, p) !== 'vscode') walk(p); }
    else if (e.name.endsWith('.test.js')) files.push(p);
  }
})(root);
const selected = only.length ? files.filter((f) => only.some((o) => path.relative(root, f).startsWith(o))) : files;
if (!selected.length) {
  console.error(`no test files under ${root}${only.length ? ` matching ${only.join(', ')}` : ''} (did you compile?)`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', ...selected], { stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);
