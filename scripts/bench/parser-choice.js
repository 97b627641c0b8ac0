#!/usr/bin/env node
// The measurement behind the choice of a dedicated parser (docs/PERFORMANCE.md, "Choosing the parser"):
// our tolerant parser vs @xmldom/xmldom vs `xmllint --noout` on the same files, medians of repeated runs,
// and what @xmldom/xmldom reports for a few broken inputs.
// Usage: npm run compile && npm run bench -- --sizes 1MB,10MB (to generate tmp/bench/*.config) and then
//        node scripts/bench/parser-choice.js tmp/bench/1MB.config tmp/bench/10MB.config
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { DOMParser } = require('@xmldom/xmldom');
const { parseXml } = require(path.join(__dirname, '..', '..', 'out', 'server', 'src', 'syntax', 'xml.js'));

const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
function time(fn, n) {
  const t = [];
  for (let i = 0; i < n; i++) { const s = process.hrtime.bigint(); fn(); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
  return median(t);
}
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  const n = text.length > 5e6 ? 5 : 11;
  const ours = time(() => parseXml(text), n);
  const dom = time(() => new DOMParser({ errorHandler: {} }).parseFromString(text, 'text/xml'), n);
  const lint = hasXmllint ? `${time(() => spawnSync('xmllint', ['--noout', f]), n).toFixed(1)} ms` : 'n/a (no xmllint)';
  console.log(`${f}: ours ${ours.toFixed(1)} ms, @xmldom/xmldom ${dom.toFixed(1)} ms, xmllint ${lint}`);
}
const broken = {
  'mismatched end tag': '<configuration>\n  <system.webServer>\n    <handlers>\n  </system.webServer>\n</configuration>',
  'truncated file': '<configuration><a>',
  'unterminated attribute value': '<configuration attr="x></configuration>',
  'duplicate attribute': '<configuration><a b="1" b="2"/></configuration>',
};
for (const [what, text] of Object.entries(broken)) {
  const reports = [];
  new DOMParser({ errorHandler: { warning: (m) => reports.push(`warning: ${m}`), error: (m) => reports.push(`error: ${m}`), fatalError: (m) => reports.push(`fatal: ${m}`) } }).parseFromString(text, 'text/xml');
  const ours = parseXml(text).errors.map((e) => `${e.message} [${e.start}-${e.end}]`);
  console.log(`${what}:\n  @xmldom/xmldom: ${reports.map((r) => r.replace(/\s+/g, ' ')).join(' | ') || '(nothing reported)'}\n  ours: ${ours.join(' | ')}`);
}
