/** iis-config-lint --format sarif: a SARIF 2.1.0 log a code-scanning upload accepts. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCli, CLI_VERSION } from '../../server/src/cli/lint';
import { CODES } from '../../server/src/analysis/codes';
import { REPO, offsetOf } from '../helpers';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'workspace', 'applicationHost.config');

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: Array<{
      ruleId: string; ruleIndex: number; level: string; message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
    }>;
  }>;
}

function lint(args: string[]): { code: number; log: SarifLog; stderr: string } {
  let out = '', err = '';
  const code = runCli(['--format', 'sarif', ...args], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, log: JSON.parse(out) as SarifLog, stderr: err };
}

/** The parts of the SARIF 2.1.0 schema this output uses: required properties and their types. */
function assertSarifShape(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(typeof run.tool.driver.name, 'string');
  assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind));
  for (const [id, base] of Object.entries(run.originalUriBaseIds)) assert.match(base.uri, /^file:\/\/.*\/$/, `base ${id} must be an absolute URI ending in /`);
  const ids = run.tool.driver.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const r of run.tool.driver.rules) {
    assert.ok(r.shortDescription.text.length > 0);
    assert.ok(['none', 'note', 'warning', 'error'].includes(r.defaultConfiguration.level));
  }
  for (const res of run.results) {
    assert.ok(['none', 'note', 'warning', 'error'].includes(res.level));
    assert.ok(res.message.text.length > 0);
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at the rule');
    for (const loc of res.locations) {
      const { artifactLocation: a, region: r } = loc.physicalLocation;
      assert.ok(a.uri.length > 0);
      if (a.uriBaseId) assert.ok(run.originalUriBaseIds[a.uriBaseId], `unknown uriBaseId ${a.uriBaseId}`);
      assert.ok(r.startLine >= 1 && r.startColumn >= 1 && r.endLine >= r.startLine);
      assert.ok(r.endLine > r.startLine || r.endColumn >= r.startColumn);
    }
  }
}

describe('iis-config-lint --format sarif', () => {
  it('one rule per diagnostic code, with its summary and default level', () => {
    const { log } = lint([FIXTURE]);
    assertSarifShape(log);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'iis-config-lint');
    assert.deepEqual(driver.rules.map((r) => r.id), CODES.map((c) => c.code));
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    assert.deepEqual(driver.rules.map((r) => r.defaultConfiguration.level), CODES.map((c) => level[c.severity]));
    assert.equal(driver.rules[1].shortDescription.text, CODES[1].summary);
  });

  it('the motivating case as a result: rule, level, message, relative path under SRCROOT, 1-based region', () => {
    const { code, log } = lint([path.relative(process.cwd(), FIXTURE)]);
    assert.equal(code, 0, 'warnings only: exit 0');
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const start = offsetOf(text, 'iisClientCertificateMappingAuthentication');
    const before = text.slice(0, start).split('\n');
    const line = before.length, column = before[before.length - 1].length + 1;
    assert.deepEqual(log.runs[0].results.map((r) => ({ ruleId: r.ruleId, level: r.level, location: r.locations[0].physicalLocation })), [{
      ruleId: 'ignored-at-level', level: 'warning',
      location: {
        artifactLocation: { uri: path.relative(process.cwd(), FIXTURE).split(path.sep).join('/'), uriBaseId: 'SRCROOT' },
        region: { startLine: line, startColumn: column, endLine: line, endColumn: column + 'iisClientCertificateMappingAuthentication'.length },
      },
    }]);
    assert.match(log.runs[0].results[0].message.text, /IIS reads it only at server or site level \(<location path="Site">\)/);
    assert.match((log.runs[0].results[0] as { properties?: { detail?: string } }).properties?.detail ?? '', /<location path="Site\/Sub-App">/);
    assert.equal(log.runs[0].originalUriBaseIds.SRCROOT.uri, new URL(`file://${process.cwd()}/`).toString());
  });

  it('errors give level error and exit 1; files outside the working directory get file: URIs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-sarif-'));
    try {
      const file = path.join(dir, 'web.config');
      fs.writeFileSync(file, '<configuration>\n  <system.webServer>\n</configuration>\n');
      const { code, log } = lint([dir]);
      assertSarifShape(log);
      assert.equal(code, 1);
      const res = log.runs[0].results.find((r) => r.ruleId === 'xml-syntax');
      assert.ok(res, JSON.stringify(log.runs[0].results));
      assert.equal(res.level, 'error');
      const uri = res.locations[0].physicalLocation.artifactLocation;
      if (path.relative(process.cwd(), file).startsWith('..')) {
        assert.equal(uri.uri, new URL(`file://${file}`).toString());
        assert.equal(uri.uriBaseId, undefined);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the installed command (bin/iis-config-lint, bundled when dist/ exists) writes the same log', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'iis-config-lint'), '--format', 'sarif', FIXTURE], { encoding: 'utf8', cwd: REPO });
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    assertSarifShape(log);
    assert.deepEqual(log.runs[0].results.map((x) => x.ruleId), ['ignored-at-level']);
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(CLI_VERSION, pkg.version);
    assert.equal(lint([FIXTURE]).log.runs[0].tool.driver.version, pkg.version);
  });
});
