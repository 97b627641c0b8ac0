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
// The parse and merge rules are the same as server/src/iis/schemaLoader.ts
// (parseSchemaXml / mergeSections); test/unit/schema.test.ts checks that the
// bundled file and a fresh parse by the loader agree. Keep them in step.
'use strict';
const fs = require('fs');
const path = require('path');
const { DOMParser } = require('@xmldom/xmldom');

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

// ---------------------------------------------------------------------------
// Parsing (mirror of schemaLoader.ts)

const TYPES = new Set(['bool', 'enum', 'flags', 'uint', 'int', 'int64', 'string', 'timeSpan']);
const TIMESPAN_FORMATS = new Set(['string', 'seconds', 'minutes']);
const ATTRIBUTE_FLAGS = ['required', 'isUniqueKey', 'isCombinedKey', 'caseSensitive', 'encrypted', 'allowInfinite', 'expanded', 'displayHex'];
const KNOWN = {
  sectionSchema: new Set(['name', 'allowUnrecognizedAttributes']),
  element: new Set(['name', 'isCollectionDefault', 'allowUnrecognizedAttributes', 'extension']),
  collection: new Set(['addElement', 'removeElement', 'clearElement', 'defaultElement', 'mergeAppend', 'allowDuplicates', 'allowUnrecognizedAttributes']),
  attribute: new Set(['name', 'type', 'defaultValue', 'validationType', 'validationParameter', 'timeSpanFormat', 'extension', ...ATTRIBUTE_FLAGS]),
  value: new Set(['name', 'value']),
};

function parseSchemaXml(text, fileName, onError) {
  const report = (message, node, severity = 'warning') => {
    if (onError) onError({ file: fileName, message, severity, line: node && node.lineNumber });
  };
  let doc;
  const xmlErrors = [];
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: {
        // xmldom recovers from unclosed or mismatched tags with a warning: for
        // a schema file that is as fatal as an error.
        warning: (m) => { xmlErrors.push(String(m)); },
        error: (m) => { xmlErrors.push(String(m)); },
        fatalError: (m) => { throw new Error(String(m)); },
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    xmlErrors.push(String(e && e.message ? e.message : e));
  }
  if (xmlErrors.length) {
    for (const m of xmlErrors) report(`not well-formed XML: ${m}`, undefined, 'error');
    return [];
  }
  const root = doc && doc.documentElement;
  if (!root || root.nodeName !== 'configSchema') {
    report('the root element is not <configSchema>', root, 'error');
    return [];
  }
  const byName = new Map();
  for (const el of childElements(root)) {
    if (el.nodeName !== 'sectionSchema') { report(`unexpected <${el.nodeName}> in <configSchema>`, el); continue; }
    checkMetadata(el, KNOWN.sectionSchema, report);
    const name = el.getAttribute('name');
    if (!name) { report('<sectionSchema> without a name', el, 'error'); continue; }
    const section = { name, sources: [fileName], ...parseContent(el, report) };
    if (isTrue(el, 'allowUnrecognizedAttributes')) section.allowUnrecognizedAttributes = true;
    const prev = byName.get(name);
    byName.set(name, prev ? mergeSections(prev, section) : orderSection(section));
  }
  return [...byName.values()];
}

function childElements(node) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c);
  return out;
}
function isTrue(el, name) { return el.getAttribute(name) === 'true'; }
function has(el, name) { return el.hasAttribute(name); }
function checkMetadata(el, known, report) {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i];
    if (!known.has(a.name)) report(`unknown metadata ${a.name}="${a.value}" on <${el.nodeName}> (ignored)`, el);
  }
}

// The content of a <sectionSchema>, <element> or <collection>: attributes,
// child elements and (at most) one collection.
function parseContent(el, report) {
  const attributes = [];
  const elements = [];
  let collection;
  for (const c of childElements(el)) {
    switch (c.nodeName) {
      case 'attribute': {
        const a = parseAttribute(c, report);
        if (!a) break;
        if (attributes.some((x) => x.name === a.name)) report(`duplicate attribute ${a.name} (ignored)`, c);
        else attributes.push(a);
        break;
      }
      case 'element': {
        const e = parseElement(c, report);
        if (!e) break;
        const i = elements.findIndex((x) => x.name === e.name);
        if (i >= 0) elements[i] = mergeElement(elements[i], e);
        else elements.push(e);
        break;
      }
      case 'collection': {
        const col = parseCollection(c, report);
        collection = collection ? mergeCollection(collection, col) : col;
        break;
      }
      case 'method':
        break; // runtime-state methods: not configuration
      default:
        report(`unexpected <${c.nodeName}> (ignored)`, c);
    }
  }
  const out = { attributes, elements };
  if (collection) out.collection = collection;
  return out;
}

function parseElement(el, report) {
  checkMetadata(el, KNOWN.element, report);
  const name = el.getAttribute('name');
  if (!name) { report('<element> without a name', el, 'error'); return undefined; }
  const e = { name, ...parseContent(el, report) };
  if (isTrue(el, 'isCollectionDefault')) e.isCollectionDefault = true;
  if (isTrue(el, 'allowUnrecognizedAttributes')) e.allowUnrecognizedAttributes = true;
  if (el.getAttribute('extension')) e.extension = el.getAttribute('extension');
  return orderElement(e);
}

function parseCollection(el, report) {
  checkMetadata(el, KNOWN.collection, report);
  const addElement = (el.getAttribute('addElement') || '').split(',').map((s) => s.trim()).filter(Boolean);
  const content = parseContent(el, report);
  const c = { addElement, ...content };
  for (const k of ['removeElement', 'clearElement', 'defaultElement']) if (el.getAttribute(k)) c[k] = el.getAttribute(k);
  if (el.getAttribute('mergeAppend') === 'false') c.mergeAppend = false;
  if (isTrue(el, 'allowDuplicates')) c.allowDuplicates = true;
  if (isTrue(el, 'allowUnrecognizedAttributes')) c.allowUnrecognizedAttributes = true;
  return orderCollection(c);
}

function parseAttribute(el, report) {
  checkMetadata(el, KNOWN.attribute, report);
  const name = el.getAttribute('name');
  if (!name) { report('<attribute> without a name', el, 'error'); return undefined; }
  let type = el.getAttribute('type');
  if (!TYPES.has(type)) {
    report(`attribute ${name}: unknown type "${type}" (read as string)`, el, 'error');
    type = 'string';
  }
  const a = { name, type };
  for (const f of ATTRIBUTE_FLAGS) if (isTrue(el, f)) a[f] = true;
  // Metadata names are case-sensitive: IIS reads `defaultValue` only (a
  // misspelled `defaultvalue` / `default`, as in two stock files, is ignored).
  if (has(el, 'defaultValue')) a.defaultValue = el.getAttribute('defaultValue');
  const tsf = el.getAttribute('timeSpanFormat');
  if (tsf) {
    if (TIMESPAN_FORMATS.has(tsf)) a.timeSpanFormat = tsf;
    else report(`attribute ${name}: unknown timeSpanFormat "${tsf}"`, el);
  }
  if (el.getAttribute('validationType')) a.validationType = el.getAttribute('validationType');
  if (has(el, 'validationParameter') && el.getAttribute('validationParameter') !== '') a.validationParameter = el.getAttribute('validationParameter');
  if (el.getAttribute('extension')) a.extension = el.getAttribute('extension');
  const values = [];
  for (const c of childElements(el)) {
    if (c.nodeName === 'enum' || c.nodeName === 'flag') {
      // (an isCombinedKey on an <enum> in rewrite_schema.xml is meaningless)
      checkMetadata(c, KNOWN.value, report);
      const vname = c.getAttribute('name');
      const raw = c.getAttribute('value');
      const value = Number(raw);
      if (!vname || raw === '' || !Number.isFinite(value)) { report(`attribute ${name}: bad <${c.nodeName}> name="${vname}" value="${raw}"`, c, 'error'); continue; }
      if (c.nodeName !== (type === 'flags' ? 'flag' : 'enum')) report(`attribute ${name}: <${c.nodeName}> in a ${type} attribute`, c);
      values.push({ name: vname, value });
    } else {
      report(`attribute ${name}: unexpected <${c.nodeName}> (ignored)`, c);
    }
  }
  if (values.length) a.values = values;
  else if (type === 'enum' || type === 'flags') report(`attribute ${name}: ${type} without values`, el);
  return orderAttribute(a);
}

// ---------------------------------------------------------------------------
// Merging (mirror of schemaLoader.ts): `a` wins on conflicting metadata, `b`
// adds attributes, elements, collections and add-element names it lacks.
// Boolean metadata (stored only when true) is OR-ed; mergeAppend=false wins.

function mergeSections(a, b) {
  const sources = [...a.sources];
  for (const s of b.sources) if (!sources.includes(s)) sources.push(s);
  const merged = { ...mergeElement(a, b), sources };
  if (a.allowUnrecognizedAttributes || b.allowUnrecognizedAttributes) merged.allowUnrecognizedAttributes = true;
  return orderSection(merged);
}

function mergeContent(a, b) {
  const attributes = [...a.attributes];
  for (const x of b.attributes) {
    const i = attributes.findIndex((y) => y.name === x.name);
    if (i < 0) attributes.push(x);
    else attributes[i] = mergeAttribute(attributes[i], x);
  }
  const elements = [...a.elements];
  for (const x of b.elements) {
    const i = elements.findIndex((y) => y.name === x.name);
    if (i < 0) elements.push(x);
    else elements[i] = mergeElement(elements[i], x);
  }
  const out = { attributes, elements };
  const collection = a.collection && b.collection ? mergeCollection(a.collection, b.collection) : a.collection || b.collection;
  if (collection) out.collection = collection;
  return out;
}

function mergeAttribute(a, b) {
  const m = { ...b, ...a };
  for (const f of ATTRIBUTE_FLAGS) if (a[f] || b[f]) m[f] = true;
  // Runtime-state only if every definition says so.
  if (!a.extension || !b.extension) delete m.extension;
  return orderAttribute(m);
}

function mergeElement(a, b) {
  const m = { ...a, ...mergeContent(a, b) };
  if (a.isCollectionDefault || b.isCollectionDefault) m.isCollectionDefault = true;
  if (a.allowUnrecognizedAttributes || b.allowUnrecognizedAttributes) m.allowUnrecognizedAttributes = true;
  if (!a.extension || !b.extension) delete m.extension;
  return 'sources' in m ? m : orderElement(m);
}

function mergeCollection(a, b) {
  const addElement = [...a.addElement];
  for (const n of b.addElement) if (!addElement.includes(n)) addElement.push(n);
  const m = { ...b, ...a, addElement, ...mergeContent(a, b) };
  if (a.mergeAppend === false || b.mergeAppend === false) m.mergeAppend = false;
  for (const f of ['allowDuplicates', 'allowUnrecognizedAttributes']) if (a[f] || b[f]) m[f] = true;
  return orderCollection(m);
}

// Fixed key order so that the output is stable and readable.
function pick(o, keys) {
  const out = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
const orderAttribute = (a) => pick(a, ['name', 'type', ...ATTRIBUTE_FLAGS, 'defaultValue', 'timeSpanFormat', 'validationType', 'validationParameter', 'extension', 'values']);
const orderElement = (e) => pick(e, ['name', 'isCollectionDefault', 'allowUnrecognizedAttributes', 'extension', 'attributes', 'elements', 'collection']);
const orderSection = (s) => pick(s, ['name', 'sources', 'allowUnrecognizedAttributes', 'attributes', 'elements', 'collection']);
const orderCollection = (c) => pick(c, ['addElement', 'removeElement', 'clearElement', 'defaultElement', 'mergeAppend', 'allowDuplicates', 'allowUnrecognizedAttributes', 'attributes', 'elements', 'collection']);

// Files of a folder in load order: IIS_schema.xml first (the base that the
// other files extend), runtime-state extensions (*rscaext*) last, the rest by
// case-insensitive name. The order only decides the order of merged members.
function orderSchemaFiles(names) {
  const key = (n) => { const l = n.toLowerCase(); return l === 'iis_schema.xml' ? '0' : l.includes('rscaext') ? `2${l}` : `1${l}`; };
  return [...names].filter((n) => /\.xml$/i.test(n)).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

// ---------------------------------------------------------------------------

function main(argv) {
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

module.exports = { parseSchemaXml, mergeSections, orderSchemaFiles };
if (require.main === module) main(process.argv.slice(2));
