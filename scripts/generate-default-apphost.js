#!/usr/bin/env node
// Derives server/data/default-applicationhost.json: the small "default IIS 10
// applicationHost.config" model the engine assumes when no applicationHost.config
// is found. Only facts that every full-IIS source agrees on are kept:
//   - the stock unlock <location path="" overrideMode="Allow"> with the
//     default-install native modules (lockItem="true") and the three
//     default-install handlers,
//   - the attribute locks of <httpErrors> and <staticContent>, with their
//     stock <error> and <mimeMap> entries,
//   - the stock <defaultDocument> file list.
// Entries are those present in every source listed below (intersection), so
// features that are not part of a default install (ASP.NET, CGI, WebDAV, ...)
// drop out. Run: node scripts/generate-default-apphost.js [corpus/applicationhost folder]
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || path.join(__dirname, '..', '..', 'shared', 'corpus', 'applicationhost');
const output = path.join(__dirname, '..', 'server', 'data', 'default-applicationhost.json');

const SOURCES = {
  B: { file: 'mattgillard__iis-reverse-proxy__applicationHost.config', cite: 'github:mattgillard/iis-reverse-proxy@635ce8c applicationHost.config (full IIS 10 server)' },
  S: { file: 'dotnet__aspnetcore__src__Servers__IIS__IIS__test__Common.FunctionalTests__Infrastructure__IIS.SubApp.config', cite: 'github:dotnet/aspnetcore@9ff6de9 src/Servers/IIS/IIS/test/Common.FunctionalTests/Infrastructure/IIS.SubApp.config (full-IIS applicationHost template)' },
  A: { file: 'c1982__IIS-SharedGitConfig__applicationHost.config', cite: 'github:c1982/IIS-SharedGitConfig@6ee5722 applicationHost.config (full IIS 10 server)' },
};
const DOCS = {
  locking: 'learn.microsoft.com/iis/get-started/planning-for-security/how-to-use-locking-in-iis-configuration (lockAttributes, lockItem; the stock httpErrors/staticContent attribute locks)',
  unlock: 'learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig (the stock <location path="" overrideMode="Allow"> that delegates modules and handlers)',
};

const text = {};
for (const [k, s] of Object.entries(SOURCES)) text[k] = fs.readFileSync(path.join(dir, s.file), 'utf8');

/** The text of the first <name ...>...</name> block (or self-closed element) of a file. */
function block(t, name) {
  const m = new RegExp(`<${name}[\\s>][\\s\\S]*?</${name}>`).exec(t);
  if (!m) throw new Error(`no <${name}>`);
  return m[0];
}
function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w.:-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}
/** Entries `<el .../>` inside a block, as attribute maps. */
function entries(t, el) {
  return [...t.matchAll(new RegExp(`<${el}\\s[^>]*?/>`, 'g'))].map((m) => attrs(m[0]));
}
function common(lists, key) {
  const lower = (e) => String(e[key]).toLowerCase();
  const [first, ...rest] = lists;
  return first.filter((e) => rest.every((l) => l.some((o) => lower(o) === lower(e) && JSON.stringify(o) === JSON.stringify(e))));
}
const esc = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tag = (el, a) => `<${el} ${Object.entries(a).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')} />`;

// Attribute locks: the same in every source.
const lockOf = (t, el) => attrs(/<[\w]+[^>]*>/.exec(block(t, el))[0]).lockAttributes;
for (const el of ['httpErrors', 'staticContent']) {
  const values = Object.keys(SOURCES).map((k) => lockOf(text[k], el));
  if (new Set(values).size !== 1) throw new Error(`${el} lockAttributes differ: ${values}`);
}
const httpErrorsLock = lockOf(text.B, 'httpErrors');
const staticContentLock = lockOf(text.B, 'staticContent');
const errors = common(Object.keys(SOURCES).map((k) => entries(block(text[k], 'httpErrors'), 'error')), 'statusCode');
const mimeMaps = common(Object.keys(SOURCES).map((k) => entries(block(text[k], 'staticContent'), 'mimeMap')), 'fileExtension');
const files = common(['B', 'S'].map((k) => entries(block(block(text[k], 'defaultDocument'), 'files'), 'add')), 'value');
const modules = common(['B', 'S'].map((k) => entries(block(text[k], 'modules'), 'add').filter((e) => e.lockItem === 'true')), 'name');
// The three handlers of a default install: the S template's location (also in A's).
const handlers = common(['S', 'A'].map((k) => entries(block(text[k].slice(text[k].indexOf('<location path="" overrideMode="Allow">')), 'handlers'), 'add')), 'name');

const I = (n) => '    '.repeat(n);
const lines = [
  '<configuration>',
  `${I(1)}<system.webServer>`,
  `${I(2)}<defaultDocument enabled="true">`,
  `${I(3)}<files>`,
  ...files.map((e) => I(4) + tag('add', e)),
  `${I(3)}</files>`,
  `${I(2)}</defaultDocument>`,
  `${I(2)}<httpErrors lockAttributes="${httpErrorsLock}">`,
  ...errors.map((e) => I(3) + tag('error', e)),
  `${I(2)}</httpErrors>`,
  `${I(2)}<staticContent lockAttributes="${staticContentLock}">`,
  ...mimeMaps.map((e) => I(3) + tag('mimeMap', e)),
  `${I(2)}</staticContent>`,
  `${I(1)}</system.webServer>`,
  `${I(1)}<location path="" overrideMode="Allow">`,
  `${I(2)}<system.webServer>`,
  `${I(3)}<modules>`,
  ...modules.map((e) => I(4) + tag('add', e)),
  `${I(3)}</modules>`,
  `${I(3)}<handlers accessPolicy="Read, Script">`,
  ...handlers.map((e) => I(4) + tag('add', e)),
  `${I(3)}</handlers>`,
  `${I(2)}</system.webServer>`,
  `${I(1)}</location>`,
  '</configuration>',
  '',
];

const out = {
  $comment: 'Generated by scripts/generate-default-apphost.js. The parts of a default IIS 10 applicationHost.config that decide locking and inherited collections, assumed when no applicationHost.config is found. Section declarations come from declarations.json. Do not edit by hand.',
  sources: Object.fromEntries(Object.entries(SOURCES).map(([k, s]) => [k, s.cite])),
  docs: DOCS,
  derivation: {
    'location path="" overrideMode="Allow"': 'present in A and in every IIS Express template of the corpus; documented as stock (docs.unlock)',
    'modules (lockItem)': 'native modules with lockItem="true" present in both B and S (the default-install role services)',
    handlers: 'the handlers of the unlock location present in both S and A',
    'httpErrors, staticContent lockAttributes': 'identical in A, B and S (docs.locking)',
    'error, mimeMap entries': 'present with the same attributes in A, B and S',
    'defaultDocument files': 'present in both B and S',
  },
  text: lines.join('\n'),
};
fs.writeFileSync(output, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), output)}: ${files.length} default documents, ${errors.length} errors, ${mimeMaps.length} mime maps, ${modules.length} modules, ${handlers.length} handlers`);
