/** iis-config-lint: output formats, folder search, exit status. */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCli } from '../../server/src/cli/lint';
import { REPO, readFixture, offsetOf } from '../helpers';
import { LineIndex } from '../../server/src/syntax/lineIndex';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = runCli(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

const scenario = fs.readFileSync(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'scenario-bad.config'), 'utf8');
let tmp: string;

describe('iis-config-lint', () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-lint-'));
    fs.mkdirSync(path.join(tmp, 'server'));
    fs.writeFileSync(path.join(tmp, 'server', 'applicationHost.config'), scenario);
    for (const skipped of ['node_modules', 'bin', 'obj', '.git']) {
      fs.mkdirSync(path.join(tmp, skipped));
      fs.writeFileSync(path.join(tmp, skipped, 'web.config'), '<configuration><broken></configuration>');
    }
    fs.mkdirSync(path.join(tmp, 'site'));
    fs.writeFileSync(path.join(tmp, 'site', 'Web.config'), '<configuration>\n  <appSettings>\n</configuration>\n');
    fs.writeFileSync(path.join(tmp, 'site', 'notes.txt'), 'not a config');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints file:line:col severity code message and exits 0 when there are only warnings', () => {
    const file = path.join(tmp, 'server', 'applicationHost.config');
    const r = run([file]);
    assert.equal(r.code, 0);
    const p = new LineIndex(scenario).positionAt(offsetOf(scenario, 'iisClientCertificateMappingAuthentication'));
    assert.ok(r.out.split('\n').some((l) => l.startsWith(`${file}:${p.line + 1}:${p.character + 1} warning ignored-at-level <iisClientCertificateMappingAuthentication> is ignored here`)), r.out);
    // The scenario also gets no-authentication-possible (the 401.2 seen from the sub-application).
    assert.match(r.out, /checked 1 file: 0 errors, 2 warnings, 0 information/);
  });

  it('exits 1 on two identical entries in a web.config even when no applicationHost.config is found and the default model has the key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-lint-dup-'));
    const one = '<configuration><system.webServer><staticContent><mimeMap fileExtension=".json" mimeType="application/json" />';
    fs.writeFileSync(path.join(dir, 'web.config'), `${one}<mimeMap fileExtension=".json" mimeType="application/json" /></staticContent></system.webServer></configuration>`);
    const r = run([dir]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /checked 1 file: 1 error, 1 warning/);
    // The correct twin: one entry whose key the default model also has is a warning only (exit 0).
    fs.writeFileSync(path.join(dir, 'web.config'), `${one}</staticContent></system.webServer></configuration>`);
    assert.equal(run([dir]).code, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('searches folders for web.config and applicationHost.config (any case), skipping node_modules, bin, obj, .git', () => {
    const r = run([tmp]);
    assert.equal(r.code, 1, 'the malformed site/Web.config is an error');
    assert.match(r.out, /checked 2 files/);
    assert.ok(r.out.includes(path.join(tmp, 'site', 'Web.config') + ':2:4 error xml-syntax'), r.out);
    const findings = r.out.split('\n').filter((l) => !l.startsWith('using '));
    assert.ok(!findings.some((l) => /node_modules|[\\/]bin[\\/]|[\\/]obj[\\/]|\.git/.test(l)), r.out);
  });

  it('prints JSON: the path as given and LSP diagnostics', () => {
    const rel = path.relative(process.cwd(), path.join(tmp, 'server', 'applicationHost.config'));
    const r = run(['--format', 'json', rel]);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out);
    assert.equal(json.length, 1);
    assert.equal(json[0].file, rel);
    const d = json[0].diagnostics.find((x: { code: string }) => x.code === 'ignored-at-level');
    assert.equal(d.code, 'ignored-at-level');
    assert.equal(d.source, 'iis-config');
    assert.equal(d.severity, 2);
    assert.deepEqual(Object.keys(d.range.start).sort(), ['character', 'line']);
  });

  it('uses --app-host to resolve a web.config against its sites and says which file is in effect', () => {
    const appHost = path.join(tmp, 'apphost-with-sites.config');
    fs.writeFileSync(appHost, readFixture('../cases/ignored-at-level/with-sites.config'));
    const r = run(['--app-host', appHost, path.join(tmp, 'site', 'Web.config')]);
    assert.match(r.out, new RegExp(`^using applicationHost.config: ${appHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('exits 2 with a clear message on bad usage or unreadable input', () => {
    let r = run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no PATH given/);
    r = run(['--format', 'xml', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown format 'xml'/);
    r = run(['--bogus', 'x']);
    assert.equal(r.code, 2);
    r = run([path.join(tmp, 'does-not-exist.config')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read .*does-not-exist.config: ENOENT/);
    r = run(['--app-host', path.join(tmp, 'missing.config'), tmp]);
    assert.equal(r.code, 2);
  });

  it('the bin script runs and sets the exit status', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'iis-config-lint'), path.join(tmp, 'site')], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error xml-syntax/);
    const help = spawnSync(process.execPath, [path.join(REPO, 'bin', 'iis-config-lint'), '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: iis-config-lint/);
  });
});

describe('iis-config-lint: trust boundary of Visual Studio\'s .vs folder', () => {
  it('a .vs folder above the folder given is never used (a file planted in a shared ancestor); one in the folder given is', () => {
    const t = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-vs-'));
    try {
      const express = path.join(REPO, 'test', 'cases', 'hierarchy-iis-express', 'Solution', '.vs', 'Shop', 'config', 'applicationhost.config');
      const planted = path.join(t, '.vs', 'Planted', 'config', 'applicationhost.config');
      fs.mkdirSync(path.dirname(planted), { recursive: true });
      fs.copyFileSync(express, planted);
      const project = path.join(t, 'work', 'Shop.Web');
      fs.mkdirSync(project, { recursive: true });
      fs.copyFileSync(path.join(REPO, 'test', 'cases', 'hierarchy-iis-express', 'Solution', 'Shop.Web', 'web.config'), path.join(project, 'web.config'));
      const r = run([path.join(t, 'work')]);
      assert.doesNotMatch(r.out + r.err, /Planted/, r.out + r.err);
      assert.match(r.out + r.err, /using IIS 10|no applicationHost\.config found/);
      // The twin: the folder given holds the .vs folder, so Visual Studio's file is the solution's.
      const twin = run([t]);
      assert.match(twin.out + twin.err, /using applicationHost\.config: .*Planted/);
    } finally {
      fs.rmSync(t, { recursive: true, force: true });
    }
  });
});

describe('iis-config-lint parses each file once', () => {
  it('--app-host FILE with a web.config: the applicationHost.config is parsed once (counted at the parser)', () => {
    // The parser's exports are wrapped for this test: every parse the CLI makes, by whichever module, is counted.
    const xml = require('../../server/src/syntax/xml') as Record<string, (...a: unknown[]) => unknown>;
    const { generateApplicationHost } = require('../../scripts/bench/generate') as typeof import('../../scripts/bench/generate');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-lint-parses-'));
    const appHostText = generateApplicationHost(60_000, 3);
    const appHost = path.join(dir, 'applicationHost.config');
    fs.writeFileSync(appHost, appHostText);
    // The first generated site's root folder (D:\vhosts\shop0.example.com\httpdocs) in the workspace.
    const site = path.join(dir, 'vhosts', 'shop0.example.com', 'httpdocs');
    fs.mkdirSync(site, { recursive: true });
    const webConfig = path.join(site, 'web.config');
    const webText = '<configuration>\n  <system.webServer>\n    <directoryBrowse enabled="false" />\n  </system.webServer>\n</configuration>\n';
    fs.writeFileSync(webConfig, webText);
    const counts = new Map<string, number>();
    const originals: Record<string, (...a: unknown[]) => unknown> = {};
    for (const name of ['parseXml', 'parseXmlSteps']) {
      const f = originals[name] = xml[name];
      xml[name] = function (this: unknown, ...args: unknown[]) {
        const text = args[0] as string;
        const which = text === appHostText ? 'appHost' : text === webText ? 'web' : 'other';
        counts.set(which, (counts.get(which) ?? 0) + 1);
        return f.apply(this, args);
      };
    }
    try {
      const r = run(['--app-host', appHost, webConfig]);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      assert.match(r.out, /checked 1 file/);
      assert.equal(counts.get('appHost'), 1, `parses of the applicationHost.config: ${counts.get('appHost')}`);
      assert.equal(counts.get('web'), 1, `parses of the web.config: ${counts.get('web')}`);
      // Linting the applicationHost.config itself with --app-host naming it: still one parse for the analysis.
      counts.clear();
      const alone = run([appHost]);
      assert.ok(alone.code === 0 || alone.code === 1, alone.err);
      assert.equal(counts.get('appHost'), 1);
    } finally {
      Object.assign(xml, originals);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
