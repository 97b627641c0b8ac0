/** The README documents every diagnostic code and every setting the extension declares. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/analysis/codes';
import { REPO } from '../helpers';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

describe('README', () => {
  it('lists every diagnostic code with its severity', () => {
    const missing = CODES.filter((c) => !readme.includes(`| \`${c.code}\` | ${c.severity} |`)).map((c) => c.code);
    assert.deepEqual(missing, [], 'run node scripts/update-readme-codes.js');
  });

  it('documents every setting declared in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const props = Object.keys(pkg.contributes?.configuration?.properties ?? {});
    assert.ok(props.length > 0);
    assert.deepEqual(props.filter((p) => !readme.includes(`\`${p}\``)), []);
  });

  it('opens with the two commands: one that sets up and runs the main job, one that runs the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.match(firstBlock, /npm ci .*iis-config-lint/);
    assert.match(firstBlock, /npm ci && npm test/);
  });
});
