/**
 * The README is the user's page (what the Marketplace shows): it opens with the two developer commands, names at most
 * five settings, and its links and images resolve; docs/CODES.md lists every diagnostic code, docs/SETTINGS.md every
 * setting.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/analysis/codes';
import { REPO } from '../helpers';
import { VERSION } from '../../server/src/version';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const codesDoc = fs.readFileSync(path.join(REPO, 'docs', 'CODES.md'), 'utf8');
const settingsDoc = fs.readFileSync(path.join(REPO, 'docs', 'SETTINGS.md'), 'utf8');

describe('README', () => {
  it('one version everywhere: package.json, the CHANGELOG\'s newest heading, the CLI and the language server', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const newest = /^## (\S+)/m.exec(fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8'))?.[1];
    assert.equal(pkg.version, VERSION);
    assert.equal(newest, VERSION);
  });

  it('docs/CODES.md lists every diagnostic code with its severity', () => {
    const missing = CODES.filter((c) => !codesDoc.includes(`| \`${c.code}\` | ${c.severity} |`)).map((c) => c.code);
    assert.deepEqual(missing, [], 'run node scripts/update-readme-codes.js');
  });

  it('docs/SETTINGS.md documents every setting declared in package.json; the README names five of them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const props = Object.keys(pkg.contributes?.configuration?.properties ?? {});
    assert.ok(props.length > 0);
    assert.deepEqual(props.filter((p) => !settingsDoc.includes(`| \`${p}\``)), []);
    const inReadme = [...readme.matchAll(/^\| `(iisConfig\.[\w.]+)` \|/gm)].map((m) => m[1]);
    assert.equal(inReadme.length, 5, inReadme.join(', '));
    assert.deepEqual(inReadme.filter((p) => !props.includes(p)), []);
  });

  it('every relative link and image of the README and docs/ names a file that exists (vsce makes them absolute)', () => {
    const bad: string[] = [];
    for (const file of ['README.md', 'CONTRIBUTING.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (!target || /^[a-z]+:/i.test(target)) continue;
        if (!fs.existsSync(path.join(REPO, path.dirname(file), target))) bad.push(`${file}: ${m[1]}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('opens with the two commands: one that sets up and runs the main job, one that runs the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.match(firstBlock, /npm ci .*iis-config-lint/);
    assert.match(firstBlock, /npm ci && npm test/);
  });
});
