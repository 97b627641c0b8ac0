/** Schema-driven completion, hover and diagnostics from the real server over stdio, and run-time schema folders (iisConfig.schemaPaths). */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CompletionRequest, CompletionList, HoverRequest, Hover, MarkupContent, DidChangeConfigurationNotification, InsertTextFormat, TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, defaultCapabilities } from './client';
import { REPO, offsetOf } from '../helpers';

const WEB = `<?xml version="1.0"?>
<configuration>
  <system.webServer>
    <httpErrors errorMode="Custom">
      <error statusCode="404" path="/404.html" />
    </httpErrors>
    <directoryBrowse enabled="yes" />
  </system.webServer>
</configuration>
`;

// A schema file written for this test (our own, not Microsoft's): adds <hsts> to each site, as newer IIS 10 builds have.
const EXTRA_SCHEMA = `<configSchema>
  <sectionSchema name="system.applicationHost/sites">
    <collection addElement="site">
      <element name="hsts">
        <attribute name="enabled" type="bool" defaultValue="false" />
        <attribute name="max-age" type="uint" defaultValue="0" />
      </element>
    </collection>
  </sectionSchema>
</configSchema>
`;

const APPHOST = `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Shop" id="1">
        <hsts enabled="true" max-age="31536000" />
      </site>
    </sites>
  </system.applicationHost>
</configuration>
`;

describe('schema features over stdio', () => {
  let client: TestClient;
  const dir = path.join(REPO, 'test', 'cases', 'invalid-value', 'lsp');
  const uri = pathToFileURL(path.join(dir, 'web.config')).toString();
  const doc = TextDocument.create(uri, 'xml', 1, WEB);
  let schemaDir: string;

  before(async () => {
    schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-schema-'));
    fs.writeFileSync(path.join(schemaDir, 'hsts_schema.xml'), EXTRA_SCHEMA);
    client = new TestClient();
    const caps = defaultCapabilities() as { textDocument: Record<string, unknown> };
    caps.textDocument.completion = { completionItem: { snippetSupport: true } };
    const init = await client.initialize(caps) as { capabilities: { completionProvider?: { triggerCharacters?: string[] } } };
    assert.ok(init.capabilities.completionProvider, 'completionProvider');
    assert.ok(init.capabilities.completionProvider.triggerCharacters?.includes('<'));
    await client.open(uri, WEB);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(schemaDir, { recursive: true, force: true });
  });

  it('publishes schema diagnostics (invalid-value) with the code', async () => {
    const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    const d = p.diagnostics.find((x) => x.code === 'invalid-value');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range.start, doc.positionAt(offsetOf(WEB, 'yes')));
  });

  it('textDocument/completion: the children valid in <httpErrors>, as snippets with the required attributes', async () => {
    const position = doc.positionAt(offsetOf(WEB, '<error') + 1);
    const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['error', 'remove', 'clear']);
    const error = list.items[0];
    assert.equal(error.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((error.textEdit as TextEdit).newText, 'error statusCode="$1" path="$2"');
    assert.deepEqual((error.textEdit as TextEdit).range, { start: position, end: doc.positionAt(offsetOf(WEB, '<error') + 6) });
  });

  it('textDocument/completion: enum values inside an attribute value', async () => {
    const position = doc.positionAt(offsetOf(WEB, 'Custom'));
    const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['DetailedLocalOnly', 'Custom', 'Detailed']);
  });

  it('textDocument/hover: an attribute with its type, default and allowed values', async () => {
    const position = doc.positionAt(offsetOf(WEB, 'errorMode') + 2);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }) as Hover;
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /\*\*`errorMode`\*\* — attribute of `<httpErrors>`/);
    assert.match(md, /\*\*Default:\*\* `DetailedLocalOnly`/);
    assert.match(md, /\*\*Values:\*\*\n\n- `DetailedLocalOnly` \(0\) — .*\n- `Custom` \(1\)/);
    assert.deepEqual(h.range, { start: doc.positionAt(offsetOf(WEB, 'errorMode')), end: doc.positionAt(offsetOf(WEB, 'errorMode') + 9) });
  });

  it('iisConfig.schemaPaths: a schema folder from the settings extends the bundled schema', async () => {
    const appUri = pathToFileURL(path.join(dir, 'applicationHost.config')).toString();
    await client.open(appUri, APPHOST);
    const before = await client.waitForDiagnostics(appUri);
    assert.ok(before.diagnostics.some((d) => d.code === 'unknown-element'), `bundled schema has no <hsts>: ${JSON.stringify(before.diagnostics)}`);
    client.settings = { schemaPaths: [schemaDir] };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const after = await client.waitForDiagnostics(appUri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-element'));
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'unknown-attribute'), []);
  });
});
