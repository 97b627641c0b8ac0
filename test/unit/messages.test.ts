/**
 * The house style of messages (server/src/analysis/messages.ts), checked over
 * every code: every diagnostic the data-driven cases, the real-world corpus
 * (when ../shared/corpus is present) and the certificate and size-limit
 * fixtures below produce has a message of one sentence, under 160
 * characters, with no absolute path (in the message or its detail), and every
 * code of codes.ts is seen at least once — so a new code cannot skip the check.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/analysis/codes';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { messageStyleProblems } from '../../server/src/analysis/messages';
import { createCliHierarchy } from '../../server/src/cli/hierarchy';
import type { Diagnostic } from '../../server/src/analysis/types';
import { SHARED, analyze, caseHierarchy, diagnosticStyleProblems, hasShared, loadCases } from '../helpers';
import { NOW, appHostWithMappings, testCertificates } from '../certs';

function caseDiagnostics(): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const group of loadCases()) {
    for (const c of group.cases) {
      const text = fs.readFileSync(path.join(group.dir, c.file), 'utf8');
      out.push(...analyze(text, path.join(group.dir, c.file), { ...c.context, ...caseHierarchy(group.dir, c) }).diagnostics);
    }
  }
  return out;
}

function corpusDiagnostics(): Diagnostic[] {
  if (!hasShared) return [];
  const out: Diagnostic[] = [];
  for (const sub of ['webconfig', 'applicationhost']) {
    const dir = path.join(SHARED, 'corpus', sub);
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      const { context } = createCliHierarchy({ paths: [dir], cwd: dir }).contextFor(file);
      out.push(...analyzeDocument(fs.readFileSync(file, 'utf8'), { ...context, fileName: file }).diagnostics);
    }
  }
  return out;
}

/** Codes no case file reaches: certificates with dates made at test time, and the size limit. */
function fixtureDiagnostics(): Diagnostic[] {
  const certs = testCertificates();
  const adds = [certs.expired, certs.notYetValid, certs.serverOnly].map((c) => `              <add userName="u" certificate="${c.base64}" />`).join('\n');
  const text = appHostWithMappings(adds);
  return [
    ...analyzeDocument(text, { fileName: 'applicationHost.config', now: NOW }).diagnostics,
    ...analyzeDocument(text, { fileName: 'applicationHost.config', maxFileSize: 100 }).diagnostics,
  ];
}

describe('message style', () => {
  const all = [...caseDiagnostics(), ...corpusDiagnostics(), ...fixtureDiagnostics()];

  it('every code is seen at least once', () => {
    const seen = new Set(all.map((d) => d.code));
    assert.deepEqual(CODES.map((c) => c.code).filter((c) => !seen.has(c)), []);
  });

  it('every message is one sentence under 160 characters, with no absolute path in it or in its detail', () => {
    assert.deepEqual(all.flatMap(diagnosticStyleProblems), []);
  });

  it('the check catches what it must and leaves the house style alone', () => {
    assert.deepEqual(messageStyleProblems('<httpErrors> is locked by default; unlock it in applicationHost.config.'), []);
    assert.deepEqual(messageStyleProblems('No site named "Shpo" is defined; did you mean "Shop"?'), []);
    assert.deepEqual(messageStyleProblems('Invalid value for \'x\': "a. B" is not allowed.'), [], 'punctuation inside quotes is the value\'s');
    assert.ok(messageStyleProblems('It is locked. Unlock it.').some((p) => p.includes('more than one sentence')));
    assert.ok(messageStyleProblems('x'.repeat(160) + '.').some((p) => p.includes('161 characters')));
    assert.ok(messageStyleProblems('Declared in C:\\inetpub\\web.config.').some((p) => p.includes('Windows absolute path')));
    assert.ok(messageStyleProblems('Declared in /srv/x/web.config.', ['/srv/x']).some((p) => p.includes('absolute path')));
    assert.ok(messageStyleProblems('Put <remove name="…" /> before it.').some((p) => p.includes('unfilled')));
    assert.ok(messageStyleProblems('No period at the end').some((p) => p.includes('does not end')));
  });
});
