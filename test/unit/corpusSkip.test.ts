/** Without ../shared/corpus the corpus check is counted as skipped in the run's summary (not silently left out). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO } from '../helpers';

describe('corpus check without the corpus', () => {
  it('counts as one skipped test, with the reason', () => {
    const r = spawnSync(process.execPath, ['--test', path.join(REPO, 'out', 'test', 'unit', 'corpus.test.js')], {
      // A fresh runner (not a child reporting to this one), with the shared folder somewhere that does not exist.
      encoding: 'utf8', env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), IIS_CONFIG_SHARED: path.join(REPO, 'no-such-shared-folder') },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^# skipped 1$/m);
    assert.match(r.stdout, /# SKIP no corpus at .*no-such-shared-folder/);
  });
});
