/** Glob patterns of iisConfig.fileAssociations (util/glob.ts). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { matchesGlob } from '../../server/src/util/glob';

describe('matchesGlob', () => {
  it('a pattern without a separator matches the file name, case-insensitively', () => {
    assert.ok(matchesGlob('web.*.config', '/repo/site/Web.Vsts.config'));
    assert.ok(matchesGlob('*.template.config', 'C:\\repo\\web.template.config'));
    assert.ok(!matchesGlob('web.*.config', '/repo/site/web.config'), '* needs its dot-separated part');
    assert.ok(!matchesGlob('release.config', '/repo/site/prerelease.config'));
  });

  it('a pattern with a separator matches the path relative to the workspace folder, ** any folders', () => {
    assert.ok(matchesGlob('**/deploy/release.config', '/repo/a/b/deploy/release.config', '/repo'));
    assert.ok(matchesGlob('deploy/*.config', '/repo/deploy/x.config', '/repo'));
    assert.ok(!matchesGlob('deploy/*.config', '/repo/deploy/sub/x.config', '/repo'), '* stops at a separator');
    assert.ok(matchesGlob('{site,app}/web.*.config', '/repo/app/web.qa.config', '/repo'));
    assert.ok(!matchesGlob('{site,app}/web.*.config', '/repo/other/web.qa.config', '/repo'));
  });
});
