/**
 * The rule engine against rule sets whose outcomes are documented: every
 * folder under test/rewrite holds a site (and sometimes a server) and a
 * case.json citing the documentation its requests and expected results come
 * from. Each request runs through runRewriteTest, as the CLI and the editor
 * command run it, over the case folder as the workspace. Then the engine's
 * own behaviours: undecided conditions, loops, the hop limit, providers.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../helpers';
import { runRewriteTest } from '../../server/src/analysis/rewriteTest';
import { fsReader, scanWorkspace } from '../../server/src/node/hierarchyIo';
import { EngineRule, RequestEnvironment, RuleSets, testUrl } from '../../server/src/rewrite/engine';
import { readInboundRule } from '../../server/src/rewrite/model';
import { parseXml, walkElements, XmlElement } from '../../server/src/syntax/xml';

interface ExpectedResult { readonly action: string; readonly url?: string; readonly statusCode?: number; readonly proxy?: boolean }
interface RequestCase {
  readonly url: string;
  readonly exists?: string[];
  readonly missing?: string[];
  readonly variables?: Record<string, string>;
  readonly expect: ExpectedResult;
  readonly final?: ExpectedResult;
  readonly redirects?: number;
  readonly loop?: boolean;
  readonly leaves?: boolean;
  readonly absent?: readonly string[];
  readonly rules?: ReadonlyArray<{ readonly name: string; readonly matched?: boolean; readonly conditionsMet?: boolean; readonly input?: string; readonly phase?: string }>;
}
interface EngineCase { readonly source: string; readonly description: string; readonly site: string; readonly requests: RequestCase[] }

const ROOT = path.join(REPO, 'test', 'rewrite');

function checkResult(actual: { action: string; url?: string; statusCode?: number; proxy?: boolean }, expected: ExpectedResult, what: string): void {
  assert.equal(actual.action, expected.action, `${what}: action`);
  if (expected.url !== undefined) assert.equal(actual.url, expected.url, `${what}: URL`);
  if (expected.statusCode !== undefined) assert.equal(actual.statusCode, expected.statusCode, `${what}: status`);
  if (expected.proxy !== undefined) assert.equal(!!actual.proxy, expected.proxy, `${what}: proxy`);
}

describe('rule engine: documented outcomes', () => {
  for (const name of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const c = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as EngineCase;
    describe(`${name}: ${c.description}`, () => {
      it('cites its source', () => assert.ok(/Microsoft|URL Rewrite team/.test(c.source), c.source));
      const scan = scanWorkspace([dir]);
      for (const r of c.requests) {
        it(`${r.url}${r.exists ? ` (exists ${r.exists.join(', ')})` : ''}${r.missing ? ` (missing ${r.missing.join(', ')})` : ''} → ${r.expect.action} ${r.expect.url ?? ''}`, () => {
          const result = runRewriteTest({
            url: r.url, siteFolder: path.join(dir, c.site), workspaceRoots: [dir], reader: fsReader(),
            workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders, exists: r.exists, missing: r.missing, variables: r.variables,
          });
          const t = result.trace;
          checkResult(t.result, r.expect, 'first request');
          if (r.redirects !== undefined) assert.equal(t.redirects.length, r.redirects, 'redirects followed');
          if (r.final) checkResult((t.redirects[t.redirects.length - 1] ?? t).result, r.final, 'final request');
          assert.equal(!!t.loop, !!r.loop, `loop: ${t.loop?.reason}`);
          if (r.leaves !== undefined) assert.equal(!!t.leaves, r.leaves, 'leaves the site');
          for (const name of r.absent ?? []) assert.ok(!t.rules.some((x) => x.name === name), `${name} does not apply to this URL`);
          for (const e of r.rules ?? []) {
            const rule = t.rules.find((x) => x.name === e.name);
            assert.ok(rule, `rule ${e.name} in the trace`);
            if (e.matched !== undefined) assert.equal(rule.matched, e.matched, `${e.name} matched`);
            if (e.conditionsMet !== undefined) assert.equal(rule.conditionsMet, e.conditionsMet, `${e.name} conditions`);
            if (e.input !== undefined) assert.equal(rule.input, e.input, `${e.name} input`);
            if (e.phase !== undefined) assert.equal(rule.phase, e.phase, `${e.name} phase`);
          }
        });
      }
    });
  }
});

/** Rules of a snippet, as distributed rules of the site root. */
function rulesOf(xml: string): EngineRule[] {
  const doc = parseXml(`<rules>${xml}</rules>`);
  const out: EngineRule[] = [];
  walkElements(doc, (el: XmlElement) => { if (el.name === 'rule') out.push({ rule: readInboundRule(el), phase: 'distributed', base: '/', file: 'web.config', line: 1 }); });
  return out;
}

function env(rules: EngineRule[], opts: { fileKind?: RequestEnvironment['fileKind']; providers?: string[]; hosts?: string[] } = {}): RequestEnvironment {
  const sets: RuleSets = { global: [], distributed: rules, maps: new Map(), providers: new Set(opts.providers ?? []), physicalPath: (p) => `C:\\site${p.replace(/\//g, '\\')}` };
  return { ruleSets: (u) => (!opts.hosts || opts.hosts.includes(u.hostname) ? sets : undefined), fileKind: opts.fileKind ?? (() => undefined) };
}

describe('rule engine: behaviours', () => {
  const spa = rulesOf(`<rule name="SPA" stopProcessing="true"><match url=".*" /><conditions><add input="{REQUEST_FILENAME}" matchType="IsFile" negate="true" /></conditions><action type="Rewrite" url="/index.html" /></rule>`);
  it('a condition on files that cannot be decided makes the result undecided, with the condition marked', () => {
    const t = testUrl('http://localhost/app/route', env(spa));
    assert.equal(t.result.action, 'Undecided');
    assert.equal(t.rules[0].conditions[0].result, 'undecided');
    assert.equal(t.rules[0].conditions[0].value, 'C:\\site\\app\\route');
  });
  it('decided when the environment knows the file', () => {
    assert.equal(testUrl('http://localhost/app/route', env(spa, { fileKind: () => 'missing' })).result.action, 'Rewrite');
    assert.equal(testUrl('http://localhost/app.js', env(spa, { fileKind: () => 'file' })).result.action, 'None');
  });
  it('MatchAny short-circuits; a decided true condition makes an undecided one irrelevant', () => {
    const r = rulesOf(`<rule name="Any"><match url=".*" /><conditions logicalGrouping="MatchAny"><add input="{HTTPS}" pattern="off" /><add input="{REQUEST_FILENAME}" matchType="IsFile" /></conditions><action type="Rewrite" url="x" /></rule>`);
    const t = testUrl('http://localhost/a', env(r));
    assert.equal(t.result.action, 'Rewrite');
    assert.equal(t.rules[0].conditions[1].result, 'skipped');
  });
  it('follows redirects and reports a URL seen twice as a loop', () => {
    const r = rulesOf(`<rule name="Loop"><match url="(.*)" /><action type="Redirect" url="https://{HTTP_HOST}/{R:1}" /></rule>`);
    const t = testUrl('http://localhost/a', env(r));
    assert.equal(t.redirects.length, 1);
    assert.ok(t.loop && /already requested/.test(t.loop.reason));
  });
  it('stops after 10 redirects when the URL keeps changing', () => {
    const r = rulesOf(`<rule name="Grow"><match url="(.*)" /><action type="Redirect" url="{R:1}x" redirectType="Temporary" /></rule>`);
    const t = testUrl('http://localhost/a', env(r));
    assert.equal(t.redirects.length, 10);
    assert.ok(t.loop && /after 10 redirects/.test(t.loop.reason));
    assert.equal(t.result.statusCode, 307);
  });
  it('a redirect to a host no site serves is not followed', () => {
    const r = rulesOf(`<rule name="Away"><match url="(.*)" /><action type="Redirect" url="https://elsewhere.example/{R:1}" /></rule>`);
    const t = testUrl('http://localhost/a', env(r, { hosts: ['localhost'] }));
    assert.equal(t.leaves, 'https://elsewhere.example/a');
    assert.equal(t.redirects.length, 0);
  });
  it('a pattern that backtracks too much on the URL ends undecided, quickly, in the rule or in a condition', () => {
    const t0 = Date.now();
    const r = rulesOf(`<rule name="Evil"><match url="^(a|aa)+b$" /><action type="Rewrite" url="x" /></rule>`);
    const t = testUrl(`http://localhost/${'a'.repeat(40)}`, env(r));
    assert.equal(t.result.action, 'Undecided');
    assert.equal(t.rules[0].matched, 'undecided');
    assert.match(t.result.note ?? '', /too much work/);
    const c = rulesOf(`<rule name="EvilCondition"><match url=".*" /><conditions><add input="{QUERY_STRING}" pattern="^((a+)\\2)+$" /></conditions><action type="Rewrite" url="x" /></rule>`);
    const tc = testUrl(`http://localhost/p?${'a'.repeat(41)}!`, env(c));
    assert.equal(tc.result.action, 'Undecided');
    assert.equal(tc.rules[0].conditions[0].result, 'undecided');
    assert.ok(Date.now() - t0 < 10000, `${Date.now() - t0} ms`);
    assert.equal(testUrl('http://localhost/aab', env(r)).result.action, 'Rewrite', 'the same pattern on a short URL is decided');
  });
  it('a rewrite provider cannot run offline: undecided', () => {
    const r = rulesOf(`<rule name="DB"><match url="(.*)" /><conditions><add input="{DB:{R:1}}" pattern="(.+)" /></conditions><action type="Redirect" url="{C:1}" /></rule>`);
    const t = testUrl('http://localhost/old/page', env(r, { providers: ['db'] }));
    assert.equal(t.result.action, 'Undecided');
    assert.match(t.rules[0].conditions[0].note ?? '', /provider "DB"/);
  });
  it('server variables stated for the test, and the ones a rule sets, are seen by later rules', () => {
    const r = rulesOf(`<rule name="Set"><match url=".*" /><serverVariables><set name="X_FLAG" value="{HTTP_USER_AGENT}" /></serverVariables><action type="None" /></rule><rule name="Read"><match url=".*" /><conditions><add input="{X_FLAG}" pattern="^bot$" /></conditions><action type="CustomResponse" statusCode="403" subStatusCode="1" statusReason="Bots" /></rule>`);
    const t = testUrl('http://localhost/', env(r), { variables: { HTTP_USER_AGENT: 'bot' } });
    assert.deepEqual([t.result.action, t.result.statusCode, t.result.subStatusCode, t.result.reason], ['CustomResponse', 403, 1, 'Bots']);
    assert.deepEqual(t.rules[0].serverVariables, [{ name: 'X_FLAG', value: 'bot' }]);
  });
  it('appendQueryString: kept by default (joined with &), dropped when false', () => {
    const keep = rulesOf(`<rule name="K"><match url="^a$" /><action type="Rewrite" url="b.php?x=1" /></rule>`);
    assert.equal(testUrl('http://localhost/a?y=2', env(keep)).result.url, '/b.php?x=1&y=2');
    const drop = rulesOf(`<rule name="D"><match url="^a$" /><action type="Redirect" url="b" appendQueryString="false" redirectType="SeeOther" /></rule>`);
    const t = testUrl('http://localhost/a?y=2', env(drop));
    assert.deepEqual([t.result.url, t.result.statusCode], ['/b', 303]);
  });
  it('a pattern that does not compile answers 500.52', () => {
    const r = rulesOf(`<rule name="Bad"><match url="^(a" /><action type="None" /></rule>`);
    const t = testUrl('http://localhost/a', env(r));
    assert.deepEqual([t.result.action, t.result.statusCode, t.result.subStatusCode], ['Error', 500, 52]);
  });
  it('disabled rules are skipped; stopProcessing ends the rule set', () => {
    const r = rulesOf(`<rule name="Off" enabled="false"><match url=".*" /><action type="AbortRequest" /></rule><rule name="Stop" stopProcessing="true"><match url=".*" /><action type="None" /></rule><rule name="Never"><match url=".*" /><action type="AbortRequest" /></rule>`);
    const t = testUrl('http://localhost/a', env(r));
    assert.equal(t.result.action, 'None');
    assert.deepEqual(t.rules.map((x) => [x.name, x.matched]), [['Off', 'disabled'], ['Stop', true]]);
  });
});
