/**
 * Incremental analysis (`updateAnalysis`) equals a full analysis (`analyzeDocument`) of the same text, always.
 * Edit storms on every rule case (with the hierarchy context the case gives: applicationHost.config, parents,
 * levels), the corpus and a generated hosting-size applicationHost.config: after every edit the incremental result
 * is compared with a full analysis — every diagnostic's code, severity, range, message, detail, related information
 * and fix data, and the quick fixes offered for each — and the storm goes on from the incremental result, so an
 * error would accumulate and show.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, getCodeActions, updateAnalysis, wasIncremental } from '../../server/src/analysis/analyze';
import type { AnalysisContext, DocumentAnalysis } from '../../server/src/analysis/types';
import type { TextChange, XmlNode } from '../../server/src/syntax/xml';
import { SHARED, caseHierarchy, hasShared, loadCases } from '../helpers';
import { modelCounters } from '../../server/src/model';
import { memoCounters } from '../../server/src/analysis/rules/memo';
import { chainCounters } from '../../server/src/hierarchy/chain';
import { generateApplicationHost, generateApplicationHostWithAddOns } from '../../scripts/bench/generate';

const SEED = Number(process.env.INCREMENTAL_SEED ?? 3);
const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 25);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a user sees of an analysis: every field of every diagnostic, and the fixes offered for it. */
function picture(a: DocumentAnalysis, withFixes: boolean): unknown {
  return a.diagnostics.map((d) => ({
    ...d,
    fixes: withFixes ? getCodeActions(a, d.start, d.end).map((x) => ({ title: x.title, edits: x.edits, disabled: x.disabledReason, files: x.fileEdits?.map((f) => [f.file, f.edits]) })) : undefined,
  }));
}

const TYPED = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
const PASTED = ['<add name="x" value="y" />', '<add key="a" value="b"/>', '</add>', '<!-- c -->', '"', '<', '>', '/>', 'enabled="false" ', 'true', 'false',
  '<remove name="x" />', '<clear />', '<location path="Site">', '</location>', '<system.webServer>', 'sslFlags="Ssl, SslRequireCert" ', '&amp;', '&x;'];

/** One edit: typing in values and text, deleting, pasting markup, replacing a value; some break the structure. */
function randomEdit(a: DocumentAnalysis, rand: () => number): { change: TextChange; text: string } {
  const text = a.text;
  const spots: Array<[number, number]> = [];
  const stack: XmlNode[] = a.doc.root ? [...a.doc.root.children] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') spots.push([n.start, n.end]);
    if (n.type !== 'element') continue;
    spots.push([n.start, n.startTagEnd]);
    for (const at of n.attributes) if (at.quote) spots.push([at.valueStart, at.valueEnd]);
    stack.push(...n.children);
  }
  const [from, to] = spots.length && rand() < 0.9 ? spots[Math.floor(rand() * spots.length)] : [0, text.length];
  const start = from + Math.floor(rand() * (to - from + 1));
  const r = rand();
  let end = start, insert = '';
  if (r < 0.45) insert = TYPED[Math.floor(rand() * TYPED.length)];
  else if (r < 0.65) end = Math.min(text.length, start + 1 + Math.floor(rand() * 4));
  else if (r < 0.85) insert = PASTED[Math.floor(rand() * PASTED.length)];
  else if (r < 0.95) { end = Math.min(to, start + Math.floor(rand() * 12)); insert = PASTED[Math.floor(rand() * PASTED.length)]; }
  else end = Math.min(text.length, start + Math.floor(rand() * 200));
  return { change: { start, end, newLength: insert.length }, text: text.slice(0, start) + insert + text.slice(end) };
}

const taken = { incremental: 0, total: 0 };

/** Typing: characters in attribute values and between elements, deleting them, pasting a whole element between others. */
function typingEdit(a: DocumentAnalysis, rand: () => number): { change: TextChange; text: string } {
  const spots: Array<[number, number, boolean]> = [];
  const stack: XmlNode[] = a.doc.root ? [...a.doc.root.children] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') spots.push([n.start, n.end, true]);
    if (n.type !== 'element') continue;
    for (const at of n.attributes) if (at.quote) spots.push([at.valueStart, at.valueEnd, false]);
    stack.push(...n.children);
  }
  const text = a.text;
  if (!spots.length) return { change: { start: 0, end: 0, newLength: 0 }, text };
  const [from, to, between] = spots[Math.floor(rand() * spots.length)];
  const start = from + Math.floor(rand() * (to - from + 1));
  const r = rand();
  const insert = between && r < 0.2 ? PASTED[Math.floor(rand() * 3)] : r < 0.35 && start < to ? '' : TYPED[Math.floor(rand() * TYPED.length)];
  const end = insert === '' ? start + 1 : start;
  return { change: { start, end, newLength: insert.length }, text: text.slice(0, start) + insert + text.slice(end) };
}

type Edit = (a: DocumentAnalysis, rand: () => number) => { change: TextChange; text: string };

/** The sections the server model and its rules read. */
const SERVER_SECTIONS = ['system.applicationHost/sites', 'system.applicationHost/applicationPools', 'system.webServer/globalModules',
  'system.webServer/handlers', 'system.webServer/modules', 'system.webServer/aspNetCore', 'system.webServer/security/access',
  'system.webServer/validation', 'system.web/httpModules', 'system.web/httpHandlers', 'system.web/identity', 'system.webServer/httpErrors',
  'system.webServer/security/requestFiltering', 'system.web/httpRuntime', 'system.web/compilation'];
/** Values that mean something to the server model's rules. */
const MEANINGFUL = ['DefaultAppPool', 'nope', 'AspNetCoreModule', 'AspNetCoreModuleV2', 'WebDAVModule', 'inprocess', 'OutOfProcess', 'inproc', 'Ssl', 'None',
  'https', 'http,https', 'v4.8', 'v2.0', '', '*:80:', '*:443:', '*:80', 'SpecificUser', 'false', 'true', '%LAUNCHER_PATH%', 'dotnet', 'C:\\errors\\404.htm', '104857600', '1000'];
const ENTRIES = ['<add name="WebDAVModule" />', '<remove name="WebDAVModule" />', '<clear />', '<binding protocol="http" bindingInformation="*:80:" />',
  '<application path="/x" applicationPool="nope" />', '<add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" />',
  '<add name="M" type="A.B, C" />', '<add name="P" managedRuntimeVersion="v4.8" />'];

/**
 * Edits inside the sections the server model reads: typing in their attribute values, replacing a value by one that
 * means something to the rules (another binding's value, a pool name, a module name), pasting an entry between
 * children, removing a child element or a whole section.
 */
function serverEdit(a: DocumentAnalysis, rand: () => number): { change: TextChange; text: string } {
  const text = a.text;
  // A section path first (each as likely as the others: the few <aspNetCore> of a server are edited as often as its
  // thousands of sites), then a spot in its instances.
  const present = SERVER_SECTIONS.filter((p) => a.file.sections.some((s) => s.path === p));
  const path = present[Math.floor(rand() * present.length)];
  const values: Array<{ start: number; end: number }> = [];
  const gaps: number[] = [];
  const elements: Array<{ start: number; end: number }> = [];
  const others: string[] = [];
  for (const s of a.file.sections) {
    if (s.path !== path) continue;
    elements.push(s.element);
    const stack: XmlNode[] = [s.element];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type !== 'element') continue;
      for (const at of n.attributes) if (at.quote) { values.push({ start: at.valueStart, end: at.valueEnd }); others.push(at.value); }
      if (n !== s.element) elements.push(n);
      if (n.closed && !n.selfClosing && n.endTagStart >= 0) gaps.push(n.endTagStart);
      stack.push(...n.children);
    }
  }
  if (!values.length) return randomEdit(a, rand);
  const r = rand();
  let start: number, end: number, insert: string;
  if (r < 0.4) {
    const v = values[Math.floor(rand() * values.length)];
    start = v.start + Math.floor(rand() * (v.end - v.start + 1));
    const del = rand() < 0.25 && start < v.end;
    end = del ? start + 1 : start;
    insert = del ? '' : TYPED[Math.floor(rand() * TYPED.length)];
  } else if (r < 0.7) {
    const v = values[Math.floor(rand() * values.length)];
    start = v.start; end = v.end;
    insert = rand() < 0.5 ? MEANINGFUL[Math.floor(rand() * MEANINGFUL.length)] : others[Math.floor(rand() * others.length)];
    insert = insert.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  } else if (r < 0.85 && gaps.length) {
    start = end = gaps[Math.floor(rand() * gaps.length)];
    insert = ENTRIES[Math.floor(rand() * ENTRIES.length)];
  } else {
    const e = elements[Math.floor(rand() * elements.length)];
    start = e.start; end = e.end; insert = '';
  }
  return { change: { start, end, newLength: insert.length }, text: text.slice(0, start) + insert + text.slice(end) };
}



function storm(name: string, text: string, context: AnalysisContext, rand: () => number, edits: number, fixesEvery = 5, edit: Edit = randomEdit): void {
  let a = analyzeDocument(text, context);
  for (let k = 0; k < edits; k++) {
    const { change, text: next } = edit(a, rand);
    const full = analyzeDocument(next, context);
    const inc = updateAnalysis(a, next, change, context);
    const withFixes = k % fixesEvery === 0;
    if (process.env.INCREMENTAL_DEBUG) {
      const f = JSON.stringify(picture(full, false)), i = JSON.stringify(picture(inc, false));
      if (f !== i) {
        const fs2 = full.diagnostics.map((d) => JSON.stringify(d)), is2 = inc.diagnostics.map((d) => JSON.stringify(d));
        if (!fs.existsSync('/tmp/inc-dump.json')) fs.writeFileSync('/tmp/inc-dump.json', JSON.stringify({ name, before: a.text, text: next, change, context: { fileName: context.fileName } }));
        console.log(name, k, JSON.stringify(change), '\nonly full:', fs2.filter((x) => !is2.includes(x)), '\nonly incremental:', is2.filter((x) => !fs2.includes(x)));
      }
    }
    assert.deepEqual(picture(inc, withFixes), picture(full, withFixes),
      `${name}: edit ${k} ${JSON.stringify(change)} ${JSON.stringify(next.slice(change.start, change.start + change.newLength))}`);
    if (edit === typingEdit) {
      taken.total++;
      if (wasIncremental(inc)) taken.incremental++;
    }
    a = inc;
  }
}

describe('incremental analysis equals a full analysis', () => {
  it('after every edit of storms on every rule case (with its hierarchy)', () => {
    const rand = mulberry32(SEED);
    for (const { dir, name, cases } of loadCases()) {
      for (const c of cases) {
        const file = path.join(dir, c.file);
        const text = fs.readFileSync(file, 'utf8');
        const context: AnalysisContext = { fileName: file, ...c.context, ...caseHierarchy(dir, c) };
        storm(`${name}/${c.file}`, text, context, rand, EDITS);
      }
    }
  });

  it('after every edit of storms on the corpus', { skip: !hasShared && '../shared/corpus is absent' }, () => {
    const rand = mulberry32(SEED + 1);
    const stack = [path.join(SHARED, 'corpus')];
    while (stack.length) {
      const d = stack.pop()!;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) { stack.push(p); continue; }
        if (!/\.config$/i.test(e.name)) continue;
        const text = fs.readFileSync(p, 'utf8');
        const fileName = /applicationhost/i.test(e.name) ? 'applicationHost.config' : 'web.config';
        storm(e.name, text, { fileName }, rand, EDITS, 10);
      }
    }
  });

  it('after every edit of a storm on a hosting server\'s applicationHost.config', () => {
    const rand = mulberry32(SEED + 2);
    storm('generated applicationHost.config', generateApplicationHost(300_000, 5), { fileName: 'applicationHost.config' }, rand, 40, 20);
  });

  it('after every edit of storms in the sections the server model reads (rule cases with their hierarchy)', () => {
    const rand = mulberry32(SEED + 4);
    for (const { dir, name, cases } of loadCases()) {
      if (!name.startsWith('server-') && !name.startsWith('hierarchy-')) continue;
      for (const c of cases) {
        const file = path.join(dir, c.file);
        storm(`${name}/${c.file}`, fs.readFileSync(file, 'utf8'), { fileName: file, ...c.context, ...caseHierarchy(dir, c) }, rand, EDITS, 5, serverEdit);
      }
    }
  });

  it('after every edit of storms in the sections the server model reads (a hosting server with ASP.NET Core apps and WebDAV)', () => {
    const rand = mulberry32(SEED + 5);
    storm('hosting server with add-ons', generateApplicationHostWithAddOns(250_000, 8), { fileName: 'applicationHost.config' }, rand, 60, 15, serverEdit);
  });

  it('after every keystroke of typing storms, which take the incremental path (or it is not incremental)', () => {
    const rand = mulberry32(SEED + 3);
    for (const { dir, name, cases } of loadCases()) {
      for (const c of cases) {
        const file = path.join(dir, c.file);
        storm(`${name}/${c.file}`, fs.readFileSync(file, 'utf8'), { fileName: file, ...c.context, ...caseHierarchy(dir, c) }, rand, 10, 5, typingEdit);
      }
    }
    storm('generated applicationHost.config', generateApplicationHost(300_000, 6), { fileName: 'applicationHost.config' }, rand, 40, 20, typingEdit);
    // Typing keeps the structure, so every keystroke can be taken incrementally.
    assert.ok(taken.total > 0 && taken.incremental > taken.total * 0.95, `${taken.incremental} of ${taken.total} keystrokes were incremental`);
  });
});

describe('the server model and its rules after a local edit', () => {
  /** What one update reads of the server model and how often rules computed findings again, after a one-character edit at `needle`. */
  function work(bytes: number, needle: RegExp): { sitesOrPoolsRead: number; findingsComputed: number; indexed: number; handlers: number } {
    const text = generateApplicationHostWithAddOns(bytes, 9);
    const context: AnalysisContext = { fileName: 'applicationHost.config' };
    let a = analyzeDocument(text, context);
    // Warm: one edit elsewhere first, so both sizes measure an update that follows an update.
    const warm = text.lastIndexOf('<directoryBrowse enabled="') + '<directoryBrowse enabled="'.length;
    a = updateAnalysis(a, text.slice(0, warm) + 'x' + text.slice(warm), { start: warm, end: warm, newLength: 1 }, context);
    // The middle occurrence of the needle.
    const all = [...a.text.matchAll(new RegExp(needle.source, 'g'))];
    const m = all[all.length >> 1];
    const at = m.index! + m[0].length;
    const next = a.text.slice(0, at) + 'y' + a.text.slice(at);
    const before = { read: modelCounters.childrenRead, computed: memoCounters.computed, indexed: chainCounters.indexed };
    const b = updateAnalysis(a, next, { start: at, end: at, newLength: 1 }, context);
    const counts = { sitesOrPoolsRead: modelCounters.childrenRead - before.read, findingsComputed: memoCounters.computed - before.computed, indexed: chainCounters.indexed - before.indexed };
    assert.ok(wasIncremental(b));
    assert.deepEqual(picture(b, false), picture(analyzeDocument(next, context), false));
    return { ...counts, handlers: b.file.sections.filter((x) => x.path === 'system.webServer/handlers').length };
  }
  const cases: Array<[string, RegExp]> = [
    ['a site\'s virtual directory', /<virtualDirectory path="\/" physicalPath="D:\\vhosts\\/],
    ['a pool\'s processModel', /<processModel identityType="ApplicationPoolIdentity" idleTimeout="/],
    ['a location\'s handler', /scriptProcessor="C:\\Program Files/],
    ['a location\'s ipSecurity entry', /<add ipAddress="10\.0\./],
  ];
  for (const [what, needle] of cases) {
    it(`does not grow with the server: an edit in ${what}`, () => {
      const small = work(250_000, needle), large = work(1_000_000, needle);
      // One site or pool read again at most, whatever the size; findings computed again for the edited unit and
      // the few that read it, not for every site; no section index rebuilt for every section of the file.
      assert.ok(large.sitesOrPoolsRead <= 1, `${what}: ${large.sitesOrPoolsRead} sites or pools read again`);
      assert.ok(large.findingsComputed <= small.findingsComputed + 2, `${what}: findings computed ${small.findingsComputed} at n, ${large.findingsComputed} at 4n`);
      // An edit of a <handlers> indexes that path's instances again once (one pass, for every rule that asks); an
      // edit elsewhere indexes nothing.
      if (what.includes('handler')) assert.ok(large.indexed <= large.handlers, `${what}: ${large.indexed} sections indexed, ${large.handlers} handlers sections`);
      else assert.ok(large.indexed <= small.indexed + 2, `${what}: sections indexed ${small.indexed} at n, ${large.indexed} at 4n`);
    });
  }
});

/**
 * Edits chosen to reach what a rule reads outside its unit: each one makes a finding appear or go in a unit that is
 * itself unchanged, so the update is right only if the rule's grain (`dependsOn`, `scopeReads`) and the model's
 * delta (sections that are gone) say what changed. After each edit the incremental result must equal a full
 * analysis, and the edit must change the codes it names (or the case would test nothing).
 */
describe('incremental analysis equals a full analysis after edits that reach outside the edited unit', () => {
  interface Step { readonly find: string; readonly replace: string; readonly appears?: string; readonly goes?: string }
  function scripted(name: string, text: string, context: AnalysisContext, steps: readonly Step[]): void {
    let a = analyzeDocument(text, context);
    for (const [k, s] of steps.entries()) {
      const start = a.text.indexOf(s.find);
      assert.ok(start >= 0, `${name}: step ${k}: ${s.find} not found`);
      const change: TextChange = { start, end: start + s.find.length, newLength: s.replace.length };
      const next = a.text.slice(0, start) + s.replace + a.text.slice(change.end);
      const before = new Set(a.diagnostics.map((d) => d.code));
      const full = analyzeDocument(next, context);
      const inc = updateAnalysis(a, next, change, context);
      assert.ok(wasIncremental(inc), `${name}: step ${k} was not incremental`);
      assert.deepEqual(picture(inc, true), picture(full, true), `${name}: step ${k}`);
      const after = new Set(full.diagnostics.map((d) => d.code));
      if (s.appears) assert.ok(!before.has(s.appears) && after.has(s.appears), `${name}: step ${k}: ${s.appears} should appear`);
      if (s.goes) assert.ok(before.has(s.goes) && !after.has(s.goes), `${name}: step ${k}: ${s.goes} should go`);
      a = inc;
    }
  }
  const web: AnalysisContext = { fileName: 'web.config' };
  const appHost: AnalysisContext = { fileName: 'applicationHost.config' };
  const SITES = `<system.applicationHost>
    <applicationPools><add name="DefaultAppPool" /></applicationPools>
    <sites>
      <site name="S" id="1"><application path="/" applicationPool="DefaultAppPool"><virtualDirectory path="/" physicalPath="C:\\s" /></application>
        <bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site>
    </sites>
  </system.applicationHost>`;

  it('aspnetcore: an <aspNetCore> reads the handlers in effect (an edit of <handlers> only)', () => {
    scripted('aspnetcore and handlers', `<configuration>
  <system.webServer>
    <handlers>
      <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
    </handlers>
    <aspNetCore processPath="dotnet" arguments="app.dll" hostingModel="inprocess" />
  </system.webServer>
</configuration>
`, web, [
      { find: 'AspNetCoreModuleV2', replace: 'AspNetCoreModule', appears: 'aspnetcore-v1-in-process' },
      { find: 'modules="AspNetCoreModule"', replace: 'modules="AspNetCoreModuleV2"', goes: 'aspnetcore-v1-in-process' },
    ]);
  });

  it('aspnetcore: an <aspNetCore> reads the other <aspNetCore> sections of its path (an edit of another one only)', () => {
    // In an applicationHost.config (a web.config makes every instance of an edited path new anyway).
    scripted('aspnetcore and aspnetcore', `<configuration>
  ${SITES}
  <system.webServer>
    <handlers>
      <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
    </handlers>
    <aspNetCore processPath="dotnet" arguments="app.dll" />
  </system.webServer>
  <location path="S">
    <system.webServer>
      <aspNetCore hostingModel="outofprocess" />
    </system.webServer>
  </location>
</configuration>
`, appHost, [
      { find: 'processPath="dotnet"', replace: 'processPath=""', appears: 'aspnetcore-process-path-empty' },
    ]);
  });

  it('a section that is removed is a change of its path (handler-module-missing reads <modules>)', () => {
    scripted('removed modules', `<configuration>
  ${SITES}
  <system.webServer>
    <globalModules>
      <add name="StaticFileModule" image="%windir%\\System32\\inetsrv\\static.dll" />
    </globalModules>
    <modules>
      <add name="MyModule" type="Contoso.MyModule, Contoso" />
    </modules>
    <handlers>
      <add name="mine" path="*.x" verb="*" modules="MyModule" resourceType="Unspecified" />
    </handlers>
  </system.webServer>
</configuration>
`, appHost, [
      { find: `<modules>
      <add name="MyModule" type="Contoso.MyModule, Contoso" />
    </modules>`, replace: '', appears: 'handler-module-missing' },
    ]);
  });

  it('no-authentication-possible: a path reads the modules above it (an edit of the server\'s <modules> only)', () => {
    scripted('authentication and modules', `<configuration>
  ${SITES}
  <system.webServer>
    <modules>
      <add name="Custom" type="Contoso.Auth, Contoso" />
    </modules>
  </system.webServer>
  <location path="S">
    <system.webServer>
      <security><authentication><anonymousAuthentication enabled="false" /></authentication></security>
    </system.webServer>
  </location>
</configuration>
`, appHost, [
      { find: 'Contoso.Auth', replace: 'System.Auth', appears: 'no-authentication-possible' },
      { find: 'System.Auth', replace: 'Contoso.Auth', goes: 'no-authentication-possible' },
    ]);
  });

  it('certificate-mapping: a path reads the sslFlags below it (an edit of a location\'s <access> only)', () => {
    scripted('mapping and access', `<configuration>
  ${SITES}
  <location path="S">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, SslNegotiateCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings><add userName="u" password="p" certificate="MIIB" /></oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>
`, appHost, [
      { find: 'sslFlags="Ssl, SslNegotiateCert"', replace: 'sslFlags="Ssl"', appears: 'client-cert-not-negotiated' },
    ]);
  });
});
