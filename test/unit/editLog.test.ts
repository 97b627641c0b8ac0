/** The edit log that lets the server answer a hover from the last analysis while a new one is pending. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { EditLog, MappedLineIndex } from '../../server/src/lsp/editLog';
import { LineIndex } from '../../server/src/syntax/lineIndex';

function apply(log: EditLog, doc: TextDocument, version: number, changes: TextDocumentContentChangeEvent[]): TextDocument {
  return log.update(doc, changes, version, (d, c, v) => TextDocument.update(d, c, v));
}

describe('edit log', () => {
  const original = 'line one\n<configuration>\n  <location path="A">\n</configuration>\n';

  it('maps offsets of the current text back to the analysed text and forth, through several edits', () => {
    const log = new EditLog();
    let doc = TextDocument.create('file:///x/web.config', 'xml', 1, original);
    // v2: insert a line at the top; v3: replace "one" by "1" (two edits in one change event list).
    doc = apply(log, doc, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'new first line\n' }]);
    doc = apply(log, doc, 3, [
      { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } }, text: '1' },
      { range: { start: { line: 3, character: 18 }, end: { line: 3, character: 19 } }, text: 'Site' },
    ]);
    const now = doc.getText();
    assert.equal(now, 'new first line\nline 1\n<configuration>\n  <location path="Site">\n</configuration>\n');
    const map = log.mapper(doc.uri, 1)!;
    const oldAt = original.indexOf('<configuration>');
    assert.equal(map.toOld(now.indexOf('<configuration>')), oldAt);
    assert.equal(map.toNew(oldAt), now.indexOf('<configuration>'));
    assert.equal(map.toOld(now.indexOf('</configuration>')), original.indexOf('</configuration>'));
    // Inside text typed since: no mapping (the caller analyses the current text instead).
    assert.equal(map.toOld(now.indexOf('first')), undefined);
    assert.equal(map.toOld(now.indexOf('Site') + 1), undefined);
    // The line index converts current positions to analysed offsets and back.
    const index = new MappedLineIndex(doc, map);
    const pos = doc.positionAt(now.indexOf('location'));
    assert.equal(index.offsetAt(pos), original.indexOf('location'));
    assert.deepEqual(index.positionAt(original.indexOf('location')), pos);
    assert.equal(index.lineCount, 6);
    assert.ok(index instanceof LineIndex);
  });

  it('forgets edits covered by a newer analysis, and cannot map across a full-text change', () => {
    const log = new EditLog();
    let doc = TextDocument.create('file:///x/web.config', 'xml', 1, original);
    doc = apply(log, doc, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    log.analysed(doc.uri, 2);
    doc = apply(log, doc, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y' }]);
    assert.equal(log.mapper(doc.uri, 2)!.toOld(5), 4);
    doc = apply(log, doc, 4, [{ text: 'whole new text' }]);
    assert.equal(log.mapper(doc.uri, 2), undefined);
    assert.equal(doc.getText(), 'whole new text');
    log.forget(doc.uri);
    assert.equal(log.mapper(doc.uri, 4)!.toOld(3), 3);
  });
});
