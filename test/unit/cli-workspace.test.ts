/**
 * iis-config-lint's workspace root, server profiles and file kinds: a file's
 * results do not depend on the folder the CLI runs from; the "using …" line says
 * which workspace was searched and when the search was cut short; --server picks
 * the built-in model; --as says what a renamed file is, and a file checked
 * without its hierarchy says so; "skipped" only when nothing was linted.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliIn } from '../helpers';
import { createCliHierarchy, workspaceRootFor } from '../../server/src/cli/hierarchy';

const run = runCliIn;

const LOCKING_APPHOST = `<configuration>
  <configSections>
    <sectionGroup name="system.webServer"><section name="defaultDocument" overrideModeDefault="Deny" /></sectionGroup>
  </configSections>
</configuration>
`;
const WEB = `<configuration>
  <system.webServer>
    <defaultDocument enabled="true" />
    <webSocket enabled="false" />
    <staticContent><mimeMap fileExtension=".woff2" mimeType="font/woff2" /></staticContent>
  </system.webServer>
</configuration>
`;

let tmp: string;
const file = (...p: string[]) => path.join(tmp, ...p);
function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
  fs.writeFileSync(file(rel), text);
}

describe('iis-config-lint: workspace root, profiles and file kinds', () => {
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-ws-')));
    // Outside any repository: an unrelated applicationHost.config in the folder the CLI may run from.
    write('applicationHost.config', LOCKING_APPHOST);
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('repo/site/web.config', WEB);
    write('repo/deploy/web.vsts.config', WEB);
    write('repo/host.config', '<configuration><system.applicationHost><sites /></system.applicationHost></configuration>\n');
    write('repo/legacy/web.config', '<configuration>\n  <system.applicationHost>\n    <sites />\n  </system.applicationHost>\n</configuration>\n');
    write('loose/web.config', WEB);
    fs.mkdirSync(file('empty'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("a file's root is its repository, else the folder given, else its own folder", () => {
    assert.deepEqual(workspaceRootFor(file('repo', 'site', 'web.config'), [tmp]), { root: file('repo'), why: 'its repository: the nearest folder with .git' });
    assert.deepEqual(workspaceRootFor(file('loose', 'web.config'), [tmp]), { root: tmp, why: 'the folder given on the command line' });
    assert.deepEqual(workspaceRootFor(file('loose', 'web.config'), []), { root: file('loose'), why: "the file's folder" });
  });

  it('gives a file the same results from whatever folder the CLI runs in (an unrelated applicationHost.config above is not used)', () => {
    const a = run([file('repo', 'site', 'web.config')], tmp);
    const b = run([file('repo', 'site', 'web.config')], file('repo', 'site'));
    assert.equal(a.out, b.out);
    assert.equal(a.code, b.code);
    assert.match(a.out, new RegExp(`^using default IIS 10 settings: no applicationHost.config found \\(workspace ${tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\\\/]repo, its repository`, 'm'));
    assert.doesNotMatch(a.out, /defaultDocument/, 'the locking applicationHost.config outside the repository is not used');
  });

  it('--server picks the model: IIS 10 ships .woff2 and locks webSocket; Azure App Service unlocks webSocket; IIS 8.5 has no .woff2', () => {
    const target = file('repo', 'site', 'web.config');
    const iis10 = run([target], tmp).out;
    assert.match(iis10, /warning section-locked <webSocket> .*\(assuming default IIS 10 settings\)/);
    assert.match(iis10, /warning duplicate-collection-entry <mimeMap fileExtension=".woff2">/);
    const azure = run(['--server', 'azure-app-service', target], tmp).out;
    assert.match(azure, /^using Azure App Service defaults \(--server azure-app-service\): no applicationHost.config found/m);
    assert.doesNotMatch(azure, /webSocket/);
    assert.match(azure, /the assumed Azure App Service defaults/);
    const iis85 = run(['--server=iis85', target], tmp).out;
    assert.doesNotMatch(iis85, /woff2/);
    assert.match(iis85, /\(assuming default IIS 8\.5 settings\)/);
    const bad = run(['--server', 'iis6', target], tmp);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown server profile 'iis6' \(expected iis10, iis85, iis-express, azure-app-service\)/);
  });

  it('says when a file is checked without its hierarchy, and --as web.config checks it with one', () => {
    const renamed = file('repo', 'deploy', 'web.vsts.config');
    const alone = run([renamed], tmp);
    assert.match(alone.out, /^checked without its hierarchy: .*web\.vsts\.config \(not named web\.config; pass --as web\.config to check it as one\)$/m);
    assert.doesNotMatch(alone.out, /section-locked/, 'no hierarchy, no lock verdicts');
    const asWeb = run(['--as', 'web.config', renamed], tmp);
    assert.doesNotMatch(asWeb.out, /checked without its hierarchy/);
    assert.match(asWeb.out, /warning section-locked <webSocket>/);
    // A file sniffed as an applicationHost.config is not "without its hierarchy": it has nothing above it.
    assert.doesNotMatch(run([file('repo', 'host.config')], tmp).out, /without its hierarchy/);
  });

  it('a file named web.config is a web.config, even with <system.applicationHost> in it', () => {
    const r = run([file('repo', 'legacy', 'web.config')], tmp);
    assert.match(r.out, /error section-not-allowed <sites> may be set only in applicationHost\.config/);
    assert.equal(r.code, 1);
  });

  it('says "skipped" for a folder with nothing to lint only when nothing was linted', () => {
    const none = run([file('empty')], tmp);
    assert.match(none.err, /^iis-config-lint: skipped .*empty: no web\.config or applicationHost\.config in it$/m);
    assert.match(none.out, /checked 0 files/);
    const some = run([file('empty'), file('loose')], tmp);
    assert.equal(some.err, '');
    assert.match(some.out, /checked 1 file:/);
  });

  it('says when the search of the workspace was cut short', () => {
    const h = createCliHierarchy({ paths: [tmp], cwd: tmp, maxScanEntries: 2 });
    const status = h.contextFor(file('loose', 'web.config')).status ?? '';
    assert.match(status, /the search of .* stopped after 2 entries, so an applicationHost\.config further in may have been missed/);
  });
});
