/**
 * Editor features from the server model: hover on applicationPool="…", on a
 * pool's name and on <site>; the outline's application pools; completion of
 * the pools and modules that exist (and nothing where the server is unknown).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { getHover } from '../../server/src/analysis/hover';
import { getCompletions } from '../../server/src/analysis/completion';
import { documentSymbols } from '../../server/src/analysis/symbols';
import { REPO, analyze, caseHierarchy, offsetOf } from '../helpers';

const CASES = path.join(REPO, 'test', 'cases');
const read = (rel: string) => fs.readFileSync(path.join(CASES, rel), 'utf8');

function appHost(rel: string) {
  const text = read(rel);
  return { text, a: analyze(text, path.join(CASES, rel)) };
}

function inFarm(rel: string) {
  const dir = path.join(CASES, 'server-farm');
  const text = read(path.join('server-farm', rel));
  const c = { description: '', file: rel, workspace: 'farm', diagnostics: [] };
  return { text, a: analyze(text, path.join(dir, rel), caseHierarchy(dir, c)) };
}

describe('server model in the editor', () => {
  it('hover on applicationPool="…" shows the pool as WAS applies it, with where each setting comes from, and its applications', () => {
    const { text, a } = appHost('server-apphost/pools.config');
    const h = getHover(a, offsetOf(text, 'applicationPool="CoreApps"') + 'applicationPool="'.length + 2)!;
    assert.ok(h, 'a hover');
    assert.match(h.contents, /\*\*Application pool `CoreApps`\*\*/);
    assert.match(h.contents, /\| CLR \(managedRuntimeVersion\) \| No Managed Code \| set on the pool \|/);
    assert.match(h.contents, /\| identity \| ApplicationPoolIdentity \| from `<applicationPoolDefaults>` \|/);
    assert.match(h.contents, /\| pipeline \| Integrated \| the schema default \|/);
    assert.match(h.contents, /Applications in it \(1\):\*\* `Shop\/api`/);
    const undefinedPool = getHover(a, offsetOf(text, 'DefaultAppPol"') + 2)!;
    assert.match(undefinedPool.contents, /`DefaultAppPol`\*\* is not defined in `<applicationPools>`/);
    const inherited = getHover(a, offsetOf(text, 'applicationPool="IntranetPool"') + 3)!;
    assert.match(inherited.contents, /not defined/);
  });

  it('hover on a pool\'s name lists its applications; hover on <site> shows bindings, applications and pools', () => {
    const { text, a } = appHost('server-apphost/pools-good.config');
    const pool = getHover(a, offsetOf(text, 'name="ServiceAccount"') + 8)!;
    assert.match(pool.contents, /identity \| SpecificUser \(CONTOSO\\svc-web\)/);
    assert.doesNotMatch(pool.contents, /enc:/, 'the password is never shown');
    assert.match(pool.contents, /Applications in it \(1\):\*\* `Intranet` \(root\)/);
    const site = getHover(a, offsetOf(text, '<site name="Shop"') + 2)!;
    assert.match(site.contents, /\*\*Site `Shop`\*\* \(id 1\)/);
    assert.match(site.contents, /- `http \*:80:shop\.example\.com`/);
    assert.match(site.contents, /\| `\/api` \| CoreApps \(Integrated, no CLR\) \| `D:\\sites\\shop-api` \|/);
    assert.match(site.contents, /serverAutoStart:\*\* true \(the schema default\)/);
  });

  it('the outline lists the application pools with pipeline and CLR', () => {
    const { a } = appHost('server-apphost/pools-good.config');
    const pools = documentSymbols(a).find((s) => s.name === 'applicationPools')!;
    assert.deepEqual(pools.children.map((c) => `${c.name} | ${c.detail}`), [
      'application pool "DefaultAppPool" | Integrated, v4.0',
      'application pool "Framework48" | Integrated, v4.0',
      'application pool "Legacy35" | Classic, v2.0',
      'application pool "CoreApps" | Integrated, no managed code',
      'application pool "ServiceAccount" | Integrated, v4.0',
    ]);
    assert.ok(pools.children.every((c) => c.kind === 'applicationPool'));
  });

  it('completes pool names in applicationPool="…"', () => {
    const { text, a } = appHost('server-apphost/pools-good.config');
    const at = offsetOf(text, 'applicationPool="ServiceAccount"') + 'applicationPool="'.length;
    const all = getCompletions(a, at).map((c) => c.label);
    assert.deepEqual(all, ['DefaultAppPool', 'Framework48', 'Legacy35', 'CoreApps', 'ServiceAccount']);
    assert.deepEqual(getCompletions(a, at + 4).map((c) => c.label), ['ServiceAccount'], 'filtered by what is typed');
  });

  it('completes the modules the server registers in handlers/add/@modules, and inherited entries in <remove name>', () => {
    const { text, a } = inFarm('farm/sites/core-c/web.config');
    const at = offsetOf(text, 'modules="AspNetCoreModuleV2"') + 'modules="'.length;
    const names = getCompletions(a, at).map((c) => c.label);
    assert.deepEqual(names, ['StaticFileModule', 'ProtocolSupportModule', 'WebDAVModule', 'AspNetCoreModuleV2', 'ManagedEngineV4.0_64bit']);
    const api = inFarm('farm/sites/api-nodav/web.config');
    const removeAt = offsetOf(api.text, '<remove name="WebDAVModule"') + '<remove name="'.length;
    const inherited = getCompletions(api.a, removeAt).map((c) => `${c.label} | ${c.detail}`);
    assert.ok(inherited.includes('StaticFileModule | inherited from applicationHost.config'), inherited.join('\n'));
  });

  it('offers nothing of the server where it is unknown (a web.config read on its own)', () => {
    const text = read('server-standalone/v2-inprocess.config');
    const a = analyze(text, path.join(CASES, 'server-standalone/v2-inprocess.config'));
    const at = offsetOf(text, 'modules="AspNetCoreModuleV2"') + 'modules="'.length;
    assert.deepEqual(getCompletions(a, at), []);
  });
});
