/**
 * `npm run bench [-- --quick] [-- --json FILE] [-- --no-lsp] [-- --sizes 100KB,1MB]`
 *
 * Generates realistic applicationHost.config files (~100 KB, 1 MB, 10 MB,
 * 20 MB) and a ~3 KB web.config into tmp/bench (git-ignored), then reports,
 * as medians over repeated runs:
 * - parse time and full analysis time (analyzeDocument: every registered
 *   rule), with the cost of each rule for the largest file;
 * - peak memory (RSS growth during an analysis) and retained memory (heap
 *   held by the analysis result), each measured in a fresh process;
 * - `xmllint --noout` (libxml2) on the same file in the same run, and the
 *   ratio analysis / xmllint;
 * - through the real server over stdio: the latency from a one-character
 *   didChange in the middle of the file to its publishDiagnostics (minus the
 *   debounce, set with IIS_CONFIG_DEBOUNCE_MS), p50 and p95; and hover (and
 *   completion, when the server offers it) latency on the largest file: idle,
 *   right after an edit (default debounce), and while a validation runs.
 *
 * Nothing is asserted: CI runs `--quick` so that the benchmark cannot rot.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { pathToFileURL } from 'url';
import {
  DidChangeTextDocumentNotification, HoverRequest, CompletionRequest, Position, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { generateApplicationHost, generateWebConfig } from './generate';
import type { Measurement } from './measure';
import { LineIndex } from '../../server/src/syntax/lineIndex';
import { TestClient } from '../../test/lsp/client';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Size { readonly label: string; readonly bytes: number; readonly reps: number; }

const FULL_SIZES: Size[] = [
  { label: '100 KB', bytes: 100 * 1024, reps: 21 },
  { label: '1 MB', bytes: 1024 * 1024, reps: 11 },
  { label: '10 MB', bytes: 10 * 1024 * 1024, reps: 7 },
  { label: '20 MB', bytes: 20 * 1024 * 1024, reps: 5 },
];
const QUICK_SIZES: Size[] = [
  { label: '100 KB', bytes: 100 * 1024, reps: 3 },
  { label: '1 MB', bytes: 1024 * 1024, reps: 3 },
];

interface Options {
  quick: boolean;
  sizes: Size[];
  webReps: number;
  edits: number;
  requests: number;
  lsp: boolean;
  json?: string;
  out: string;
  debounceMs: number;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const opts: Options = {
    quick, sizes: quick ? QUICK_SIZES : FULL_SIZES, webReps: quick ? 200 : 3000, edits: quick ? 5 : 21, requests: quick ? 5 : 21,
    lsp: !argv.includes('--no-lsp'), out: path.join(REPO, 'tmp', 'bench'), debounceMs: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = argv[++i];
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--sizes') {
      const wanted = argv[++i].split(',').map((s) => s.replace(/\s+/g, '').toUpperCase());
      opts.sizes = FULL_SIZES.filter((s) => wanted.includes(s.label.replace(/\s+/g, '').toUpperCase()));
      if (quick) opts.sizes = opts.sizes.map((s) => ({ ...s, reps: 3 }));
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run bench [-- --quick] [--sizes 100KB,1MB,10MB,20MB] [--no-lsp] [--json FILE] [--out DIR]\n');
      process.exit(0);
    }
  }
  return opts;
}

function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile. */
function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  return n < 1 && digits > 0 ? n.toFixed(3) : n.toFixed(digits);
}

function mb(bytes: number): string { return (bytes / 1024 / 1024).toFixed(1); }

function machine(): Record<string, string> {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  const nproc = spawnSync('nproc', { encoding: 'utf8' });
  return {
    date: new Date().toISOString(),
    nproc: nproc.status === 0 ? nproc.stdout.trim() : String(os.cpus().length),
    cpu,
    node: process.version,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function xmllintVersion(): string | undefined {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return /using libxml version (\S+)/.exec(r.stderr + r.stdout)?.[1] ?? 'unknown version';
}

/** Wall time of `xmllint --noout FILE` (process start included), per run. */
function timeXmllint(file: string, reps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync('xmllint', ['--noout', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`xmllint rejected ${file}: ${String(r.stderr).slice(0, 300)}`);
    out.push(elapsed);
  }
  return out;
}

function measure(file: string, fileName: string, reps: number): Measurement {
  const script = path.join(__dirname, 'measure.js');
  const r = spawnSync(process.execPath, ['--expose-gc', script, file, fileName, String(reps)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`measurement of ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

interface LspResult {
  editMs: number[];
  hover?: { idleMs: number[]; afterEditMs: number[]; duringValidationMs: number[] };
  completion?: { idleMs: number[]; afterEditMs: number[]; duringValidationMs: number[] } | 'not offered';
}

/** Offset of the start of the first line after the middle of the text (the edit point). */
function middleLineStart(text: string): number {
  const nl = text.indexOf('\n', text.length >> 1);
  return nl < 0 ? text.length >> 1 : nl + 1;
}

/** A position on an element name near the middle (for hover) and one inside its start tag (for completion). */
function requestPositions(text: string, index: LineIndex): { hover: Position; completion: Position } {
  const from = text.length >> 1;
  let at = text.indexOf('<anonymousAuthentication', from);
  if (at < 0) at = text.indexOf('<add ', from);
  if (at < 0) at = text.indexOf('<', from);
  const hover = index.positionAt(at + 4);
  const space = text.indexOf(' ', at);
  return { hover, completion: index.positionAt(space + 1) };
}

class Editor {
  version = 1;
  private inserted = false;
  constructor(private readonly client: TestClient, private readonly uri: string, private readonly at: Position) {}

  /** Type or delete one space at the start of a line in the middle of the file (the text goes back and forth). */
  async edit(): Promise<number> {
    this.version++;
    const change: TextDocumentContentChangeEvent = this.inserted
      ? { range: { start: this.at, end: { line: this.at.line, character: this.at.character + 1 } }, text: '' }
      : { range: { start: this.at, end: this.at }, text: ' ' };
    this.inserted = !this.inserted;
    await this.client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri, version: this.version }, contentChanges: [change] });
    return this.version;
  }

  async diagnosticsOf(version: number): Promise<void> {
    await this.client.waitForDiagnostics(this.uri, (p) => p.version === version, 600_000);
  }
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function openServer(file: string, text: string, debounceMs: number): Promise<{ client: TestClient; uri: string; capabilities: Record<string, unknown> }> {
  const client = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: String(debounceMs) });
  const init = await client.initialize() as { capabilities: Record<string, unknown> };
  const uri = pathToFileURL(file).toString();
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 600_000);
  return { client, uri, capabilities: init.capabilities };
}

async function lspLatency(file: string, text: string, opts: Options, requests: boolean): Promise<LspResult> {
  const index = new LineIndex(text);
  const at = index.positionAt(middleLineStart(text));
  const result: LspResult = { editMs: [] };
  const pos = requestPositions(text, index);

  // 1. Edit to diagnostics, with the debounce set to opts.debounceMs (subtracted).
  const a = await openServer(file, text, opts.debounceMs);
  try {
    const editor = new Editor(a.client, a.uri, at);
    const warmup = 2;
    for (let i = 0; i < warmup + opts.edits; i++) {
      let version = 0;
      const ms = await timed(async () => { version = await editor.edit(); await editor.diagnosticsOf(version); });
      if (i >= warmup) result.editMs.push(Math.max(0, ms - opts.debounceMs));
    }
    if (requests) {
      // 3. Requests sent right after an edit, while (with this short debounce) the validation of that edit runs.
      const hasCompletion = !!a.capabilities.completionProvider;
      result.hover = { idleMs: [], afterEditMs: [], duringValidationMs: [] };
      if (hasCompletion) result.completion = { idleMs: [], afterEditMs: [], duringValidationMs: [] };
      for (let i = 0; i < opts.requests; i++) {
        let version = await editor.edit();
        result.hover.duringValidationMs.push(await timed(() => a.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: a.uri }, position: pos.hover })));
        await editor.diagnosticsOf(version);
        if (result.completion && result.completion !== 'not offered') {
          version = await editor.edit();
          result.completion.duringValidationMs.push(await timed(() => a.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: a.uri }, position: pos.completion })));
          await editor.diagnosticsOf(version);
        }
      }
      if (!hasCompletion) result.completion = 'not offered';
    }
  } finally {
    await a.client.stop();
  }
  if (!requests) return result;

  // 2. Hover and completion with the default debounce: idle, and right after an edit (as while typing).
  const b = await openServer(file, text, 200);
  try {
    const editor = new Editor(b.client, b.uri, at);
    const hover = () => b.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: b.uri }, position: pos.hover });
    const complete = () => b.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: b.uri }, position: pos.completion });
    // Idle: a second after the validation, when its garbage has been collected.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i < opts.requests; i++) result.hover!.idleMs.push(await timed(hover));
    if (result.completion && result.completion !== 'not offered') {
      for (let i = 0; i < opts.requests; i++) result.completion.idleMs.push(await timed(complete));
    }
    for (let i = 0; i < opts.requests; i++) {
      let version = await editor.edit();
      result.hover!.afterEditMs.push(await timed(hover));
      await editor.diagnosticsOf(version);
      if (result.completion && result.completion !== 'not offered') {
        version = await editor.edit();
        result.completion.afterEditMs.push(await timed(complete));
        await editor.diagnosticsOf(version);
      }
    }
  } finally {
    await b.client.stop();
  }
  return result;
}

interface Row {
  label: string;
  file: string;
  bytes: number;
  m: Measurement;
  xmllintMs?: number[];
  lsp?: LspResult;
}

function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const env = machine();
  const xmllint = xmllintVersion();
  const log = (s: string) => process.stdout.write(s + '\n');
  log(`# IIS Config benchmark${opts.quick ? ' (quick)' : ''}`);
  log('');
  log(`${env.date} · ${env.nproc} cores · ${env.cpu} · node ${env.node} · load average at start ${env.load}`);
  log(xmllint ? `xmllint: libxml ${xmllint}` : 'xmllint: NOT FOUND — the libxml2 comparison is skipped (install it: apt-get install libxml2-utils)');
  log('');

  fs.mkdirSync(opts.out, { recursive: true });
  const rows: Row[] = [];
  const cases: Array<{ label: string; file: string; text: string; reps: number; kind: 'applicationHost' | 'web' }> = [];
  const webDir = path.join(opts.out, 'web');
  fs.mkdirSync(webDir, { recursive: true });
  const webText = generateWebConfig();
  cases.push({ label: `web.config ${(webText.length / 1024).toFixed(1)} KB`, file: path.join(webDir, 'web.config'), text: webText, reps: opts.webReps, kind: 'web' });
  for (const s of opts.sizes) {
    const dir = path.join(opts.out, s.label.replace(/\s+/g, ''));
    fs.mkdirSync(dir, { recursive: true });
    cases.push({ label: `applicationHost ${s.label}`, file: path.join(dir, 'applicationHost.config'), text: generateApplicationHost(s.bytes), reps: s.reps, kind: 'applicationHost' });
  }
  const largest = cases[cases.length - 1];
  for (const c of cases) {
    fs.writeFileSync(c.file, c.text);
    process.stderr.write(`measuring ${c.label} (${c.reps} runs)…\n`);
    const m = measure(c.file, path.basename(c.file), c.reps);
    if (m.ruleErrors.length) log(`WARNING: rules failed on ${c.label}: ${m.ruleErrors.join('; ')}`);
    const row: Row = { label: c.label, file: c.file, bytes: Buffer.byteLength(c.text), m };
    if (xmllint) row.xmllintMs = timeXmllint(c.file, Math.min(c.reps, 21));
    if (opts.lsp && c.kind === 'applicationHost') {
      process.stderr.write(`  language server on ${c.label}…\n`);
      row.lsp = await lspLatency(c.file, c.text, opts, c === largest || (!opts.quick && c.label.endsWith('10 MB')));
    }
    rows.push(row);
  }

  log(table(
    ['file', 'size', 'diagnostics', 'parse ms', 'analysis ms', 'xmllint ms', 'analysis / xmllint', 'peak MB', 'retained MB (× size)', 'edit→diagnostics p50 / p95 ms'],
    rows.map((r) => {
      const analysis = median(r.m.analyzeMs);
      const lint = r.xmllintMs ? median(r.xmllintMs) : NaN;
      return [
        r.label, `${mb(r.bytes)} MB`, String(r.m.diagnostics), fmt(median(r.m.parseMs), 2), fmt(analysis, 2),
        r.xmllintMs ? fmt(lint, 1) : 'n/a', r.xmllintMs ? `${(analysis / lint).toFixed(2)}×` : 'n/a',
        mb(r.m.peakRssBytes), `${mb(r.m.retainedHeapBytes)} (${(r.m.retainedHeapBytes / r.bytes).toFixed(1)}×)`,
        r.lsp ? `${fmt(percentile(r.lsp.editMs, 50))} / ${fmt(percentile(r.lsp.editMs, 95))}` : '–',
      ];
    }),
  ));
  log('');
  log(`Medians over repeated runs (web.config ${opts.webReps}, applicationHost ${opts.sizes.map((s) => `${s.label}: ${s.reps}`).join(', ')}). ` +
    'xmllint is `xmllint --noout FILE`, wall time including process start. Peak: RSS growth during the first analysis; ' +
    'retained: heap held by the analysis result (text excluded). Edit latency: one-character edit in the middle of the file, ' +
    `didChange → publishDiagnostics with IIS_CONFIG_DEBOUNCE_MS=${opts.debounceMs} (subtracted).`);

  for (const r of rows) {
    if (!r.lsp?.hover) continue;
    log('');
    log(`Requests on ${r.label} (p50 / p95 ms):`);
    log('');
    const line = (name: string, x: { idleMs: number[]; afterEditMs: number[]; duringValidationMs: number[] }) =>
      [name, ...[x.idleMs, x.afterEditMs, x.duringValidationMs].map((v) => `${fmt(percentile(v, 50))} / ${fmt(percentile(v, 95))}`)];
    const lines = [line('hover', r.lsp.hover)];
    if (r.lsp.completion && r.lsp.completion !== 'not offered') lines.push(line('completion', r.lsp.completion));
    log(table(['request', 'idle (1 s after validation)', 'right after an edit (debounce 200 ms)', 'while the edit is validated (debounce 0)'], lines));
    if (r.lsp.completion === 'not offered') log('\ncompletion: the server does not advertise completionProvider — not measured.');
  }

  const big = rows.find((r) => r.label.endsWith(' 10 MB')) ?? rows[rows.length - 1];
  log('');
  log(`Rule cost on ${big.label} (median ms per analysis):`);
  log('');
  const rules = Object.entries(big.m.ruleMs).map(([id, t]) => [id, median(t)] as const).sort((x, y) => y[1] - x[1]);
  log(table(['rule', 'ms'], rules.map(([id, t]) => [id, fmt(t, 2)])));
  log('');
  log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ machine: env, xmllint: xmllint ?? null, quick: opts.quick, rows }, null, 1));
}

main().then(() => process.exit(0), (e) => { process.stderr.write(`bench failed: ${(e as Error)?.stack ?? e}\n`); process.exit(1); });
