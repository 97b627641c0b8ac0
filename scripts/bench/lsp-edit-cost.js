// Usage: npm run compile && node scripts/bench/lsp-edit-cost.js BYTES mid|sites EDITS (ROOT=another checkout measures that one).
// Over the stdio server (test/lsp/client.ts), debounce 0: didChange (a space typed or deleted at a line start, after
// two warm-up edits) -> publishDiagnostics of that version; p50 / p95 / min wall time, and the server's last analyses.
const root = process.env.ROOT || require('path').resolve(__dirname, '..', '..');
const { TestClient } = require(root + '/out/test/lsp/client.js');
const { generateApplicationHost } = require(root + '/out/scripts/bench/generate.js');
const { LineIndex } = require(root + '/out/server/src/syntax/lineIndex.js');
const { DidChangeTextDocumentNotification, LogMessageNotification } = require(root + '/node_modules/vscode-languageserver-protocol');
const path = require('path'); const { pathToFileURL } = require('url');
(async () => {
  const size = Number(process.argv[2] || 10_000_000), kind = process.argv[3] || 'mid', N = Number(process.argv[4] || 30);
  const text = generateApplicationHost(size, 1);
  const env = { IIS_CONFIG_DEBOUNCE_MS: '0', IIS_CONFIG_TRACE_ANALYSES: '1' };

  const client = new TestClient(env);
  const logs = [];
  client.connection.onNotification(LogMessageNotification.type, (m) => { if (/analysed version/.test(m.message)) logs.push(m.message); });
  await client.initialize(undefined, null);
  const uri = pathToFileURL('/tmp/lsp-edit-cost/applicationHost.config').toString();
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 600000);
  let at;
  if (kind === 'mid') { const nl = text.indexOf('\n', text.length >> 1); at = nl + 1; }
  else if (kind === 'sites') { const s = text.indexOf('<sites>'), e = text.indexOf('</sites>'); at = text.indexOf('\n', (s + e) >> 1) + 1; }
  const pos = new LineIndex(text).positionAt(at);
  let version = 1, inserted = false; const ms = [];
  for (let i = 0; i < N + 2; i++) {
    version++;
    const change = inserted ? { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' } : { range: { start: pos, end: pos }, text: ' ' };
    inserted = !inserted;
    const t = performance.now();
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await client.waitForDiagnostics(uri, (p) => p.version === version, 600000);
    if (i >= 2) ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(0);
  console.log(size, kind, 'edit->diagnostics p50', q(0.5), 'p95', q(0.95), 'min', ms[0].toFixed(0));
  console.log(logs.slice(-4).join('\n'));
  await client.stop();
  process.exit(0);
})();
