/** Fix all in file over stdio: the source.fixAll kind (editor.codeActionsOnSave) and the per-code quick fix. */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest, CodeAction, CodeActionKind, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, defaultCapabilities } from './client';
import { REPO } from '../helpers';

const file = path.join(REPO, 'test', 'cases', 'fix-all', 'web.config');
const text = fs.readFileSync(file, 'utf8');
const uri = pathToFileURL(file).toString();

describe('fix all over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    const init = await client.initialize(defaultCapabilities()) as { capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } };
    assert.deepEqual(init.capabilities.codeActionProvider?.codeActionKinds, [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll]);
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 5);
  });
  after(async () => { await client.stop(); });

  const apply = (edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, text), edits);

  it('source.fixAll answers one action that fixes every batchable diagnostic', async () => {
    const doc = TextDocument.create(uri, 'xml', 1, text);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
    }) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, CodeActionKind.SourceFixAll);
    const fixed = apply(actions[0].edit!.changes![uri]);
    assert.match(fixed, /enabled="true" showFlags="Date, Time"/);
    assert.match(fixed, /existingResponse="Replace"/);
    assert.equal((fixed.match(/mimeType=/g) ?? []).length, 2);
  });

  it('the quick fixes of a diagnostic include "Fix all" for its code', async () => {
    const doc = TextDocument.create(uri, 'xml', 1, text);
    const at = doc.positionAt(text.indexOf('Replac'));
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] },
    }) as CodeAction[];
    const all = actions.find((a) => a.title === 'Fix all invalid-value problems in this file (3)');
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    assert.equal(all.kind, CodeActionKind.QuickFix);
    assert.match(apply(all.edit!.changes![uri]), /enabled="true"/);
  });
});
