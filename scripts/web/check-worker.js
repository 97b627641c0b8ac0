#!/usr/bin/env node
// The web build's server in a real Web Worker (the path vscode.dev and github.dev take), against the desktop server:
// headless Chromium loads dist/web/server.js with `new Worker()` from a page served on 127.0.0.1, the page only relays
// messages, and this script speaks LSP to both servers with the same session over the fixture workspace
// (test/fixtures/workspace): the worker gets the files as the web client sends them (iisConfig/workspaceFiles, URIs
// of a virtual file system), the desktop server reads them from the disk. Diagnostics, hover, completion, quick fixes,
// inlay hints and the outline must be equal (URIs compared relative to the workspace). It also reports the time from
// `new Worker()` to the first diagnostics (the benchmark report quotes it: scripts/bench/web.js).
//
// usage: NODE_PATH=$CODE_SERVER_HOME/node_modules node scripts/web/check-worker.js [--json]   (needs npm run compile)
// exit: 0 equal, 1 a difference, 2 could not run
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { pathToFileURL } = require('url');
const P = require('vscode-languageserver-protocol/node');

const ROOT = path.join(__dirname, '..', '..');
const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const WEB_ROOT = 'vscode-vfs://github/contoso/workspace';
const FILE_ROOT = pathToFileURL(WORKSPACE).toString();
const JSON_OUT = process.argv.includes('--json');
const log = (...a) => { if (!JSON_OUT) console.log(...a); };

class FnReader extends P.AbstractMessageReader {
  listen(cb) { this.cb = cb; return { dispose: () => { this.cb = undefined; } }; }
  push(m) { this.cb?.(m); }
}
class FnWriter extends P.AbstractMessageWriter {
  constructor(send) { super(); this.send = send; }
  write(m) { this.send(m); return Promise.resolve(); }
  end() {}
}

function workspaceFiles(root) {
  const out = [];
  (function walk(dir, rel) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else if (/^(web|applicationhost)\.config$/i.test(e.name)) out.push({ rel: `${rel}/${e.name}`, uri: `${root}${rel}/${e.name}`, text: fs.readFileSync(path.join(dir, e.name), 'utf8') });
    }
  })(WORKSPACE, '');
  return out;
}

/** The same LSP session against a server; returns what it answered, with URIs relative to the workspace. */
async function session(connection, root, { sendFiles, pathRoot }) {
  const diagnostics = new Map();
  let firstDiagnostics;
  const waiters = [];
  connection.onNotification(P.PublishDiagnosticsNotification.type, (p) => {
    firstDiagnostics ??= Date.now();
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  connection.onRequest(P.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  connection.onRequest(P.RegistrationRequest.type, () => undefined);
  connection.listen();
  const caps = {
    workspace: { configuration: true, workspaceFolders: true },
    textDocument: {
      publishDiagnostics: { relatedInformation: true },
      hover: { contentFormat: ['markdown'] },
      completion: { completionItem: { snippetSupport: true } },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      inlayHint: {},
    },
  };
  await connection.sendRequest(P.InitializeRequest.type, {
    processId: null, rootUri: root, capabilities: caps, workspaceFolders: [{ uri: root, name: 'workspace' }],
    initializationOptions: sendFiles ? { workspaceFiles: true } : {},
  });
  await connection.sendNotification(P.InitializedNotification.type, {});
  const files = workspaceFiles(root);
  const docs = files.map((f) => ({ ...f, lines: f.text.split('\n') }));
  for (const d of docs) await connection.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: d.uri, languageId: 'xml', version: 1, text: d.text } });
  if (sendFiles) await connection.sendNotification('iisConfig/workspaceFiles', { changed: files.map(({ uri, text }) => ({ uri, text })), initial: true });
  const deadline = Date.now() + 20000;
  while (!docs.every((d) => diagnostics.has(d.uri))) {
    if (Date.now() > deadline) throw new Error(`no diagnostics for ${docs.filter((d) => !diagnostics.has(d.uri)).map((d) => d.rel)}`);
    await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
  }
  await new Promise((r) => setTimeout(r, 500)); // a re-validation after the files arrived, if any
  const at = (d, needle, shift = 0) => {
    const line = d.lines.findIndex((l) => l.includes(needle));
    return { line, character: d.lines[line].indexOf(needle) + shift };
  };
  // URIs, and file names in text (the web server names a file by its URI's path, the desktop one by its disk path).
  const rel = (v) => JSON.parse(JSON.stringify(v).split(root).join('<workspace>').split(JSON.stringify(pathRoot).slice(1, -1)).join('<workspace>'));
  const out = {};
  for (const d of docs) {
    const uri = d.uri, textDocument = { uri };
    const diags = diagnostics.get(uri);
    const r = { diagnostics: diags };
    if (d.text.includes('iisClientCertificateMappingAuthentication')) r.hover = await connection.sendRequest(P.HoverRequest.type, { textDocument, position: at(d, 'iisClientCertificateMappingAuthentication', 3) });
    if (d.text.includes('sslFlags="')) r.completion = await connection.sendRequest(P.CompletionRequest.type, { textDocument, position: at(d, 'sslFlags="', 'sslFlags="'.length) });
    r.codeActions = [];
    for (const diag of diags) r.codeActions.push(await connection.sendRequest(P.CodeActionRequest.type, { textDocument, range: diag.range, context: { diagnostics: [diag] } }));
    r.inlayHints = await connection.sendRequest(P.InlayHintRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: d.lines.length, character: 0 } } });
    r.symbols = await connection.sendRequest(P.DocumentSymbolRequest.type, { textDocument });
    out[d.rel] = rel(r);
  }
  return { results: out, firstDiagnostics };
}

function serve() {
  const page = `<!doctype html><meta charset="utf-8"><title>worker check</title><script>
    let worker;
    window.startWorker = () => { window.t0 = performance.now(); worker = new Worker('/dist/web/server.js'); worker.onmessage = (e) => window.fromWorker(e.data);
      worker.onerror = (e) => window.fromWorker({ workerError: e.message || 'error' }); return true; };
    window.toWorker = (m) => worker.postMessage(m);
  </script>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page); return; }
    if (url.pathname === '/dist/web/server.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); fs.createReadStream(path.join(ROOT, 'dist', 'web', 'server.js')).pipe(res); return; }
    res.writeHead(404); res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'server.js'))) { console.error('no dist/web/server.js: npm run compile first'); process.exit(2); }
  let launch;
  try { ({ launch } = require(path.join(ROOT, 'scripts', 'vscode', 'browser.js'))); } catch (e) { console.error(`playwright-core not found (NODE_PATH): ${e.message}`); process.exit(2); }
  const server = await serve();
  const browser = await launch();
  try {
    // The worker, through the page.
    const reader = new FnReader();
    const workerErrors = [];
    await browser.page.exposeFunction('fromWorker', (m) => { if (m && m.workerError) workerErrors.push(m.workerError); else reader.push(m); });
    await browser.page.goto(`http://127.0.0.1:${server.address().port}/`);
    const t0 = Date.now();
    await browser.page.evaluate(() => window.startWorker());
    const web = P.createProtocolConnection(reader, new FnWriter((m) => void browser.page.evaluate((msg) => window.toWorker(msg), m)));
    const w = await session(web, WEB_ROOT, { sendFiles: true, pathRoot: '/contoso/workspace' });
    if (workerErrors.length) throw new Error(`worker errors: ${workerErrors.join('; ')}`);
    log(`web worker: first diagnostics ${w.firstDiagnostics - t0} ms after new Worker() (page served from 127.0.0.1, cold)`);
    // The desktop server, over stdio.
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'iis-config-language-server'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, IIS_CONFIG_DEBOUNCE_MS: '20' } });
    const desktop = P.createProtocolConnection(new P.StreamMessageReader(proc.stdout), new P.StreamMessageWriter(proc.stdin));
    const d = await session(desktop, FILE_ROOT, { sendFiles: false, pathRoot: WORKSPACE });
    proc.kill();
    const differences = [];
    for (const file of Object.keys(d.results)) {
      for (const feature of Object.keys(d.results[file])) {
        const a = JSON.stringify(w.results[file]?.[feature]), b = JSON.stringify(d.results[file][feature]);
        if (a !== b) {
          let i = 0;
          while (i < a.length && a[i] === b[i]) i++;
          differences.push(`${file} ${feature}, from character ${i}:\n  web:     …${a?.slice(Math.max(0, i - 80), i + 200)}\n  desktop: …${b.slice(Math.max(0, i - 80), i + 200)}`);
        }
        else log(`equal: ${file} ${feature} (${(Array.isArray(d.results[file][feature]) ? d.results[file][feature].length : 1)} item(s))`);
      }
    }
    const counts = Object.values(d.results).map((r) => r.diagnostics.length).reduce((x, y) => x + y, 0);
    if (counts === 0) differences.push('the desktop server reported no diagnostics at all: the comparison proves nothing');
    if (JSON_OUT) console.log(JSON.stringify({ firstDiagnosticsMs: w.firstDiagnostics - t0, differences: differences.length }));
    if (differences.length) { console.error(`web worker differs from the desktop server:\n${differences.join('\n')}`); process.exitCode = 1; }
    else log(`RESULT PASS: the web worker server answers as the desktop server (${Object.keys(d.results).length} files, ${counts} diagnostics)`);
  } finally {
    await browser.close();
    server.close();
  }
})().catch((e) => { console.error('error:', e.stack || e.message); process.exit(2); });
