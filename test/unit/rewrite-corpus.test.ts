/**
 * The rule engine on real rule sets from ../shared/corpus (skipped without
 * it): an SPA fallback (Angular, and one with an HTTPS redirect), PHP front
 * controllers (Laravel, Drupal), an ARR reverse proxy, and the Azure App
 * Service iisnode rules (Ghost). Each file is copied into a temporary site
 * folder, with the files a request needs, and tested as `--rewrite-test`
 * would test it. The expected results are what each rule set is written to do.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHARED, hasShared } from '../helpers';
import { runRewriteTest } from '../../server/src/analysis/rewriteTest';
import { fsReader, scanWorkspace } from '../../server/src/node/hierarchyIo';

interface Req { url: string; exists?: string[]; missing?: string[]; action: string; url2?: string; status?: number; final?: [string, string]; proxy?: boolean }
const SETS: Array<{ file: string; kind: string; files?: string[]; requests: Req[] }> = [
  { file: '0GiS0__tour-of-heroes-angular__web.config', kind: 'SPA', files: ['main.js', 'assets/logo.png'], requests: [
    { url: 'http://localhost/heroes/12', action: 'Rewrite', url2: '/' },
    { url: 'http://localhost/main.js', action: 'None', url2: '/main.js' },
    { url: 'http://localhost/assets/', action: 'None', url2: '/assets/' },
  ] },
  { file: 'ARKlab__Ark.Starters.SPA__public__web.config', kind: 'SPA with an HTTPS redirect', files: ['index.html'], requests: [
    { url: 'http://app.example.com/dashboard?tab=1', action: 'Redirect', url2: 'https://app.example.com/dashboard?tab=1', status: 301, final: ['Rewrite', '/index.html?tab=1'] },
    { url: 'https://app.example.com/a/b/static/js/main.js', action: 'Rewrite', url2: '/static/js/main.js' },
    { url: 'https://app.example.com/pl/strona', action: 'None', url2: '/pl/strona' },
  ] },
  { file: 'laravel__laravel__public__web.config', kind: 'PHP (Laravel)', files: ['css/app.css'], requests: [
    { url: 'http://localhost/users/', action: 'Redirect', url2: '/users', status: 301, final: ['Rewrite', '/index.php'] },
    { url: 'http://localhost/users?page=2', action: 'Rewrite', url2: '/index.php?page=2' },
    { url: 'http://localhost/css/app.css', action: 'None', url2: '/css/app.css' },
    { url: 'http://localhost/css/', action: 'None', url2: '/css/' },
  ] },
  { file: 'drupal__drupal__web.config', kind: 'PHP (Drupal)', files: ['misc/drupal.js'], requests: [
    { url: 'http://localhost/sites/default/settings.inc', action: 'CustomResponse', status: 403 },
    { url: 'http://localhost/favicon.ico', action: 'CustomResponse', status: 404 },
    { url: 'http://localhost/node/1', action: 'Rewrite', url2: '/index.php' },
    { url: 'http://localhost/misc/drupal.js', action: 'None', url2: '/misc/drupal.js' },
  ] },
  { file: 'johnnygtech__app-service-reverse-proxy__web.config', kind: 'ARR reverse proxy', requests: [
    { url: 'http://proxy.example.com/2015/06/post/', action: 'Redirect', url2: 'https://proxy.example.com/2015/06/post/', status: 301, final: ['Rewrite', 'https://tomssl.com/2015/06/post/'], proxy: true },
    { url: 'https://proxy.example.com/about?x=1', action: 'Rewrite', url2: 'https://tomssl.com/about?x=1', proxy: true },
  ] },
  { file: 'GreenRaccoon23__Ghost__web.config', kind: 'iisnode (Azure App Service rules)', files: ['public/css/site.css', 'index.js'], requests: [
    { url: 'http://localhost/css/site.css', action: 'Rewrite', url2: '/public/css/site.css' },
    { url: 'http://localhost/blog/first-post', action: 'Rewrite', url2: '/index.js' },
    { url: 'http://localhost/index.js/debug/', action: 'None', url2: '/index.js/debug/' },
  ] },
];

describe('rule engine on real rule sets (corpus)', { skip: hasShared ? false : 'no ../shared/corpus' }, () => {
  for (const set of SETS) {
    describe(`${set.kind}: ${set.file}`, () => {
      const site = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-rewrite-corpus-'));
      if (hasShared) {
        fs.copyFileSync(path.join(SHARED, 'corpus', 'webconfig', set.file), path.join(site, 'web.config'));
        for (const f of set.files ?? []) { fs.mkdirSync(path.dirname(path.join(site, f)), { recursive: true }); fs.writeFileSync(path.join(site, f), ''); }
      }
      for (const r of set.requests) {
        it(`${r.url} → ${r.action} ${r.url2 ?? ''}`, () => {
          const scan = scanWorkspace([site]);
          const t = runRewriteTest({ url: r.url, siteFolder: site, workspaceRoots: [site], reader: fsReader(), workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, exists: r.exists, missing: r.missing }).trace;
          assert.equal(t.result.action, r.action, JSON.stringify(t.rules.map((x) => [x.name, x.outcome])));
          if (r.url2 !== undefined) assert.equal(t.result.url, r.url2);
          if (r.status !== undefined) assert.equal(t.result.statusCode, r.status);
          if (r.proxy !== undefined && !r.final) assert.equal(!!t.result.proxy, r.proxy);
          if (r.final) {
            const last = t.redirects[t.redirects.length - 1];
            assert.ok(last, 'the redirect is followed');
            assert.deepEqual([last.result.action, last.result.url], r.final);
            if (r.proxy !== undefined) assert.equal(!!last.result.proxy, r.proxy);
          }
          assert.equal(t.loop, undefined);
        });
      }
    });
  }
});
