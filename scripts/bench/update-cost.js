// Usage: npx tsc -p . && node scripts/bench/update-cost.js BYTES webServer|sites|pools|handlers RUNS
// (ROOT=another checkout's folder measures that one). CPU per updateAnalysis after a one-character edit in an
// attribute value: min and median of RUNS (process.cpuUsage; timings are noisy on a shared machine).
const root = process.env.ROOT || require('path').resolve(__dirname, '..', '..');
const { generateApplicationHost } = require(root + '/out/scripts/bench/generate.js');
const { analyzeDocument, updateAnalysis } = require(root + '/out/server/src/analysis/analyze.js');
const size = Number(process.argv[2] || 10_000_000);
const kind = process.argv[3] || 'webServer';
const n = Number(process.argv[4] || 20);
const text0 = generateApplicationHost(size, 1);
const ctx = { fileName: 'applicationHost.config' };
let a = analyzeDocument(text0, ctx);
function spot(text, kind) {
  const mid = Math.floor(text.length * 0.6);
  if (kind === 'webServer') { const i = text.indexOf('maxAllowedContentLength="', mid); return i + 'maxAllowedContentLength="'.length + 2; }
  if (kind === 'sites') { const s = text.indexOf('<sites>'); const e = text.indexOf('</sites>'); const i = text.indexOf('physicalPath="D:\\vhosts\\', Math.floor((s + e) / 2)); return i + 'physicalPath="D:\\'.length + 3; }
  if (kind === 'pools') { const s = text.indexOf('<applicationPools>'); const e = text.indexOf('</applicationPools>'); const i = text.indexOf('idleTimeout="', Math.floor((s + e) / 2)); return i + 'idleTimeout="'.length + 1; }
  if (kind === 'handlers') { const i = text.indexOf('scriptProcessor="', mid); return i + 'scriptProcessor="'.length + 5; }
}
const times = [];
for (let r = 0; r < n; r++) {
  const at = spot(a.text, kind);
  const next = a.text.slice(0, at) + (r % 2 ? 'x' : 'y') + a.text.slice(at);
  const u = process.cpuUsage();
  a = updateAnalysis(a, next, { start: at, end: at, newLength: 1 }, ctx);
  const d = process.cpuUsage(u); times.push((d.user + d.system) / 1000);
}
times.sort((x, y) => x - y);
console.log(kind, 'min', times[0].toFixed(1), 'median', times[times.length >> 1].toFixed(1), 'ms CPU');
