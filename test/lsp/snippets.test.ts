/**
 * Snippet quick fixes over stdio: a required attribute whose value the user must type reaches a client as a
 * snippet (our command for the VS Code extension, an LSP 3.18 SnippetTextEdit for clients that declare it), and
 * never as plain text that leaves a value the schema rejects; a value the schema accepts stays a plain edit.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest, CodeAction, Command } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, defaultCapabilities } from './client';
import { REPO, offsetOf } from '../helpers';

const text = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Default" />
  </connectionStrings>
  <system.webServer>
    <staticContent>
      <mimeMap fileExtension=".avif" />
    </staticContent>
  </system.webServer>
</configuration>
`;
const uri = pathToFileURL(path.join(REPO, 'test', 'fixtures', 'snippets', 'web.config')).toString();
const doc = TextDocument.create(uri, 'xml', 1, text);

async function actionsAt(capabilities: Record<string, unknown>, at: string): Promise<CodeAction[]> {
  const client = new TestClient();
  try {
    await client.initialize(capabilities);
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const pos = doc.positionAt(offsetOf(text, at) + 1);
    const r = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } });
    return (r ?? []) as CodeAction[];
  } finally {
    await client.stop();
  }
}

function withCaps(extra: (caps: Record<string, Record<string, unknown>>) => void): Record<string, unknown> {
  const caps = defaultCapabilities() as Record<string, Record<string, unknown>>;
  extra(caps);
  return caps;
}

describe('snippet quick fixes over stdio', () => {
  const mimeTitle = "Add the required attribute 'mimeType'";
  const connTitle = "Add the required attribute 'connectionString'";

  it('a plain LSP 3.17 client: no fix that would write an empty mimeType; the accepted empty connectionString is a plain edit', async () => {
    const mime = await actionsAt(defaultCapabilities(), 'mimeMap');
    assert.deepEqual(mime.map((a) => a.title).filter((t) => t.startsWith('Add')), []);
    assert.ok(mime.some((a) => a.title.startsWith('Disable')), 'the disable fix is still there');
    const conn = (await actionsAt(defaultCapabilities(), '<add name')).find((a) => a.title === connTitle);
    assert.ok(conn?.edit?.changes?.[uri], 'plain workspace edit');
    assert.equal(conn.edit.changes[uri][0].newText, ' connectionString=""');
    assert.equal(conn.command, undefined);
  });

  it('the VS Code extension (experimental.iisConfig.insertSnippetCommand): the fix runs iisConfig.insertSnippet with the cursor in the quotes', async () => {
    const caps = withCaps((c) => { c.experimental = { iisConfig: { insertSnippetCommand: true } }; });
    const mime = (await actionsAt(caps, 'mimeMap')).find((a) => a.title === mimeTitle);
    assert.ok(mime, 'offered');
    assert.equal(mime.edit, undefined);
    assert.equal(mime.command?.command, 'iisConfig.insertSnippet');
    const at = doc.positionAt(offsetOf(text, 'mimeMap') + 'mimeMap'.length);
    assert.deepEqual(mime.command?.arguments, [{ uri, version: 1, range: { start: at, end: at }, snippet: ' mimeType="$1"' }]);
  });

  it('an LSP 3.18 client (workspace.workspaceEdit.snippetEditSupport): a SnippetTextEdit in documentChanges', async () => {
    const caps = withCaps((c) => { c.workspace = { ...c.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } }; });
    const mime = (await actionsAt(caps, 'mimeMap')).find((a) => a.title === mimeTitle);
    assert.ok(mime?.edit?.documentChanges, 'documentChanges');
    const at = doc.positionAt(offsetOf(text, 'mimeMap') + 'mimeMap'.length);
    assert.deepEqual(mime.edit.documentChanges, [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: at, end: at }, snippet: { kind: 'snippet', value: ' mimeType="$1"' } }] }]);
  });
});
