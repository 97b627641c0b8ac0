/**
 * iis-config-lint and the configuration hierarchy: the line that says which
 * applicationHost.config is in effect (discovered in the linted folder, in
 * Visual Studio's .vs folder, or none: default IIS 10 settings), related
 * information in other files in JSON output, and `--effective PATH SECTION`
 * for a configuration path and for a web.config file.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { REPO, runCliIn } from '../helpers';

const CASES = path.join(REPO, 'test', 'cases');

const run = (args: string[], cwd = REPO) => runCliIn(args, cwd);

describe('iis-config-lint: hierarchy', () => {
  it('says which applicationHost.config it found in the linted folder, and reports across files', () => {
    const ops = path.join(CASES, 'hierarchy-ops', 'ops');
    const r = run([ops]);
    assert.equal(r.code, 1);
    const first = r.out.split('\n').find((l) => l.startsWith('using '));
    assert.equal(first, `using applicationHost.config: ${path.join(ops, 'server', 'applicationHost.config')} (found in the workspace; one of its sites maps this folder; workspace ${REPO}, its repository: the nearest folder with .git)`);
    assert.match(r.out, /sites[\\/]shop[\\/]web\.config:10:10 error section-locked/);
    assert.match(r.out, /sites[\\/]shop[\\/]Views[\\/]web\.config:4:6 error section-not-allowed/);
    assert.match(r.out, /sites[\\/]shop-api[\\/]web\.config:15:8 error lock-violation/);
  });

  it('finds Visual Studio\'s IIS Express file above the project folder', () => {
    const project = path.join(CASES, 'hierarchy-iis-express', 'Solution', 'Shop.Web');
    const r = run([project]);
    assert.match(r.out, new RegExp(`^using applicationHost.config: ${escape(path.join(CASES, 'hierarchy-iis-express', 'Solution', '.vs', 'Shop', 'config', 'applicationhost.config'))} \\(IIS Express configuration of the Visual Studio solution in `, 'm'));
    assert.match(r.out, /Shop\.Web[\\/]web\.config:10:10 error section-locked/);
  });

  it('says when it assumes default IIS 10 settings', () => {
    const r = run([path.join(CASES, 'hierarchy-default', 'app')]);
    assert.match(r.out, new RegExp(`^using default IIS 10 settings: no applicationHost.config found \\(workspace ${escape(REPO)}, its repository: the nearest folder with \\.git; pass --app-host FILE or --server PROFILE\\)$`, 'm'));
    assert.match(r.out, /warning lock-violation 'defaultPath' of <httpErrors> is locked .*\(assuming default IIS 10 settings\)/);
  });

  it('--app-host names the file; JSON output points related information into it', () => {
    const ops = path.join(CASES, 'hierarchy-ops', 'ops');
    const appHost = path.join(ops, 'server', 'applicationHost.config');
    const r = run(['--format', 'json', '--app-host', appHost, path.join(ops, 'sites', 'shop', 'web.config')]);
    const json = JSON.parse(r.out) as Array<{ diagnostics: Array<{ code: string; relatedInformation?: Array<{ location: { uri: string; range: { start: { line: number } } } }> }> }>;
    const lock = json[0].diagnostics.find((d) => d.code === 'lock-violation')!;
    assert.equal(lock.relatedInformation?.[0].location.uri, pathToFileURL(appHost).toString());
    assert.equal(lock.relatedInformation?.[0].location.range.start.line, 21, 'line 22 of the file, zero-based');
  });

  it('--effective "Site/App" SECTION prints the merged section with the file and line of every entry', () => {
    const ops = path.join(CASES, 'hierarchy-ops', 'ops');
    const r = run(['--effective', 'Shop/api', 'staticContent'], ops);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^<!-- Effective configuration of system\.webServer\/staticContent at "Shop\/api": application "\/api" of site "Shop" -->/);
    assert.match(r.out, /\[3\] web\.config: .*shop-api[\\/]web\.config \(configuration path "Shop\/api"\)/);
    // The application's <remove> dropped the server's .json and re-added it; the site's .webmanifest is inherited.
    assert.match(r.out, /<mimeMap fileExtension="\.webmanifest" mimeType="application\/manifest\+json" \/> <!-- \[2\] line 15 -->/);
    assert.match(r.out, /<mimeMap fileExtension="\.json" mimeType="application\/json; charset=utf-8" \/> <!-- \[3\] line 11 -->/);
    assert.equal((r.out.match(/fileExtension="\.json"/g) ?? []).length, 1);
  });

  it('--effective FILE SECTION uses the file\'s own hierarchy (here the default IIS 10 model)', () => {
    // Run from the case folder: from the repository root, the test fixtures' applicationHost.config files would be "in the workspace".
    const r = run(['--effective', path.join('app', 'web.config'), 'system.webServer/httpErrors'], path.join(CASES, 'hierarchy-default'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[1\] default IIS 10 settings \(built in: no applicationHost\.config was found\)/);
    assert.match(r.out, /errorMode: \[2\] line 7; defaultPath: \[2\] line 7; lockAttributes: \[1\] default/);
    assert.match(r.out, /<error statusCode="404" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="404\.htm" \/> <!-- \[1\] default -->/);
  });

  it('--effective needs PATH and a known SECTION', () => {
    assert.equal(run(['--effective', 'Shop']).code, 2);
    const r = run(['--effective', 'Shop', 'noSuchSection'], path.join(CASES, 'hierarchy-ops', 'ops'));
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown section 'noSuchSection'/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
