/**
 * A rule that throws (in check or in its fixes) is reported through
 * onRuleError once per analysis and takes nothing else down: every other
 * rule still reports, and the other quick fixes are still offered.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, getCodeActions, analysisSteps } from '../../server/src/analysis/analyze';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { describeError } from '../../server/src/util/errors';
import { REPO, offsetOf } from '../helpers';

const scenario = fs.readFileSync(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'scenario-bad.config'), 'utf8');

const throwing: Rule = {
  id: 'test-throws',
  codes: ['test-throws'],
  check(ctx) {
    ctx.report({ code: 'test-throws', start: 0, end: 1, message: 'reported before the failure' });
    throw new TypeError(`boom on ${ctx.text.slice(0, 20)}`);
  },
  fixes() { throw new Error('fix failed'); },
};

describe('a failing rule', () => {
  it('is reported once and the other rules still run (before and after it)', () => {
    const failures: Array<[string, unknown]> = [];
    const onRuleError = (rule: string, e: unknown) => failures.push([rule, e]);
    const expected = analyzeDocument(scenario, { fileName: 'applicationHost.config' }).diagnostics.map((d) => `${d.code}@${d.start}`);
    assert.ok(expected.includes(`ignored-at-level@${offsetOf(scenario, 'iisClientCertificateMappingAuthentication')}`));
    const rules = [RULES[0], throwing, ...RULES.slice(1)];
    const a = analyzeDocument(scenario, { fileName: 'applicationHost.config', rules, onRuleError });
    assert.deepEqual(failures.map(([r]) => r), ['test-throws']);
    assert.ok(failures[0][1] instanceof TypeError);
    // What the failing rule reported before it threw is kept; everything else is as without it.
    assert.deepEqual(a.diagnostics.map((d) => `${d.code}@${d.start}`).filter((k) => k !== 'test-throws@0'), expected);
  });

  it('a failing fix is reported and the other fixes are still offered', () => {
    const failures: string[] = [];
    const a = analyzeDocument(scenario, { fileName: 'applicationHost.config', rules: [throwing, ...RULES], onRuleError: (r) => failures.push(r) });
    failures.length = 0;
    const at = offsetOf(scenario, 'iisClientCertificateMappingAuthentication');
    const actions = getCodeActions(a, 0, at + 5);
    assert.deepEqual(failures, ['test-throws']);
    assert.ok(actions.some((x) => x.title.startsWith('Move <iisClientCertificateMappingAuthentication>')), actions.map((x) => x.title).join(' | '));
  });

  it('is described for logs by type and stack only, never by its message', () => {
    const d = describeError(new TypeError('password="hunter2" is wrong'));
    assert.match(d, /^TypeError \(message withheld: it may contain configuration values\)\n {4}at /);
    assert.ok(!d.includes('hunter2'));
    assert.equal(describeError('a string with a secret'), 'non-Error value of type string (message withheld: it may contain configuration values)');
  });

  it('the stepwise analysis gives exactly the result of analyzeDocument', () => {
    const big = scenario.replace('</configuration>', `${'<!-- padding -->\n'.repeat(40000)}</configuration>`);
    const steps = analysisSteps(big, { fileName: 'applicationHost.config' });
    let pauses = 0;
    let r = steps.next();
    while (!r.done) { pauses++; r = steps.next(); }
    // Parse chunks, each document-wide rule, and every few thousand elements of the per-element checks.
    assert.ok(pauses > RULES.filter((r) => r.check).length, `paused ${pauses} times`);
    const whole = analyzeDocument(big, { fileName: 'applicationHost.config' });
    assert.deepEqual(r.value.diagnostics, whole.diagnostics);
  });
});
