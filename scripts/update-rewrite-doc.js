#!/usr/bin/env node
// Rewrites the dialect table of docs/rewrite.md (between <!-- dialect:start --> and <!-- dialect:end -->) from
// server/src/rewrite/dialect.ts (compiled: out/...). `--check` exits 1 when the page is out of date instead.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { DIALECT } = require(path.join(root, 'out', 'server', 'src', 'rewrite', 'dialect.js'));
const docPath = path.join(root, 'docs', 'rewrite.md');
const doc = fs.readFileSync(docPath, 'utf8');
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (s) => '`` ' + String(s).replace(/\|/g, '\\|') + ' ``';
const rows = ['| construct | example | URL Rewrite | JavaScript | evidence |', '| --- | --- | --- | --- | --- |',
  ...DIALECT.map((r) => {
    const m = r.moduleAccepts ? (r.input !== undefined ? `accepts; ${code(r.input)} ${r.moduleMatches ? 'matches' : 'does not match'}` : 'accepts') : '**rejects (500.52)**';
    const j = r.javascriptAccepts ? (r.input !== undefined ? `accepts; ${code(r.input)} ${r.moduleMatches ? 'does not match' : 'matches'}` : 'accepts') : 'rejects';
    return `| ${cell(r.construct)} | ${code(r.pattern)} | ${m} | ${j} | ${r.evidence} |`;
  })];
const start = '<!-- dialect:start -->', end = '<!-- dialect:end -->';
const i = doc.indexOf(start), j = doc.indexOf(end);
if (i < 0 || j < i) { console.error('docs/rewrite.md has no dialect markers'); process.exit(2); }
const next = doc.slice(0, i + start.length) + '\n' + rows.join('\n') + '\n' + doc.slice(j);
if (process.argv.includes('--check')) {
  if (next !== doc) { console.error('docs/rewrite.md dialect table is out of date: run node scripts/update-rewrite-doc.js'); process.exit(1); }
  console.log('docs/rewrite.md dialect table is up to date');
} else {
  fs.writeFileSync(docPath, next);
  console.log(`docs/rewrite.md: ${DIALECT.length} dialect rows`);
}
