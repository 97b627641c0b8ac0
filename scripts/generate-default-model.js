#!/usr/bin/env node
// Derives server/data/default-model.json: the built-in models of a server the engine assumes when no
// applicationHost.config is found, one per server profile (iis10, iis85, iis-express, azure-app-service).
//
// Every part of a model is a fact with the IIS versions it holds for and its sources:
//   - Microsoft's documentation (the DOCS below): what a <section> declaration means when it omits an attribute, the
//     stock attribute locks of <httpErrors> and <staticContent>, the stock <location path="" overrideMode="Allow">
//     that delegates modules and handlers, what Azure App Service lets a web.config set and which modules it runs;
//   - stock configuration files of each version (the FILES below, kept in ../shared/corpus/applicationhost and cited by
//     repository and commit), read for their entries: the MIME map, the default documents, the custom error pages, the
//     modules locked with lockItem, the handlers of the unlock location, and the declarations that differ between
//     versions. An entry is in a version's model when every stock file of that version has it (an entry one server
//     added by hand drops out).
// The generated JSON lists the facts that tell the versions apart (which MIME maps each has, how each declares
// httpCompression, …) with the versions they hold for, and the model text of each profile.
// Run: node scripts/generate-default-model.js [corpus/applicationhost folder [output file]]
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || path.join(__dirname, '..', '..', 'shared', 'corpus', 'applicationhost');
const output = process.argv[3] || path.join(__dirname, '..', 'server', 'data', 'default-model.json');

/** Stock files, by key: what they are and which IIS version they show. */
const FILES = {
  B: { file: 'mattgillard__iis-reverse-proxy__applicationHost.config', cite: 'github:mattgillard/iis-reverse-proxy@635ce8c applicationHost.config', version: 'IIS 10.0, Windows Server 2019 and later builds (full server; MIME map with .wasm and .glb)' },
  S: { file: 'dotnet__aspnetcore__src__Servers__IIS__IIS__test__Common.FunctionalTests__Infrastructure__IIS.SubApp.config', cite: 'github:dotnet/aspnetcore@9ff6de9 src/Servers/IIS/IIS/test/Common.FunctionalTests/Infrastructure/IIS.SubApp.config', version: 'IIS 10.0, Windows Server 2016-era build (full-IIS applicationHost template of the ASP.NET Core tests)' },
  A: { file: 'c1982__IIS-SharedGitConfig__applicationHost.config', cite: 'github:c1982/IIS-SharedGitConfig@bc21dec applicationHost.config', version: 'IIS 8.5-era full server (declares httpCompression AppHostOnly, as IIS 7.0-8.5 do; lacks the .woff2/.jsonld MIME maps of IIS 10)' },
  XP: { file: 'adriano-costa__php-7-2-14_dev__applicationhost.config', cite: 'github:adriano-costa/php-7-2-14_dev@6e93577 applicationhost.config', version: 'IIS Express 8-era (declares httpCompression AppHostOnly; no .json MIME map)' },
  X15: { file: '0001vrn__ASP.Net-Web-Api-Demo__.vs__config__applicationhost.config', cite: 'github:0001vrn/ASP.Net-Web-Api-Demo@add1446 .vs/config/applicationhost.config', version: 'IIS Express 10, Visual Studio 2015 era' },
  X19: { file: '00009027__DSCC_0009027-Backend__.vs__WebApplication1__config__applicationhost.config', cite: 'github:00009027/DSCC_0009027-Backend@e34256d .vs/WebApplication1/config/applicationhost.config', version: 'IIS Express 10, Visual Studio 2019/2022 era' },
  X22: { file: 'MarkKharitonov__wcf-to-corewcf__applicationhost.config', cite: 'github:MarkKharitonov/wcf-to-corewcf@fd83df3 applicationhost.config', version: 'IIS Express 10, Visual Studio 2022 era' },
};

/** Microsoft's documentation and other public statements the facts rest on. */
const DOCS = {
  overrideModeDefault: 'learn.microsoft.com/iis/web-development-reference/native-code-api-reference/iapphostsectiondefinition-overridemodedefault-property ("If you do not explicitly set the value of this property, the default is "Allow"")',
  allowDefinition: 'learn.microsoft.com/iis/web-development-reference/native-code-api-reference/iapphostsectiondefinition-allowdefinition-property (default "Everywhere"); learn.microsoft.com/iis/get-started/planning-your-iis-architecture/deep-dive-into-iis-configuration-with-iis-7-and-iis-8 ("Additional Schema Information in <configSections>")',
  configSectionsComment: 'the <configSections> comment of every stock applicationHost.config: allowDefinition="Everywhere", overrideModeDefault="Allow", allowLocation="true" are the defaults',
  locking: 'learn.microsoft.com/iis/get-started/planning-for-security/how-to-use-locking-in-iis-configuration (lockAttributes, lockItem); learn.microsoft.com/iis/configuration/system.webserver/staticcontent/ ("the isDocFooterFileName attribute is set to false and locked globally")',
  unlock: 'learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig (the stock <location path="" overrideMode="Allow"> that delegates modules and handlers)',
  httpCompression: 'learn.microsoft.com/iis/configuration/system.webserver/httpcompression/ (IIS 10.0 and later: staticTypes and dynamicTypes can be set at site level; the attributes and <scheme> only at server level); see ../shared/reference/documented-levels.tsv',
  azureWebSocket: 'azure.microsoft.com/blog/introduction-to-websockets-on-windows-azure-web-sites/ (2013-11-14: node.js apps switch off the IIS WebSocket module with <webSocket enabled="false" /> in their web.config); the web.config App Service\'s deployment engine (Kudu) generates for node.js apps carries the same element (gist.github.com/davidebbo/8ad0d30ac1b1aa3d0334, "Default web.config used for node.js apps on Azure Web Apps")',
  azureModules: 'the same generated web.config uses <rewrite> rules (URL Rewrite) and the iisnode handler; learn.microsoft.com/azure/app-service/configure-language-dotnetcore (the Windows instances have every supported .NET runtime installed, which ASP.NET Core apps run under through the ASP.NET Core Module); learn.microsoft.com/previous-versions/azure/windows-server-azure-pack/mt125371 (HttpPlatformHandler hosts Java and other processes on the App Service platform, with %HTTP_PLATFORM_PORT% and D:\\home)',
  azureIpSecurity: 'learn.microsoft.com/archive/blogs/benjaminperkins/ip-restrictions-on-azure-app-service-as-expected-behavior (<ipSecurity> in web.config overrides the portal setting); Azure App Service team, "Dynamic IP Restriction for App Services" (2020-02-04: <dynamicIpSecurity> "can be configured either in the application web.config or applicationHost.xdt")',
};

const text = {};
for (const [k, s] of Object.entries(FILES)) text[k] = fs.readFileSync(path.join(dir, s.file), 'utf8').replace(/^\uFEFF/, '');

// ---------------------------------------------------------------------------
// Reading the stock files (they are well-formed and regular; a small scanner suffices)

function block(t, name, from = 0) {
  const re = new RegExp(`<${name}[\\s>][\\s\\S]*?</${name}>`, 'g');
  re.lastIndex = from;
  const m = re.exec(t);
  if (!m) throw new Error(`no <${name}>`);
  return m[0];
}
function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w.:-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}
function entries(t, el) {
  return [...t.matchAll(new RegExp(`<${el}\\s[^>]*?/>`, 'g'))].map((m) => attrs(m[0]));
}
/** The part of a file inside its `<location path="" overrideMode="Allow">` (or '' when it has none). */
function unlockLocation(t) {
  const at = t.indexOf('<location path="" overrideMode="Allow">');
  return at < 0 ? '' : block(t, 'location', at);
}
function declarations(t) {
  const cs = t.slice(t.indexOf('<configSections>'), t.indexOf('</configSections>'));
  const out = {};
  const stack = [];
  for (const m of cs.matchAll(/<(\/?)(sectionGroup|section)\b([^>]*?)(\/?)>/g)) {
    if (m[1]) { stack.pop(); continue; }
    const a = attrs(m[3]);
    if (m[2] === 'sectionGroup') { if (!m[4]) stack.push(a.name); continue; }
    out[[...stack, a.name].join('/')] = {
      overrideModeDefault: a.overrideModeDefault || 'Allow', allowDefinition: a.allowDefinition || 'Everywhere', allowLocation: (a.allowLocation || 'true') !== 'false',
    };
  }
  return out;
}

const key = (e, k) => String(e[k]).toLowerCase();
/** Entries of the first list that every other list has with the same attributes (case-insensitive key). */
function common(lists, k) {
  const [first, ...rest] = lists;
  return first.filter((e) => rest.every((l) => l.some((o) => key(o, k) === key(e, k) && JSON.stringify(o) === JSON.stringify(e))));
}

const mimeMaps = (k) => entries(block(text[k], 'staticContent'), 'mimeMap');
const errors = (k) => entries(block(text[k], 'httpErrors'), 'error');
const defaultDocuments = (k) => entries(block(block(text[k], 'defaultDocument'), 'files'), 'add');
const lockedModules = (k) => entries(block(text[k], 'modules'), 'add').filter((e) => e.lockItem === 'true');
const unlockModules = (k) => entries(block(unlockLocation(text[k]), 'modules'), 'add');
const unlockHandlers = (k) => entries(block(unlockLocation(text[k]), 'handlers'), 'add');
const lockOf = (k, el) => attrs(/<[\w]+[^>]*>/.exec(block(text[k], el))[0]).lockAttributes;

for (const el of ['httpErrors', 'staticContent']) {
  const values = Object.keys(FILES).map((k) => lockOf(k, el));
  if (new Set(values).size !== 1) throw new Error(`${el} lockAttributes differ between the stock files: ${values}`);
}

// ---------------------------------------------------------------------------
// The profiles

const PROFILES = {
  iis10: {
    label: 'IIS 10', assumption: 'default IIS 10 settings',
    title: 'IIS 10.0 (Windows Server 2016 to 2025, Windows 10/11), a default install: the Web Server role with its default role services',
    mime: ['B'], documents: ['B', 'S'], errors: ['B', 'S'], modules: () => common([lockedModules('B'), lockedModules('S')], 'name'), handlers: () => common(['S', 'A'].map(unlockHandlers), 'name'),
    declarationsFrom: ['B', 'S'],
  },
  iis85: {
    label: 'IIS 8.5', assumption: 'default IIS 8.5 settings',
    title: 'IIS 8.5 (Windows Server 2012 R2, Windows 8.1), a default install; also what IIS 7.0 to 8.0 declare for httpCompression',
    mime: ['A', 'XP'], documents: ['XP', 'S'], errors: ['A', 'S'],
    modules: () => common([lockedModules('B'), lockedModules('S'), entries(block(unlockLocation(text.A), 'modules'), 'add').filter((e) => e.lockItem === 'true')], 'name'),
    handlers: () => common(['S', 'A'].map(unlockHandlers), 'name'),
    declarationsFrom: ['A', 'XP'],
  },
  'iis-express': {
    label: 'IIS Express', assumption: 'IIS Express defaults',
    title: 'IIS Express 10 as Visual Studio 2019/2022 sets it up (the applicationhost.config it writes to .vs/<solution>/config)',
    mime: ['X22', 'X19'], documents: ['X22', 'X19'], errors: ['X22', 'X19'],
    modules: () => common(['X22', 'X19'].map(unlockModules), 'name'), handlers: () => common(['X22', 'X19'].map(unlockHandlers), 'name'),
    declarationsFrom: ['X22', 'X19'],
  },
  'azure-app-service': {
    label: 'Azure App Service', assumption: 'Azure App Service defaults',
    title: 'Azure App Service (Windows): IIS 10 with URL Rewrite, the ASP.NET Core Module, iisnode and HttpPlatformHandler installed, and the sections App Service lets a web.config set unlocked',
    mime: ['B'], documents: ['B', 'S'], errors: ['B', 'S'], modules: () => common([lockedModules('B'), lockedModules('S')], 'name'), handlers: () => common(['S', 'A'].map(unlockHandlers), 'name'),
    declarationsFrom: ['B', 'S'],
    extraDeclarations: [
      { path: 'system.webServer/webSocket', overrideModeDefault: 'Allow', sources: ['docs.azureWebSocket'], note: 'App Service lets a web.config set <webSocket> (node.js apps switch the IIS module off there).' },
      { path: 'system.webServer/security/ipSecurity', overrideModeDefault: 'Allow', sources: ['docs.azureIpSecurity'], note: 'App Service lets a web.config set <ipSecurity>.' },
      { path: 'system.webServer/security/dynamicIpSecurity', overrideModeDefault: 'Allow', sources: ['docs.azureIpSecurity'], note: 'App Service lets a web.config set <dynamicIpSecurity>.' },
    ],
    installed: [
      { name: 'URL Rewrite', sections: ['system.webServer/rewrite'], sources: ['docs.azureModules'] },
      { name: 'ASP.NET Core Module', sections: ['system.webServer/aspNetCore'], modules: ['AspNetCoreModuleV2', 'AspNetCoreModule'], sources: ['docs.azureModules'] },
      { name: 'iisnode', sections: ['system.webServer/iisnode'], modules: ['iisnode'], sources: ['docs.azureModules'] },
      { name: 'HttpPlatformHandler', sections: ['system.webServer/httpPlatform'], modules: ['httpPlatformHandler'], sources: ['docs.azureModules'] },
    ],
  },
};

const esc = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tag = (el, a) => `<${el} ${Object.entries(a).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')} />`;
const I = (n) => '    '.repeat(n);

/** The declarations of a profile that differ from another version's: read from its stock files, which must agree. */
function declarationFacts(keys) {
  const [first, ...rest] = keys.map((k) => declarations(text[k]));
  const out = {};
  for (const [p, d] of Object.entries(first)) {
    if (rest.every((r) => r[p] && JSON.stringify(r[p]) === JSON.stringify(d))) out[p] = d;
  }
  return out;
}
const declarationsByProfile = Object.fromEntries(Object.entries(PROFILES).map(([id, p]) => [id, declarationFacts(p.declarationsFrom)]));
// A declaration that is the same in every profile is the bundled one (declarations.json); only the differences are kept.
const allPaths = new Set(Object.values(declarationsByProfile).flatMap((d) => Object.keys(d)));
// (A section some profile's files do not declare at all, such as FTP's in IIS Express, is not a difference.)
const differing = [...allPaths].filter((p) => new Set(Object.values(declarationsByProfile).filter((d) => d[p]).map((d) => JSON.stringify(d[p]))).size > 1).sort();

const profiles = {};
for (const [id, p] of Object.entries(PROFILES)) {
  const mime = common(p.mime.map(mimeMaps), 'fileExtension');
  const docs = common(p.documents.map(defaultDocuments), 'value');
  const errs = common(p.errors.map(errors), 'statusCode');
  const modules = p.modules();
  const handlers = p.handlers();
  const lines = [
    '<configuration>',
    `${I(1)}<system.webServer>`,
    `${I(2)}<defaultDocument enabled="true">`,
    `${I(3)}<files>`,
    ...docs.map((e) => I(4) + tag('add', e)),
    `${I(3)}</files>`,
    `${I(2)}</defaultDocument>`,
    `${I(2)}<httpErrors lockAttributes="${lockOf('B', 'httpErrors')}">`,
    ...errs.map((e) => I(3) + tag('error', e)),
    `${I(2)}</httpErrors>`,
    `${I(2)}<staticContent lockAttributes="${lockOf('B', 'staticContent')}">`,
    ...mime.map((e) => I(3) + tag('mimeMap', e)),
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
  const decls = differing.filter((d) => declarationsByProfile[id][d]).map((d) => ({
    path: d, ...declarationsByProfile[id][d], sources: p.declarationsFrom, note: `as the stock files of ${p.label} declare it`,
  }));
  for (const x of p.extraDeclarations ?? []) {
    const base = declarationsByProfile[id][x.path];
    if (!base) throw new Error(`${id}: no stock declaration of ${x.path} to change`);
    decls.push({ path: x.path, ...base, overrideModeDefault: x.overrideModeDefault, sources: x.sources, note: x.note });
  }
  profiles[id] = {
    label: p.label, assumption: p.assumption, title: p.title,
    entries: { mimeMap: mime.length, defaultDocument: docs.length, error: errs.length, module: modules.length, handler: handlers.length },
    derivation: {
      mimeMap: `present in ${p.mime.join(' and ')}`, defaultDocument: `present in ${p.documents.join(' and ')}`, error: `present in ${p.errors.join(' and ')}`,
      'httpErrors, staticContent lockAttributes': 'identical in every stock file (docs.locking)', 'location path="" overrideMode="Allow"': 'docs.unlock',
    },
    declarations: decls,
    installed: p.installed ?? [],
    text: lines.join('\n'),
  };
}

// Facts that tell the versions apart, each with the versions it holds for.
const facts = [
  { fact: 'A <section> declaration that omits overrideModeDefault, allowDefinition or allowLocation means Allow, Everywhere, true.', holdsFor: ['IIS 7.0-10.0', 'IIS Express'], profiles: Object.keys(PROFILES), sources: ['docs.overrideModeDefault', 'docs.allowDefinition', 'docs.configSectionsComment'] },
  { fact: '<httpErrors lockAttributes="allowAbsolutePathsWhenDelegated,defaultPath"> and <staticContent lockAttributes="isDocFooterFileName"> at server level.', holdsFor: ['IIS 7.0-10.0', 'IIS Express'], profiles: Object.keys(PROFILES), sources: ['docs.locking', ...Object.keys(FILES)] },
  { fact: 'The stock <location path="" overrideMode="Allow"> delegates <modules> and <handlers>; the default modules carry lockItem="true".', holdsFor: ['IIS 7.0-10.0', 'IIS Express'], profiles: Object.keys(PROFILES), sources: ['docs.unlock', 'S', 'A', 'X22', 'X19'] },
];
for (const d of differing) {
  const byValue = new Map();
  for (const [id, decls] of Object.entries(declarationsByProfile)) {
    const v = decls[d];
    if (!v) continue;
    const k = JSON.stringify(v);
    byValue.set(k, [...(byValue.get(k) ?? []), id]);
  }
  for (const [k, ids] of byValue) {
    const v = JSON.parse(k);
    facts.push({
      fact: `${d} is declared overrideModeDefault="${v.overrideModeDefault}" allowDefinition="${v.allowDefinition}"${v.allowLocation ? '' : ' allowLocation="false"'}.`,
      holdsFor: ids.map((id) => PROFILES[id].label), profiles: ids, sources: [...new Set(ids.flatMap((id) => PROFILES[id].declarationsFrom)), ...(d.endsWith('httpCompression') ? ['docs.httpCompression'] : [])],
    });
  }
}
for (const [id, p] of Object.entries(PROFILES)) {
  for (const x of p.extraDeclarations ?? []) facts.push({ fact: `${x.path}: ${x.note}`, holdsFor: [p.label], profiles: [id], sources: x.sources });
  for (const m of p.installed ?? []) facts.push({ fact: `${m.name} is installed.`, holdsFor: [p.label], profiles: [id], sources: m.sources });
}
// MIME maps that some versions have and others lack.
const mimeByProfile = Object.fromEntries(Object.entries(profiles).map(([id, p]) => [id, new Set([...p.text.matchAll(/<mimeMap fileExtension="([^"]+)"/g)].map((m) => m[1].toLowerCase()))]));
const allExt = new Set(Object.values(mimeByProfile).flatMap((s) => [...s]));
for (const ext of [...allExt].sort()) {
  const ids = Object.keys(mimeByProfile).filter((id) => mimeByProfile[id].has(ext));
  if (ids.length === Object.keys(mimeByProfile).length) continue;
  const files = Object.keys(FILES).filter((k) => mimeMaps(k).some((e) => e.fileExtension.toLowerCase() === ext));
  facts.push({
    fact: `<mimeMap fileExtension="${ext}"> is a stock entry (adding it again without <remove> is a duplicate, 500.19).`,
    holdsFor: ids.map((id) => PROFILES[id].label), profiles: ids, sources: files,
    lackedBy: Object.keys(FILES).filter((k) => !files.includes(k)),
  });
}

const out = {
  $comment: 'Generated by scripts/generate-default-model.js from stock configuration files and Microsoft\'s documentation (sources, docs). The built-in server models, one per server profile, assumed when no applicationHost.config is found; declarations not listed in a profile are the bundled ones (declarations.json). Do not edit by hand.',
  sources: Object.fromEntries(Object.entries(FILES).map(([k, s]) => [k, `${s.cite} (${s.version})`])),
  docs: DOCS,
  facts,
  profiles,
};
fs.writeFileSync(output, JSON.stringify(out, null, 1) + '\n');
if (process.argv[3]) process.exit(0);
for (const [id, p] of Object.entries(profiles)) {
  console.log(`${id}: ${Object.entries(p.entries).map(([k, v]) => `${v} ${k}`).join(', ')}; ${p.declarations.length} declarations, ${p.installed.length} installed modules`);
}
console.log(`wrote ${path.relative(process.cwd(), output)}: ${facts.length} facts`);
