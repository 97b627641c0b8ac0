/**
 * The built-in server models (server/data/default-model.json) and what a
 * <section> declaration that omits attributes means.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseXml } from '../../server/src/syntax/xml';
import { DECLARATION_DEFAULTS, defaultDeclarations } from '../../server/src/iis/declarations';
import { SERVER_PROFILES, defaultModelFacts, modelSource, parseServerProfile, profileInfo, profileInstalls } from '../../server/src/iis/serverProfiles';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { REPO, SHARED, hasShared } from '../helpers';

function configSections(xml: string) {
  const doc = parseXml(`<configuration><configSections>${xml}</configSections></configuration>`);
  return doc.root!.children.find((c) => c.type === 'element' && c.name === 'configSections') as Parameters<ReturnType<typeof defaultDeclarations>['withConfigSections']>[0];
}

describe('declarations that omit attributes', () => {
  it('mean the IIS defaults (Allow, Everywhere, true), not the bundled declaration', () => {
    const base = defaultDeclarations('iis85');
    assert.equal(base.get('system.webServer/httpCompression')!.allowDefinition, 'AppHostOnly');
    const d = base.withConfigSections(configSections('<sectionGroup name="system.webServer"><section name="httpCompression" overrideModeDefault="Allow" /><section name="webSocket" /></sectionGroup>'));
    const hc = d.get('system.webServer/httpCompression')!;
    assert.deepEqual([hc.overrideModeDefault, hc.allowDefinition, hc.allowLocation, hc.source], ['Allow', 'Everywhere', true, 'file']);
    const ws = d.get('system.webServer/webSocket')!;
    assert.deepEqual([ws.overrideModeDefault, ws.allowDefinition, ws.allowLocation], [DECLARATION_DEFAULTS.overrideModeDefault, DECLARATION_DEFAULTS.allowDefinition, DECLARATION_DEFAULTS.allowLocation]);
  });

  it('keep what they do say', () => {
    const d = defaultDeclarations().withConfigSections(configSections('<sectionGroup name="system.webServer"><section name="httpCompression" allowDefinition="AppHostOnly" overrideModeDefault="Deny" allowLocation="false" /></sectionGroup>'));
    const hc = d.get('system.webServer/httpCompression')!;
    assert.deepEqual([hc.overrideModeDefault, hc.allowDefinition, hc.allowLocation], ['Deny', 'AppHostOnly', false]);
  });
});

describe('server profiles', () => {
  it('parse from settings and the command line, and nothing else', () => {
    assert.equal(parseServerProfile('Azure-App-Service'), 'azure-app-service');
    assert.equal(parseServerProfile(' iis85 '), 'iis85');
    assert.equal(parseServerProfile('iis7'), undefined);
    assert.equal(parseServerProfile(3), undefined);
  });

  it('each declares httpCompression as its IIS version does', () => {
    const byProfile = Object.fromEntries(SERVER_PROFILES.map((p) => [p, defaultDeclarations(p).get('system.webServer/httpCompression')!.allowDefinition]));
    assert.deepEqual(byProfile, { iis10: 'Everywhere', iis85: 'AppHostOnly', 'iis-express': 'Everywhere', 'azure-app-service': 'Everywhere' });
    assert.equal(defaultDeclarations().get('system.webServer/httpCompression')!.allowDefinition, 'Everywhere', 'the default profile is IIS 10');
  });

  it('Azure App Service unlocks webSocket and ipSecurity and has iisnode; IIS 10 does neither', () => {
    assert.equal(defaultDeclarations('azure-app-service').get('system.webServer/webSocket')!.overrideModeDefault, 'Allow');
    assert.equal(defaultDeclarations('azure-app-service').get('system.webServer/security/ipSecurity')!.overrideModeDefault, 'Allow');
    assert.equal(defaultDeclarations('iis10').get('system.webServer/webSocket')!.overrideModeDefault, 'Deny');
    assert.ok(profileInstalls('azure-app-service', 'system.webServer/iisnode'));
    assert.ok(profileInstalls('azure-app-service', 'system.webServer/rewrite/rules'));
    assert.equal(profileInstalls('iis10', 'system.webServer/iisnode'), undefined);
  });

  it('IIS 10 and IIS Express ship .woff2 and .wasm MIME maps; IIS 8.5 does not', () => {
    const has = (p: (typeof SERVER_PROFILES)[number], ext: string) => profileInfo(p).text.includes(`<mimeMap fileExtension="${ext}"`);
    for (const ext of ['.woff2', '.wasm']) {
      assert.deepEqual(SERVER_PROFILES.map((p) => has(p, ext)), [true, false, true, true], ext);
    }
    assert.ok(has('iis85', '.svg') && has('iis10', '.svg'));
  });

  it('every model text is a clean applicationHost.config', () => {
    for (const p of SERVER_PROFILES) {
      const a = analyzeDocument(profileInfo(p).text, { fileName: 'applicationHost.config', declarations: defaultDeclarations(p) });
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`), [], p);
    }
  });

  it('every fact names the versions it holds for and sources that resolve', () => {
    const facts = defaultModelFacts();
    assert.ok(facts.length > 10);
    for (const f of facts) {
      assert.ok(f.holdsFor.length > 0 && f.profiles.length > 0, f.fact);
      assert.ok(f.sources.length > 0, f.fact);
      for (const s of f.sources) assert.ok(modelSource(s), `${f.fact}: unknown source ${s}`);
    }
    for (const p of SERVER_PROFILES) for (const d of profileInfo(p).declarations) for (const s of d.sources) assert.ok(modelSource(s), `${p} ${d.path}: ${s}`);
  });

  it('the data file is what scripts/generate-default-model.js derives from the stock files', { skip: hasShared ? false : 'no ../shared/corpus' }, () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-model-')), 'default-model.json');
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'generate-default-model.js'), path.join(SHARED, 'corpus', 'applicationhost'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(REPO, 'server', 'data', 'default-model.json'), 'utf8'));
  });
});

describe('the built-in models\' build-time snapshot (no XML parse at start-up)', () => {
  // Loaded lazily: the snapshot is written by the build (scripts/generate-model-snapshot.js).
  const { snapshotTree, treeFromSnapshot } = require('../../server/src/syntax/snapshot') as typeof import('../../server/src/syntax/snapshot');
  const { builtInAppHost, builtInTree } = require('../../server/src/hierarchy/hierarchy') as typeof import('../../server/src/hierarchy/hierarchy');
  const snapshot = JSON.parse(fs.readFileSync(path.join(REPO, 'server', 'data', 'default-model-snapshot.json'), 'utf8')) as { profiles: Record<string, ReturnType<typeof snapshotTree>> };

  it('is, for every profile, the snapshot of parsing that profile\'s text, and rebuilds exactly the parsed tree', () => {
    assert.deepEqual(Object.keys(snapshot.profiles).sort(), [...SERVER_PROFILES].sort());
    for (const p of SERVER_PROFILES) {
      const text = profileInfo(p).text;
      const parsed = parseXml(text);
      assert.deepEqual(snapshot.profiles[p], snapshotTree(parsed), p);
      const rebuilt = treeFromSnapshot(text, snapshot.profiles[p]);
      assert.ok(rebuilt, p);
      // Every node: offsets, names, values, flags, parents, depths, in order.
      assert.deepStrictEqual(rebuilt, parsed, p);
      assert.deepStrictEqual(builtInTree(p, text), parsed, p);
      assert.deepStrictEqual(builtInAppHost(p).file.doc, parsed, p);
    }
  });

  it('is refused for another text (the model is parsed instead), and not made of a document with errors', () => {
    const text = profileInfo('iis10').text;
    const changed = text.replace('<configuration>', '<configuration >');
    assert.equal(treeFromSnapshot(changed, snapshot.profiles.iis10), undefined);
    assert.deepStrictEqual(builtInTree('iis10', changed), parseXml(changed));
    assert.throws(() => snapshotTree(parseXml('<configuration><a></configuration>')), /with errors/);
  });

  it('round-trips every well-formed rule case (entities, comments, CDATA, processing instructions)', () => {
    let n = 0;
    const stack = [path.join(REPO, 'test', 'cases')];
    const extra = ['<?xml version="1.0"?>\n<!-- c --><configuration a=\'x &amp; y\' b="&#65;&lt;"><?pi data?><![CDATA[<x>]]>text<e/></configuration>\n<?after?>'];
    for (const t of extra) { assert.deepStrictEqual(treeFromSnapshot(t, snapshotTree(parseXml(t))), parseXml(t)); n++; }
    while (stack.length) {
      const d = stack.pop()!;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) { stack.push(p); continue; }
        if (!e.name.endsWith('.config')) continue;
        const text = fs.readFileSync(p, 'utf8');
        const doc = parseXml(text);
        if (doc.errors.length) continue;
        assert.deepStrictEqual(treeFromSnapshot(text, snapshotTree(doc)), doc, p);
        n++;
      }
    }
    assert.ok(n > 50, `${n} files`);
  });
});
