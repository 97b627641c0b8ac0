#!/usr/bin/env node
// Derives server/data/schema.json from IIS configuration schema files
// (%windir%\System32\inetsrv\config\schema\*.xml and the like).
//
// Only facts are kept: section/element/attribute names, types, defaults,
// keys, validation rules, enum/flag values and collection directives. The
// runtime-state <method> elements are skipped; runtime-state attributes and
// elements are kept with their `extension` marker.
//
// Usage:
//   node scripts/generate-schema.js [--out FILE] [FOLDER|FILE.xml ...]
// Default inputs (relative to the repository): the full IIS 10 schema folder
// ../shared/reference/iis-schema/iis10 plus the IIS Express-only
// ../shared/reference/iis-schema/iisexpress10/dbmanager_schema.xml.
//
// Parsing and merging are done by the compiled loader (out/, `npm run compile`
// first); test/unit/schema.test.ts checks that the bundled file is up to date.
'use strict';
const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const DEFAULT_INPUTS = [
  '../shared/reference/iis-schema/iis10',
  '../shared/reference/iis-schema/iisexpress10/dbmanager_schema.xml',
];

// Where the known files come from (descriptions are ours).
const LEXTM_IIS = 'github:lextm/iis_schema@fe51c91';
const LEXTM_EXPRESS = 'github:lextm/iisexpress_schema@76bb5d8';
const SOURCE_NOTES = {
  'IIS_schema.xml': `IIS 10 core schema (%windir%\\System32\\inetsrv\\config\\schema), via ${LEXTM_IIS}`,
  'ASPNET_schema.xml': `ASP.NET 4 (system.web) schema shipped with IIS 10, via ${LEXTM_IIS}`,
  'FX_schema.xml': `.NET Framework configuration schema shipped with IIS 10, via ${LEXTM_IIS}`,
  'Ftp_schema.xml': `IIS 10 FTP Server schema, via ${LEXTM_IIS}`,
  'ftp_rscaext.xml': `IIS 10 FTP runtime-state extension (sessions, state), via ${LEXTM_IIS}`,
  'rscaext.xml': `IIS 10 runtime-state extension (site/application pool state, worker processes), via ${LEXTM_IIS}`,
  'WebDAV_schema.xml': `IIS 10 WebDAV Publishing schema, via ${LEXTM_IIS}`,
  'rewrite_schema.xml': `URL Rewrite 2.x module schema, via ${LEXTM_IIS}`,
  'arr_schema.xml': `Application Request Routing 3 schema, via ${LEXTM_IIS}`,
  'webfarm.xml': `Web Farm Framework / ARR webFarms schema, via ${LEXTM_IIS}`,
  'aspnetcore_schema.xml': `ASP.NET Core Module (v1) schema, via ${LEXTM_IIS}`,
  'aspnetcore_schema_v2.xml': `ASP.NET Core Module V2 schema (same section as v1), via ${LEXTM_IIS}`,
  'BackupManagerSchema.xml': `Web Deploy backup schema, via ${LEXTM_IIS}`,
  'deploymentAuthorizationSchema.xml': `Web Deploy (Management Service delegation) schema, via ${LEXTM_IIS}`,
  'dbmanager_schema.xml': `IIS Express 10 only: Database Manager schema, via ${LEXTM_EXPRESS}`,
};

// Optional (not built-in) modules and the sections they provide.
const MODULES = {
  rewrite: { name: 'URL Rewrite', url: 'https://www.iis.net/downloads/microsoft/url-rewrite' },
  arr: { name: 'Application Request Routing', url: 'https://www.iis.net/downloads/microsoft/application-request-routing' },
  wff: { name: 'Web Farm Framework', url: 'https://www.iis.net/downloads/microsoft/web-farm-framework' },
  ancm: { name: 'ASP.NET Core Module', url: 'https://learn.microsoft.com/aspnet/core/host-and-deploy/iis/aspnet-core-module' },
  ftp: { name: 'FTP Server (IIS role service)', url: 'https://learn.microsoft.com/iis/configuration/system.ftpserver/' },
  webdav: { name: 'WebDAV Publishing (IIS role service)', url: 'https://learn.microsoft.com/iis/configuration/system.webserver/webdav/' },
  wdeploy: { name: 'Web Deploy', url: 'https://www.iis.net/downloads/microsoft/web-deploy' },
  express: { name: 'IIS Express (Database Manager)', url: 'https://learn.microsoft.com/iis/extensions/introduction-to-iis-express/iis-express-overview' },
};
function moduleFor(section) {
  if (section.startsWith('system.webServer/rewrite/')) return MODULES.rewrite;
  if (section === 'system.webServer/proxy' || section === 'system.webServer/diskCache') return MODULES.arr;
  if (section === 'webFarms') return { ...MODULES.arr, alternatives: [MODULES.wff] };
  if (section === 'system.webServer/aspNetCore') return MODULES.ancm;
  if (section.startsWith('system.ftpServer/')) return MODULES.ftp;
  if (section.startsWith('system.webServer/webdav/')) return MODULES.webdav;
  if (section === 'system.webServer/wdeploy/backup' || section === 'system.webServer/management/delegation') return MODULES.wdeploy;
  if (section === 'system.webServer/management/dbManager') return MODULES.express;
  return undefined;
}

// Parsing and merging are the loader's own (server/src/iis/schemaLoader.ts),
// compiled by `npm run compile`: the bundled data and a run-time load of a
// schema folder can never disagree.
const loaderPath = path.join(repo, 'out', 'server', 'src', 'iis', 'schemaLoader.js');
function loader() {
  if (!fs.existsSync(loaderPath)) {
    console.error('generate-schema: run `npm run compile` first (it needs out/server/src/iis/schemaLoader.js)');
    process.exit(1);
  }
  return require(loaderPath);
}

// ---------------------------------------------------------------------------

function main(argv) {
  const { parseSchemaXml, mergeSections, orderSchemaFiles } = loader();
  let out = path.join(repo, 'server', 'data', 'schema.json');
  const inputs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else inputs.push(argv[i]);
  }
  const files = [];
  for (const input of inputs.length ? inputs : DEFAULT_INPUTS.map((p) => path.resolve(repo, p))) {
    const p = path.resolve(input);
    if (!fs.existsSync(p)) {
      console.error(`generate-schema: ${p} not found (pass schema folders or files as arguments)`);
      process.exit(1);
    }
    if (fs.statSync(p).isDirectory()) for (const n of orderSchemaFiles(fs.readdirSync(p))) files.push(path.join(p, n));
    else files.push(p);
  }
  const sources = {};
  const sections = new Map();
  let problems = 0;
  for (const file of files) {
    let name = path.basename(file);
    if (name in sources) name = `${path.basename(path.dirname(file))}/${name}`;
    sources[name] = SOURCE_NOTES[path.basename(file)] || `schema file ${path.relative(repo, file).split(path.sep).join('/')}`;
    const onError = (d) => { problems++; console.error(`${name}${d.line ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`); };
    for (const s of parseSchemaXml(fs.readFileSync(file, 'utf8'), name, onError)) {
      const prev = sections.get(s.name);
      sections.set(s.name, prev ? mergeSections(prev, s) : s);
    }
  }
  const sorted = [...sections.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const modules = {};
  for (const s of sorted) { const m = moduleFor(s.name); if (m) modules[s.name] = m; }
  const header = {
    $comment: 'Generated by scripts/generate-schema.js (npm run generate:schema) from Microsoft IIS configuration schema files (*_schema.xml). Facts only: names, types, defaults, keys, validation, enum/flag values, collection directives; runtime-state <method> elements are omitted. `sources` names the input files, `modules` the optional download that provides a section. Do not edit by hand.',
    sources,
    modules,
  };
  // One line per source, module and section: compact, yet diffs stay readable.
  const map = (o) => `{\n${Object.entries(o).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n }`;
  const text = `{\n "$comment": ${JSON.stringify(header.$comment)},\n "sources": ${map(sources)},\n "modules": ${map(modules)},\n`
    + ` "sections": [\n${sorted.map((s) => JSON.stringify(s)).join(',\n')}\n ]\n}\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`wrote ${sorted.length} sections from ${files.length} files to ${path.relative(process.cwd(), out)} (${text.length} bytes${problems ? `, ${problems} schema warnings` : ''})`);
}

if (require.main === module) main(process.argv.slice(2));
