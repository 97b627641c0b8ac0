/** iis-config-lint --rewrite-test: the text trace, the JSON shape, stated files, server variables, exit status. */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runRewriteTestCli } from '../../server/src/cli/rewriteTest';
import { runCli } from '../../server/src/cli/lint';
import { REPO } from '../helpers';

const CASES = path.join(REPO, 'test', 'rewrite');

/**
 * A case folder copied outside the repository: the CLI's workspace for a site is its repository (as for linting),
 * which here would be this repository with every other case in it; a copy with its own .git stands alone, as a user's
 * repository does.
 */
const copies = new Map<string, string>();
function caseDir(name: string): string {
  let dir = copies.get(name);
  if (!dir) {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-rewrite-case-')), name);
    fs.cpSync(path.join(CASES, name), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    copies.set(name, dir);
  }
  return dir;
}
after(() => { for (const d of copies.values()) fs.rmSync(path.dirname(d), { recursive: true, force: true }); });

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = runCli(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

function runIn(cwd: string, o: Partial<Parameters<typeof runRewriteTestCli>[0]> & { url: string; paths: string[] }): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = runRewriteTestCli({ format: 'text', exists: [], missing: [], variables: {}, cwd, ...o }, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

describe('iis-config-lint --rewrite-test', () => {
  it('prints each rule with its file:line, the pattern verdict with captures, the conditions, and the outcome; redirects are followed', () => {
    const r = runIn(caseDir('creating-rules'), { url: 'http://localhost/blog/some-other-title/323', paths: ['site'] });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1\. "Fail bad requests"  site\/web\.config:6/);
    assert.match(r.out, /condition \{HTTP_HOST\} = "localhost" does not match "localhost": false/);
    assert.match(r.out, /\{R:1\}="some-other-title" \{R:2\}="323"/);
    assert.match(r.out, /→ Redirect 302 to \/article\/323\/some-other-title/);
    assert.match(r.out, /redirect 1: request http:\/\/localhost\/article\/323\/some-other-title/);
    assert.match(r.out, /final: Rewrite to \/article\.aspx\?id=323&title=some-other-title/);
  });

  it('JSON: { url, result: { action, url, statusCode }, rules: [{ name, file, line, matched, conditions }], redirects, loop }', () => {
    const r = runIn(caseDir('creating-rules'), { url: 'http://localhost/article/234/some-title', paths: ['site/web.config'], format: 'json' });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.url, 'http://localhost/article/234/some-title');
    assert.deepEqual(j.result, { action: 'Rewrite', url: '/article.aspx?id=234&title=some-title', statusCode: null });
    assert.deepEqual(j.rules.map((x: { name: string; file: string; line: number; matched: boolean }) => [x.name, x.file, x.line, x.matched]), [
      ['Fail bad requests', 'site/web.config', 6, true], ['Redirect from blog', 'site/web.config', 13, false], ['Rewrite to article.aspx', 'site/web.config', 17, true],
    ]);
    assert.deepEqual(j.rules[0].conditions.map((c: { input: string; value: string; result: boolean }) => [c.input, c.value, c.result]), [['{HTTP_HOST}', 'localhost', false]]);
    assert.deepEqual(j.redirects, []);
    assert.equal(j.loop, null);
  });

  it('finds the applicationHost.config beside the site: global rules, and the site through its bindings', () => {
    const r = runIn(caseDir('global-distributed'), { url: 'http://forum_localhost/topic/123/some-topic-title', paths: ['wwwroot'] });
    assert.match(r.out, /site: site "Default Web Site" \(binding \*:80:\)/);
    assert.match(r.out, /\[global\] "Subdomain mapping"  server\/applicationHost\.config:18/);
    assert.match(r.out, /final: Rewrite to \/forum\/forum\.aspx\?topic=some-topic-title&id=123/);
  });

  it('--exists and --missing decide IsFile/IsDirectory conditions; --server-variable sets a variable', () => {
    const wp = caseDir('wordpress');
    assert.match(runIn(wp, { url: 'http://localhost/wp-content/themes/style.css', paths: ['site'] }).out, /is not a file: false \(is a file\)/);
    assert.match(runIn(wp, { url: 'http://localhost/wp-content/themes/style.css', paths: ['site'], missing: ['/wp-content/themes/style.css'] }).out, /final: Rewrite to \/index\.php/);
    const bots = runIn(caseDir('creating-rules'), { url: 'http://localhost/article/1/x', paths: ['site'], variables: { HTTP_HOST: 'example.org' } });
    assert.match(bots.out, /final: AbortRequest/);
  });

  it('exits 1 on a redirect loop, 2 on bad usage', () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-rewrite-cli-'));
    fs.copyFileSync(path.join(REPO, 'test', 'cases', 'rewrite-redirect-loop', 'https-loop.config'), path.join(site, 'web.config'));
    const loop = run(['--rewrite-test', 'http://example.com/', path.join(site, 'web.config')]);
    assert.equal(loop.code, 1);
    assert.match(loop.out, /REDIRECT LOOP: the redirect goes back to http:\/\/example\.com\//);
    assert.equal(run(['--rewrite-test', 'http://a/', '--format', 'sarif', CASES]).code, 2);
    assert.equal(run(['--exists', '/a', CASES]).code, 2);
    assert.equal(run(['--rewrite-test', 'http://a/', '--server-variable', 'NOEQUALS', CASES]).code, 2);
    assert.equal(run(['--rewrite-test', 'http://a/', path.join(CASES, 'does-not-exist')]).code, 2);
  });

  it('the example traces of the README and docs/rewrite.md are the real output', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const cmd = '$ iis-config-lint --rewrite-test http://localhost/article/234/some-title site\n';
    const at = readme.indexOf(cmd);
    assert.ok(at >= 0, 'the README shows the command');
    const shown = readme.slice(at + cmd.length, readme.indexOf('```', at));
    assert.equal(shown, runIn(caseDir('creating-rules'), { url: 'http://localhost/article/234/some-title', paths: ['site'] }).out);
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'rewrite.md'), 'utf8');
    const dcmd = '$ iis-config-lint --rewrite-test http://localhost/blog/some-other-title/323 site\n';
    const dat = doc.indexOf(dcmd);
    assert.ok(dat >= 0, 'docs/rewrite.md shows the command');
    const excerpt = doc.slice(dat + dcmd.length, doc.indexOf('```', dat)).split('\n').filter((l) => l.trim() && l.trim() !== '…');
    const real = runIn(caseDir('creating-rules'), { url: 'http://localhost/blog/some-other-title/323', paths: ['site'] }).out.split('\n');
    let k = 0;
    for (const line of excerpt) {
      while (k < real.length && real[k] !== line) k++;
      assert.ok(k < real.length, `docs/rewrite.md line not in the real output (in order): ${line}`);
    }
  });

  it('runs from the command line (bin/iis-config-lint)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'iis-config-lint'), '--rewrite-test', 'http://localhost/php', '--format', 'json', 'site'], { cwd: caseDir('rewrite-maps'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result.url, '/default.aspx?tabid=7116');
  });
});
