#!/usr/bin/env node
// Rewrites the diagnostic-code table of docs/CODES.md (between <!-- codes:start --> and
// <!-- codes:end -->) from server/src/analysis/codes.ts (compiled: out/...). (The table lived in the README once,
// hence the script's name.) `--check` exits 1 when the table is out of date instead of writing it.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { CODES } = require(path.join(root, 'out', 'server', 'src', 'analysis', 'codes.js'));
const readmePath = path.join(root, 'docs', 'CODES.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const rows = ['| code | default severity | what it means |', '| --- | --- | --- |',
  ...CODES.map((c) => `| \`${c.code}\` | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} |`)];
const start = '<!-- codes:start -->', end = '<!-- codes:end -->';
const i = readme.indexOf(start), j = readme.indexOf(end);
if (i < 0 || j < i) { console.error('docs/CODES.md has no codes markers'); process.exit(2); }
const next = readme.slice(0, i + start.length) + '\n' + rows.join('\n') + '\n' + readme.slice(j);
if (process.argv.includes('--check')) {
  if (next !== readme) { console.error('docs/CODES.md code table is out of date: run node scripts/update-readme-codes.js'); process.exit(1); }
  console.log('docs/CODES.md code table is up to date');
} else {
  fs.writeFileSync(readmePath, next);
  console.log(`docs/CODES.md: ${CODES.length} codes`);
}
