#!/usr/bin/env node
// The web build in the benchmark report (docs/PERFORMANCE.md, "The web build"): the size of its bundles and of the
// .vsix, and the time to first diagnostics of one document, from starting the server to the first publishDiagnostics,
// for the three ways the server runs:
//   - desktop: bin/iis-config-language-server --stdio spawned by Node (what VS Code's desktop client does, over IPC);
//   - web worker: dist/web/server.js in a Web Worker in headless Chromium, timed inside the page (vscode.dev);
//   - in the extension host: dist/web/server.js evaluated in this Node process over a MessageChannel (code-server).
// Each run: start, initialize, initialized, the file as the web client sends it (iisConfig/workspaceFiles) or as the
// desktop server reads it, didOpen, first diagnostics. Files: the fixture applicationHost.config (2 KB) and a generated
// hosting applicationHost.config (1 MB, scripts/bench/generate.ts). Medians of RUNS runs; no assertion on time.
//
// usage: npm run bench:web        (NODE_PATH must reach playwright-core: install-code-server.sh's node_modules)
//        node scripts/bench/web.js [--runs 5] [--json FILE]
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawn, spawnSync } = require('child_process');
const { MessageChannel } = require('worker_threads');
const P = require('vscode-languageserver-protocol/node');

const ROOT = path.join(__dirname, '..', '..');
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const RUNS = Number(opt('runs', '5'));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

function sizes() {
  // Production bundles, as packaged.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.js'), '--production'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = {};
  for (const f of ['dist/web/extension.js', 'dist/web/server.js', 'dist/extension.js', 'dist/server.js']) {
    const b = fs.readFileSync(path.join(ROOT, f));
    out[f] = { bytes: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-web-'));
  const vsix = path.join(tmp, 'iis-config.vsix');
  const p = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.js'), '--out', vsix], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(p.stdout + p.stderr);
  out.vsix = { bytes: fs.statSync(vsix).size };
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

function files() {
  const { generateApplicationHost } = require(path.join(ROOT, 'out', 'scripts', 'bench', 'generate.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-web-files-'));
  const small = path.join(ROOT, 'test', 'fixtures', 'workspace', 'applicationHost.config');
  const large = path.join(dir, 'applicationHost.config');
  fs.writeFileSync(large, generateApplicationHost(1024 * 1024));
  return { dir, list: [{ name: 'fixture applicationHost.config', file: small }, { name: 'hosting applicationHost.config, 1 MB', file: large }] };
}

const caps = { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } };

/** One LSP run over a connection made by `start`; ms from start() to the first diagnostics of the document. */
async function firstDiagnostics(start, file, web) {
  const uri = web ? `vscode-vfs://github/contoso/bench/${path.basename(file)}` : `file://${file}`;
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const { connection, stop } = await start();
  const got = new Promise((resolve) => connection.onNotification(P.PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) resolve(performance.now()); }));
  connection.onRequest(P.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  connection.listen();
  const root = web ? 'vscode-vfs://github/contoso/bench' : `file://${path.dirname(file)}`;
  await connection.sendRequest(P.InitializeRequest.type, { processId: null, rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }], capabilities: caps, initializationOptions: web ? { workspaceFiles: true } : {} });
  await connection.sendNotification(P.InitializedNotification.type, {});
  if (web) await connection.sendNotification('iisConfig/workspaceFiles', { changed: [{ uri, text }], initial: true });
  await connection.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text } });
  const t1 = await got;
  await stop();
  return t1 - t0;
}

const desktop = () => {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'iis-config-language-server'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, IIS_CONFIG_DEBOUNCE_MS: '0' } });
  const connection = P.createProtocolConnection(new P.StreamMessageReader(proc.stdout), new P.StreamMessageWriter(proc.stdin));
  return { connection, stop: async () => { connection.dispose(); proc.kill(); } };
};

class PortReader extends P.AbstractMessageReader {
  constructor(port) { super(); port.on('message', (m) => this.cb?.(m)); }
  listen(cb) { this.cb = cb; return { dispose() {} }; }
}
class PortWriter extends P.AbstractMessageWriter {
  constructor(port) { super(); this.port = port; }
  write(m) { this.port.postMessage(m); return Promise.resolve(); }
  end() {}
}
const inProcess = () => {
  // As the web extension does where workers are refused: the bundle read and evaluated, then a MessageChannel.
  const code = fs.readFileSync(path.join(ROOT, 'dist', 'web', 'server.js'), 'utf8');
  const { port1, port2 } = new MessageChannel();
  new Function('iisConfigEndpoint', code)(port2);
  const connection = P.createProtocolConnection(new PortReader(port1), new PortWriter(port1));
  return { connection, stop: async () => { connection.dispose(); port1.close(); port2.close(); } };
};

/** In Chromium: a Web Worker, timed in the page (no relay to this process on the measured path). */
async function workerRuns(list) {
  const { launch } = require(path.join(ROOT, 'scripts', 'vscode', 'browser.js'));
  const server = http.createServer((req, res) => {
    if (req.url === '/dist/web/server.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); fs.createReadStream(path.join(ROOT, 'dist', 'web', 'server.js')).pipe(res); return; }
    res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>bench</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await launch();
  try {
    await browser.page.goto(`http://127.0.0.1:${server.address().port}/`);
    const out = {};
    for (const { name, file } of list) {
      const text = fs.readFileSync(file, 'utf8');
      const times = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const t = await browser.page.evaluate(async (text) => {
          const uri = 'vscode-vfs://github/contoso/bench/applicationHost.config', root = 'vscode-vfs://github/contoso/bench';
          const t0 = performance.now();
          const w = new Worker('/dist/web/server.js');
          let id = 0;
          const pending = new Map();
          const send = (m) => w.postMessage({ jsonrpc: '2.0', ...m });
          const request = (method, params) => new Promise((resolve) => { pending.set(++id, resolve); send({ id, method, params }); });
          const done = new Promise((resolve) => {
            w.onmessage = (e) => {
              const m = e.data;
              if (m.id !== undefined && pending.has(m.id) && !m.method) { pending.get(m.id)(m.result); pending.delete(m.id); }
              else if (m.method === 'workspace/configuration') send({ id: m.id, result: m.params.items.map(() => ({})) });
              else if (m.id !== undefined && m.method) send({ id: m.id, result: null });
              else if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri) resolve(performance.now());
            };
          });
          await request('initialize', { processId: null, rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }], capabilities: { workspace: { configuration: true } }, initializationOptions: { workspaceFiles: true } });
          send({ method: 'initialized', params: {} });
          send({ method: 'iisConfig/workspaceFiles', params: { changed: [{ uri, text }], initial: true } });
          send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'xml', version: 1, text } } });
          const t1 = await done;
          w.terminate();
          return t1 - t0;
        }, text);
        if (i > 0) times.push(t); // the first run also loads the script into the HTTP cache
      }
      out[name] = times;
    }
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}

(async () => {
  const s = sizes();
  const { dir, list } = files();
  const results = {};
  try {
    for (const [mode, start, web] of [['desktop (Node process, stdio)', desktop, false], ['in the extension host (MessageChannel)', inProcess, true]]) {
      for (const { name, file } of list) {
        const times = [];
        for (let i = 0; i < RUNS; i++) times.push(await firstDiagnostics(start, file, web));
        (results[name] ??= {})[mode] = times;
      }
    }
    let worker;
    try { worker = await workerRuns(list); } catch (e) { console.error(`web worker runs skipped (${e.message.split('\n')[0]}): set NODE_PATH to playwright-core's folder`); }
    for (const { name } of list) if (worker?.[name]) results[name]['web worker (Chromium)'] = worker[name];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const load = os.loadavg()[0].toFixed(2);
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), load ${load}, ${new Date().toISOString().slice(0, 10)}; medians of ${RUNS} runs\n`);
  console.log('| bundle (production) | size | gzip -9 |\n| --- | --- | --- |');
  for (const [f, v] of Object.entries(s)) if (f !== 'vsix') console.log(`| \`${f}\` | ${kib(v.bytes)} | ${kib(v.gzip)} |`);
  console.log(`| \`.vsix\` (both builds) | ${kib(s.vsix.bytes)} | (zip) |\n`);
  const modes = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
  console.log(`| time to first diagnostics | ${modes.join(' | ')} |\n| --- |${modes.map(() => ' --- |').join('')}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`| ${name} | ${modes.map((m) => (r[m] ? `${median(r[m]).toFixed(0)} ms (${Math.min(...r[m]).toFixed(0)}–${Math.max(...r[m]).toFixed(0)})` : 'n/a')).join(' | ')} |`);
  }
  const json = opt('json');
  if (json) fs.writeFileSync(json, JSON.stringify({ sizes: s, results, load, runs: RUNS }, null, 2));
})().catch((e) => { console.error(e); process.exit(1); });
