/**
 * Explain a request (analysis/explain.ts) through `iis-config-lint --explain`:
 * the site, application, pool, authentication, handler, modules and findings
 * for a path of the server-farm case, each fact with its file and line; JSON
 * output; URLs resolved through the bindings; and the answers when facts are
 * missing (no applicationHost.config, an unknown site).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { Explanation } from '../../server/src/analysis/explain';
import { REPO, runCliIn } from '../helpers';

const FARM = path.join(REPO, 'test', 'cases', 'server-farm');
const DEFAULT = path.join(REPO, 'test', 'cases', 'server-default');

const run = runCliIn;

function explain(args: string[], cwd = FARM): Explanation {
  const r = run([...args, '--format', 'json'], cwd);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Explanation;
}

const fact = (facts: Explanation['pool'], label: string) => facts.find((f) => f.label === label);

/** Requests against the farm and what must be said about them. */
const REQUESTS: ReadonlyArray<{
  readonly args: string[];
  readonly site: string;
  readonly pool: string;
  readonly pipeline: string;
  readonly handler: string;
  readonly skipped?: string[];
  readonly findings: string[];
}> = [
  { args: ['--explain', 'Legacy/elmah.axd'], site: 'Legacy', pool: 'DefaultAppPool', pipeline: 'Integrated', handler: 'StaticFile', findings: ['integrated-mode-conflict', 'integrated-mode-conflict', 'integrated-mode-conflict'] },
  { args: ['--explain', 'Classic/page.aspx'], site: 'Classic', pool: 'ClassicPool', pipeline: 'Classic', handler: 'StaticFile', findings: [] },
  { args: ['--explain', 'CoreC/api/orders/1', '--verb', 'PUT'], site: 'CoreC', pool: 'CoreCPool', pipeline: 'Integrated', handler: 'aspNetCore', findings: ['webdav-intercepts-verbs'] },
  { args: ['--explain', 'Api/values', '--verb', 'DELETE'], site: 'Api', pool: 'ApiPool', pipeline: 'Integrated', handler: 'ExtensionlessUrlHandler-Integrated-4.0', findings: ['webdav-intercepts-verbs'] },
  { args: ['--explain', 'ApiNoDav/values', '--verb', 'PUT'], site: 'ApiNoDav', pool: 'ApiPool2', pipeline: 'Integrated', handler: 'ExtensionlessUrlHandler-Integrated-4.0', findings: [] },
  { args: ['--explain', 'CoreA/'], site: 'CoreA', pool: 'CorePool', pipeline: 'Integrated', handler: 'aspNetCore', findings: ['aspnetcore-pool-shared'] },
  { args: ['--explain', 'Secure/index.html'], site: 'Secure', pool: 'DefaultAppPool', pipeline: 'Integrated', handler: 'StaticFile', findings: ['ssl-required-without-https'] },
  { args: ['--explain', 'SecureOk/index.html'], site: 'SecureOk', pool: 'DefaultAppPool', pipeline: 'Integrated', handler: 'StaticFile', findings: [] },
];

describe('iis-config-lint --explain', () => {
  for (const r of REQUESTS) {
    it(`${r.args.join(' ')}: site ${r.site}, pool ${r.pool}, handler ${r.handler}, findings ${r.findings.join(', ') || 'none'}`, () => {
      const e = explain([...r.args, 'farm']);
      assert.equal(fact(e.site, 'site')?.value.split(' ')[0], r.site);
      assert.equal(fact(e.pool, 'pool')?.value, r.pool);
      assert.equal(fact(e.pool, 'pipeline')?.value, r.pipeline);
      assert.equal(e.handler.chosen?.label, r.handler);
      assert.deepEqual(e.findings.map((f) => f.code).sort(), [...r.findings].sort());
      // Every fact says where it comes from: a file and line, or a default.
      for (const f of [...e.site, ...e.application, ...e.pool, ...e.authentication, ...(e.handler.chosen ? [e.handler.chosen] : [])]) {
        assert.ok((f.source.file && f.source.line && f.source.line > 0) || f.source.note, `${f.label} has no source`);
      }
    });
  }

  it('the handler an ASP.NET pool would use is skipped, with why, where the pool has no CLR', () => {
    const e = explain(['--explain', 'CoreC/values', '--verb', 'GET', 'farm']);
    assert.equal(e.handler.chosen?.label, 'aspNetCore');
    const dav = e.modules.find((m) => m.name === 'ManagedEngineV4.0_64bit');
    assert.equal(dav?.runs, false);
    assert.match(dav?.why ?? '', /runtimeVersionv4\.0/);
  });

  it('prints one fact per line with its file and line in text', () => {
    const r = run(['--explain', 'Api/values', '--verb', 'PUT', 'farm'], FARM);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^PUT \/values \(configuration path "Api\/values"\)$/m);
    assert.match(r.out, /^ {2}pool +ApiPool +farm[\\/]server[\\/]applicationHost\.config:\d+$/m);
    assert.match(r.out, /^ {2}CLR +v4\.0 +farm[\\/]server[\\/]applicationHost\.config:\d+, from <applicationPoolDefaults>$/m);
    assert.match(r.out, /^ {2}pipeline +Integrated +schema default$/m);
    assert.match(r.out, /^ {2}ExtensionlessUrlHandler-Integrated-4\.0 +path \*\., verb \*.*farm[\\/]sites[\\/]api[\\/]web\.config:\d+$/m);
    assert.match(r.out, /^ {2}farm[\\/]sites[\\/]api[\\/]web\.config:\d+ warning webdav-intercepts-verbs /m);
  });

  it('resolves a URL through the bindings (host name over none)', () => {
    const e = explain(['--explain', 'http://upload.example.com/files/a.txt', 'farm']);
    assert.equal(e.request.configPath, 'Upload/files/a.txt');
    assert.equal(fact(e.site, 'takes the request')?.value, 'http *:80:upload.example.com');
    assert.deepEqual(e.findings.map((f) => f.code), ['request-limit-mismatch', 'request-limit-mismatch']);
  });

  it('says what is unknown and assumed without an applicationHost.config', () => {
    const e = explain(['--explain', 'app/index.php', 'app'], DEFAULT);
    assert.equal(e.applicationHost.builtIn, true);
    assert.deepEqual(e.site, []);
    assert.ok(e.unknown.some((u) => /no <sites>/.test(u)));
    assert.ok(e.unknown.some((u) => /default IIS 10 settings are assumed/.test(u)));
    assert.equal(e.handler.chosen?.label, 'php');
    assert.ok(e.findings.some((f) => f.code === 'handler-module-missing'));
  });

  it('an unknown site is said to be unknown; a URL needs <sites>; bad usage exits 2', () => {
    const e = explain(['--explain', 'NoSuchSite/x', 'farm']);
    assert.ok(e.unknown.some((u) => u.includes('no site named "NoSuchSite"')));
    const url = run(['--explain', 'http://x/', 'app'], DEFAULT);
    assert.equal(url.code, 2);
    assert.match(url.err, /URL can only be resolved against the <sites>/);
    assert.equal(run(['--verb', 'PUT', 'farm'], FARM).code, 2);
    assert.equal(run(['--explain', 'Api/x', '--format', 'sarif', 'farm'], FARM).code, 2);
  });
});
