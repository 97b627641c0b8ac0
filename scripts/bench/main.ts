/**
 * `npm run bench [-- --quick] [--json FILE] [--no-lsp] [--out DIR]`
 *
 * Generates realistic files into tmp/bench (git-ignored): a typical 3 KB
 * web.config, hosting servers' applicationHost.config files (1 MB, 10 MB; every
 * client-certificate mapping with its own certificate), and a 3 KB web.config
 * in the folder of a site of a 10 MB applicationHost.config. Every ratio is
 * like for like:
 *
 * - in-process vs in-process: our parse and full analysis of text in memory
 *   against libxml2's own parse time (`xmllint --timing --noout`, its "Parsing
 *   took" line; `--repeat` for files under 1 MB, whose parse is under its 1 ms
 *   resolution);
 * - whole process vs whole process: `iis-config-lint FILE` against
 *   `xmllint --noout FILE`, run alternately, wall time and peak RSS
 *   (`/usr/bin/time`);
 * - the web.config under the large parent: one analysis in-process, edit →
 *   diagnostics over the real server, and the CLI against the CLI on the
 *   parent alone;
 * - through the real server over stdio (bin/iis-config-language-server):
 *   edit → diagnostics (IIS_CONFIG_DEBOUNCE_MS=0: no debounce to subtract),
 *   hover 250 ms after an edit and completion right after one (the default
 *   200 ms debounce), and typing keys 100–300 ms apart without waiting.
 *
 * Each row gives the median and the range (min–max) of its runs and the load
 * average when it started. Nothing is asserted: CI runs `--quick` (small
 * files, few runs) so that the benchmark cannot rot.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { pathToFileURL } from 'url';
import {
  DidChangeTextDocumentNotification, HoverRequest, CompletionRequest, LogMessageNotification, Position, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { generateApplicationHost, generateWebConfig, prng } from './generate';
import type { Measurement, UnderParentMeasurement } from './measure';
import { LineIndex } from '../../server/src/syntax/lineIndex';
import { TestClient } from '../../test/lsp/client';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'bin', 'iis-config-lint');
const MiB = 1024 * 1024;
/** The server's default debounce (lsp/server.ts), used where the benchmark stands for a user typing. */
const DEFAULT_DEBOUNCE_MS = 200;

interface Plan {
  readonly quick: boolean;
  /** applicationHost.config sizes analysed in full, with repetitions. */
  readonly sizes: ReadonlyArray<{ label: string; bytes: number; reps: number }>;
  readonly webReps: number;
  /** Size of the parent of the web.config case. */
  readonly parent: { label: string; bytes: number };
  /** Sizes for edit → diagnostics over the server. */
  readonly lspSizes: readonly string[];
  /** The size for hover, completion and typing. */
  readonly requestSize: string;
  readonly processRuns: number;
  readonly rssRuns: number;
  readonly edits: number;
  readonly requests: number;
  readonly keys: number;
  readonly lsp: boolean;
  readonly json?: string;
  readonly out: string;
}

function parseArgs(argv: string[]): Plan {
  const quick = argv.includes('--quick');
  let json: string | undefined, out = path.join(REPO, 'tmp', 'bench');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = argv[++i];
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('npm run bench [-- --quick] [--no-lsp] [--json FILE] [--out DIR]\n');
      process.exit(0);
    }
  }
  const lsp = !argv.includes('--no-lsp');
  return quick
    ? {
      quick, sizes: [{ label: '1 MB', bytes: MiB, reps: 3 }], webReps: 20, parent: { label: '1 MB', bytes: MiB }, lspSizes: ['1 MB'], requestSize: '1 MB',
      processRuns: 3, rssRuns: 1, edits: 5, requests: 5, keys: 10, lsp, json, out,
    }
    : {
      quick, sizes: [{ label: '1 MB', bytes: MiB, reps: 11 }, { label: '10 MB', bytes: 10 * MiB, reps: 7 }], webReps: 300, parent: { label: '10 MB', bytes: 10 * MiB },
      lspSizes: ['1 MB', '10 MB'], requestSize: '10 MB', processRuns: 9, rssRuns: 3, edits: 30, requests: 21, keys: 30, lsp, json, out,
    };
}

// ---------------------------------------------------------------------------
// Statistics and formatting

interface Stats { readonly n: number; readonly min: number; readonly p50: number; readonly p95: number; readonly max: number }

function sorted(xs: readonly number[]): number[] { return [...xs].sort((a, b) => a - b); }
/** Nearest-rank percentile. */
function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = sorted(xs), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function stats(xs: readonly number[]): Stats {
  return { n: xs.length, min: xs.length ? Math.min(...xs) : NaN, p50: median(xs), p95: percentile(xs, 95), max: xs.length ? Math.max(...xs) : NaN };
}
function num(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 1 ? n.toFixed(2) : n.toFixed(3);
}
/** "median (min–max)". */
function mmm(s: Stats): string { return `${num(s.p50)} (${num(s.min)}–${num(s.max)})`; }
/** "p50 / p95 (min–max)". */
function pp(s: Stats): string { return `${num(s.p50)} / ${num(s.p95)} (${num(s.min)}–${num(s.max)})`; }
function ratio(a: number, b: number): string { return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–'; }
function mb(bytes: number): string { return (bytes / MiB).toFixed(1); }
function load1(): string { return os.loadavg()[0].toFixed(2); }
function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function machine(): Record<string, string> {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  const nproc = spawnSync('nproc', { encoding: 'utf8' });
  return {
    date: new Date().toISOString(), nproc: nproc.status === 0 ? nproc.stdout.trim() : String(os.cpus().length), cpu, node: process.version,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

// ---------------------------------------------------------------------------
// libxml2 and processes

function xmllintVersion(): string | undefined {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return /using libxml version (\S+)/.exec(r.stderr + r.stdout)?.[1] ?? 'unknown version';
}

/**
 * libxml2's in-process parse (a DOM, as ours builds a tree) of FILE, in ms per parse, from `xmllint --timing`: its
 * "Parsing took N ms" line (whole milliseconds), or for small files `--repeat` (100 parses) and its "100 iterations
 * took N ms" line (which also counts freeing each document).
 */
function libxml2ParseMs(file: string, bytes: number, runs: number): { ms: number[]; how: string } {
  const repeat = bytes < MiB;
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('xmllint', ['--timing', '--noout', ...(repeat ? ['--repeat'] : []), file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`xmllint rejected ${file}: ${String(r.stderr).slice(0, 300)}`);
    const m = repeat ? /(\d+) iterations took (\d+) ms/.exec(r.stderr) : /Parsing took (\d+) ms/.exec(r.stderr);
    if (!m) throw new Error(`no timing line in xmllint's output: ${r.stderr.slice(0, 300)}`);
    out.push(repeat ? Number(m[2]) / Number(m[1]) : Number(m[1]));
  }
  return { ms: out, how: repeat ? '--repeat: 100 parses and frees, per parse' : '"Parsing took" (1 ms resolution)' };
}

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface ProcessRun { readonly wallMs: number; readonly status: number | null }

function runProcess(cmd: string, args: string[]): ProcessRun {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MiB });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { wallMs, status: r.status };
}

/** Peak RSS in MB of one run (GNU time's %M), or NaN without /usr/bin/time. */
function peakRssMb(cmd: string, args: string[]): number {
  if (!TIME) return NaN;
  const r = spawnSync(TIME, ['-f', 'RSS %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MiB });
  const m = /RSS (\d+)\s*$/.exec(r.stderr ?? '');
  return m ? Number(m[1]) / 1024 : NaN;
}

interface WholeProcess { readonly label: string; readonly load: string; readonly a: Stats; readonly b: Stats; readonly rssA: number; readonly rssB: number; readonly status: number | null }

/** Two commands run alternately (so both see the same load), wall time per run and peak RSS. */
function compareProcesses(label: string, a: [string, string[]], b: [string, string[]], runs: number, rssRuns: number): WholeProcess {
  const load = load1();
  // One unmeasured run each: the files in the page cache, the bundle read once.
  let status = runProcess(...a).status;
  runProcess(...b);
  const ta: number[] = [], tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ra = runProcess(...a);
    status = ra.status;
    ta.push(ra.wallMs);
    tb.push(runProcess(...b).wallMs);
  }
  const rssA: number[] = [], rssB: number[] = [];
  for (let i = 0; i < rssRuns; i++) { rssA.push(peakRssMb(...a)); rssB.push(peakRssMb(...b)); }
  return { label, load, a: stats(ta), b: stats(tb), rssA: median(rssA), rssB: median(rssB), status };
}

function measure(file: string, fileName: string, reps: number): Measurement {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'measure.js'), file, fileName, String(reps)], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`measurement of ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

function measureUnder(parent: string, web: string, reps: number): UnderParentMeasurement {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'measure.js'), '--under', parent, web, String(reps)], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`measurement of ${web} under ${parent} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as UnderParentMeasurement;
}

// ---------------------------------------------------------------------------
// The language server

/** Offset of the start of the first line after the middle of the text (the edit point). */
function middleLineStart(text: string): number {
  const nl = text.indexOf('\n', text.length >> 1);
  return nl < 0 ? text.length >> 1 : nl + 1;
}

/** A position on an element name after the middle (hover) and one inside its start tag (completion). */
function requestPositions(text: string, index: LineIndex): { hover: Position; completion: Position } {
  const from = middleLineStart(text);
  let at = text.indexOf('<anonymousAuthentication', from);
  if (at < 0) at = text.indexOf('<add ', from);
  if (at < 0) at = text.indexOf('<', from);
  const space = text.indexOf(' ', at);
  return { hover: index.positionAt(at + 4), completion: index.positionAt(space + 1) };
}

class Server {
  version = 1;
  private inserted = false;
  /** Analyses the server reported (IIS_CONFIG_TRACE_ANALYSES), by kind. */
  readonly analyses = { incremental: 0, full: 0 };
  /** Every publishDiagnostics: version and arrival time. */
  readonly published: Array<{ version: number; at: number }> = [];

  private constructor(readonly client: TestClient, readonly uri: string, readonly text: string, readonly capabilities: Record<string, unknown>) {
    client.onDiagnostics = (p) => { if (p.uri === uri && p.version !== undefined) this.published.push({ version: p.version, at: performance.now() }); };
    client.connection.onNotification(LogMessageNotification.type, (m) => {
      const k = /analysed version \d+ \((incremental|full)\)/.exec(m.message)?.[1] as 'incremental' | 'full' | undefined;
      if (k) this.analyses[k]++;
    });
  }

  static async open(file: string, text: string, debounceMs: number, options: { settings?: Record<string, unknown>; root?: string } = {}): Promise<Server> {
    const client = new TestClient({ IIS_CONFIG_DEBOUNCE_MS: String(debounceMs), IIS_CONFIG_TRACE_ANALYSES: '1' });
    if (options.settings) client.settings = options.settings;
    const folders = options.root ? [{ uri: pathToFileURL(options.root).toString(), name: path.basename(options.root) }] : null;
    const init = await client.initialize(undefined, folders) as { capabilities: Record<string, unknown> };
    const uri = pathToFileURL(file).toString();
    const s = new Server(client, uri, text, init.capabilities);
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 600_000);
    return s;
  }

  async change(change: TextDocumentContentChangeEvent): Promise<number> {
    this.version++;
    await this.client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri, version: this.version }, contentChanges: [change] });
    return this.version;
  }

  /** Type or delete one space at the start of a line (the text goes back and forth). */
  toggleSpace(at: Position): Promise<number> {
    const change: TextDocumentContentChangeEvent = this.inserted
      ? { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }
      : { range: { start: at, end: at }, text: ' ' };
    this.inserted = !this.inserted;
    return this.change(change);
  }

  async diagnosticsOf(version: number): Promise<void> {
    await this.client.waitForDiagnostics(this.uri, (p) => p.version === version, 600_000);
  }

  hover(position: Position): Promise<unknown> { return this.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri }, position }); }
  complete(position: Position): Promise<unknown> { return this.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: this.uri }, position }); }
  stop(): Promise<void> { return this.client.stop(); }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

interface EditLatency { readonly load: string; readonly ms: Stats; readonly incremental: number; readonly full: number }

/** didChange → publishDiagnostics of that version, debounce 0, after two warm-up edits. */
async function editLatency(file: string, text: string, edits: number, options: { settings?: Record<string, unknown>; root?: string } = {}): Promise<EditLatency> {
  const load = load1();
  const s = await Server.open(file, text, 0, options);
  try {
    const at = new LineIndex(text).positionAt(middleLineStart(text));
    const ms: number[] = [];
    for (let i = 0; i < 2 + edits; i++) {
      if (i === 2) { s.analyses.incremental = 0; s.analyses.full = 0; }
      const t = await timed(async () => s.diagnosticsOf(await s.toggleSpace(at)));
      if (i >= 2) ms.push(t);
    }
    return { load, ms: stats(ms), ...s.analyses };
  } finally {
    await s.stop();
  }
}

interface Requests { readonly load: string; readonly hoverAfter250: Stats; readonly completionRightAfter: Stats; readonly hoverIdle: Stats }

/** With the default debounce: hover 250 ms after an edit (a validation has just started), completion right after one. */
async function requestLatency(file: string, text: string, n: number): Promise<Requests> {
  const load = load1();
  const s = await Server.open(file, text, DEFAULT_DEBOUNCE_MS);
  try {
    const index = new LineIndex(text);
    const at = index.positionAt(middleLineStart(text));
    const pos = requestPositions(text, index);
    const idle: number[] = [], hover: number[] = [], completion: number[] = [];
    await sleep(1000);
    for (let i = 0; i < n; i++) idle.push(await timed(() => s.hover(pos.hover)));
    for (let i = 0; i < n; i++) {
      let v = await s.toggleSpace(at);
      await sleep(250);
      hover.push(await timed(() => s.hover(pos.hover)));
      await s.diagnosticsOf(v);
      v = await s.toggleSpace(at);
      completion.push(await timed(() => s.complete(pos.completion)));
      await s.diagnosticsOf(v);
    }
    return { load, hoverAfter250: stats(hover), completionRightAfter: stats(completion), hoverIdle: stats(idle) };
  } finally {
    await s.stop();
  }
}

interface Typing {
  readonly load: string;
  readonly keys: number;
  /** Keys followed by a pause of at least the debounce (the last key included). */
  readonly longPauses: number;
  readonly longPausesPublished: number;
  /** Versions that got diagnostics. */
  readonly published: number;
  /** From the last key to the diagnostics of the last version. */
  readonly afterLastMs: number;
  readonly delays: number[];
}

/** Keys typed into an attribute value in the middle of the file, 100–300 ms apart (seeded), without waiting. */
async function typing(file: string, text: string, keys: number): Promise<Typing> {
  const load = load1();
  const s = await Server.open(file, text, DEFAULT_DEBOUNCE_MS);
  try {
    const from = middleLineStart(text);
    const value = text.indexOf('userName="', from);
    const index = new LineIndex(text);
    let at = index.positionAt((value < 0 ? from : value + 'userName="'.length));
    const rand = prng(12);
    const delays: number[] = [];
    for (let k = 0; k < keys; k++) delays.push(100 + Math.round(rand() * 200));
    const sent: Array<{ version: number; at: number }> = [];
    for (let k = 0; k < keys; k++) {
      const version = await s.change({ range: { start: at, end: at }, text: 'abcdefghij'[k % 10] });
      sent.push({ version, at: performance.now() });
      at = { line: at.line, character: at.character + 1 };
      if (k < keys - 1) await sleep(delays[k]);
    }
    const last = sent[sent.length - 1];
    await s.diagnosticsOf(last.version);
    const lastAt = s.published.find((p) => p.version === last.version)!.at;
    const got = new Set(s.published.map((p) => p.version));
    let longPauses = 0, longPausesPublished = 0;
    for (let k = 0; k < keys; k++) {
      const pause = k < keys - 1 ? sent[k + 1].at - sent[k].at : Infinity;
      if (pause >= DEFAULT_DEBOUNCE_MS) { longPauses++; if (got.has(sent[k].version)) longPausesPublished++; }
    }
    return { load, keys, longPauses, longPausesPublished, published: sent.filter((x) => got.has(x.version)).length, afterLastMs: lastAt - last.at, delays };
  } finally {
    await s.stop();
  }
}

// ---------------------------------------------------------------------------

interface AnalysisRow {
  readonly label: string; readonly bytes: number; readonly load: string; readonly m: Measurement;
  readonly certificates: number; readonly libxml2?: { ms: number[]; how: string };
}

async function main(): Promise<void> {
  const plan = parseArgs(process.argv.slice(2));
  const env = machine();
  const xmllint = xmllintVersion();
  const log = (s = '') => process.stdout.write(s + '\n');
  const note = (s: string) => process.stderr.write(s + '\n');
  log(`# IIS Config benchmark${plan.quick ? ' (quick)' : ''}`);
  log();
  log(`${env.date} · ${env.nproc} cores · ${env.cpu} · node ${env.node} · load average at start ${env.load}`);
  log(xmllint ? `xmllint: libxml ${xmllint}` : 'xmllint: NOT FOUND — the libxml2 columns are empty (install it: apt-get install libxml2-utils)');
  if (!TIME) log('/usr/bin/time: NOT FOUND — peak RSS is not measured (install it: apt-get install time)');
  log();

  // Files
  fs.mkdirSync(plan.out, { recursive: true });
  const files = new Map<string, { file: string; text: string }>();
  const write = (key: string, file: string, text: string) => { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, text); files.set(key, { file, text }); };
  const webText = generateWebConfig();
  // Each folder is a repository of its own (an empty .git), the CLI's workspace root for its files: the web.config
  // alone is checked against the built-in model, not against the benchmark's other applicationHost.config files.
  write('web', path.join(plan.out, 'web', 'web.config'), webText);
  fs.mkdirSync(path.join(plan.out, 'web', '.git'), { recursive: true });
  for (const s of plan.sizes) {
    write(s.label, path.join(plan.out, s.label.replace(/\s+/g, ''), 'applicationHost.config'), generateApplicationHost(s.bytes));
    fs.mkdirSync(path.join(plan.out, s.label.replace(/\s+/g, ''), '.git'), { recursive: true });
  }
  // The hosting case: a folder that is a repository of its own (an empty .git: the CLI's workspace root) with the
  // parent and the web.config of its first site (D:\vhosts\shop0.example.com\httpdocs).
  const hosting = path.join(plan.out, `hosting-${plan.parent.label.replace(/\s+/g, '')}`);
  fs.mkdirSync(path.join(hosting, '.git'), { recursive: true });
  const parentText = files.get(plan.parent.label)?.text ?? generateApplicationHost(plan.parent.bytes);
  write('parent', path.join(hosting, 'applicationHost.config'), parentText);
  write('child', path.join(hosting, 'vhosts', 'shop0.example.com', 'httpdocs', 'web.config'), webText);
  const certificates = (t: string) => new Set(t.match(/certificate="[^"]+"/g) ?? []).size;

  // 1. In-process: our analysis against libxml2's parse.
  const rows: AnalysisRow[] = [];
  for (const [label, key, reps] of [[`web.config ${(webText.length / 1024).toFixed(1)} KB`, 'web', plan.webReps] as const, ...plan.sizes.map((s) => [`applicationHost ${s.label}`, s.label, s.reps] as const)]) {
    const { file, text } = files.get(key)!;
    note(`in-process: ${label} (${reps} runs)…`);
    const load = load1();
    const m = measure(file, path.basename(file), reps);
    if (m.ruleErrors.length) log(`WARNING: rules failed on ${label}: ${m.ruleErrors.join('; ')}`);
    rows.push({ label, bytes: Buffer.byteLength(text), load, m, certificates: certificates(text), ...(xmllint ? { libxml2: libxml2ParseMs(file, text.length, Math.min(reps, 11)) } : {}) });
  }
  log('## In-process: analysis of text in memory vs libxml2 parsing the file (ms)');
  log();
  log(table(
    ['file', 'size MB', 'certificates', 'diagnostics', 'load', 'our parse', 'our full analysis', 'libxml2 parse (xmllint --timing)', 'parse ÷ libxml2', 'analysis ÷ libxml2 (of minimums)', 'peak MB', 'retained MB (× size)'],
    rows.map((r) => {
      const parse = stats(r.m.parseMs), analysis = stats(r.m.analyzeMs), lib = r.libxml2 ? stats(r.libxml2.ms) : undefined;
      return [r.label, mb(r.bytes), String(r.certificates), String(r.m.diagnostics), r.load, mmm(parse), mmm(analysis), lib ? mmm(lib) : 'n/a',
        lib ? ratio(parse.p50, lib.p50) : '–', lib ? `${ratio(analysis.p50, lib.p50)} (${ratio(analysis.min, lib.min)})` : '–',
        mb(r.m.peakRssBytes), `${mb(r.m.retainedHeapBytes)} (${(r.m.retainedHeapBytes / r.bytes).toFixed(1)}×)`];
    }),
  ));
  log();
  log('Median (min–max) over the runs. Ours: parseXml and analyzeDocument (every registered rule) on text already in memory, in a fresh process, after a warm-up; '
    + `libxml2: ${rows.map((r) => r.libxml2?.how).filter((x, i, a) => x && a.indexOf(x) === i).join('; ') || 'n/a'} (its time includes reading the file from the page cache). `
    + 'Ratios: of the medians, and in brackets of the minimums (the least disturbed by other load). Peak: RSS growth during the first analysis; retained: heap held by the result.');

  // 2. Whole process: the CLI against xmllint --noout.
  const proc: WholeProcess[] = [];
  const cliCmd = (...args: string[]): [string, string[]] => [process.execPath, [CLI, ...args]];
  if (xmllint) {
    for (const [label, key] of [[`web.config ${(webText.length / 1024).toFixed(1)} KB (start-up)`, 'web'] as const, ...plan.sizes.map((s) => [`applicationHost ${s.label}`, s.label] as const)]) {
      note(`whole process: ${label} (${plan.processRuns} runs each)…`);
      const f = files.get(key)!.file;
      proc.push(compareProcesses(label, cliCmd(f), ['xmllint', ['--noout', f]], plan.processRuns, plan.rssRuns));
    }
    log();
    log('## Whole process: `iis-config-lint FILE` vs `xmllint --noout FILE`');
    log();
    log(table(['file', 'load', 'CLI ms', 'xmllint ms', 'CLI ÷ xmllint (of minimums)', 'CLI peak RSS MB', 'xmllint peak RSS MB', 'RSS ÷'],
      proc.map((p) => [p.label, p.load, mmm(p.a), mmm(p.b), `${ratio(p.a.p50, p.b.p50)} (${ratio(p.a.min, p.b.min)})`, num(p.rssA), num(p.rssB), ratio(p.rssA, p.rssB)])));
    log();
    log(`Wall time of ${plan.processRuns} runs each, run alternately after one unmeasured run of each; median (min–max). Peak RSS: GNU time's maximum resident set size, median of ${plan.rssRuns} run(s).`);
  }

  // 3. The web.config under a large applicationHost.config.
  const parent = files.get('parent')!, child = files.get('child')!;
  note(`web.config under a ${plan.parent.label} parent: in-process…`);
  const underLoad = load1();
  const under = measureUnder(parent.file, child.file, plan.quick ? 10 : 50);
  note('  CLI --app-host parent web.config vs CLI parent…');
  const cliUnder = compareProcesses(`web.config under ${plan.parent.label}`, cliCmd('--app-host', parent.file, child.file), cliCmd(parent.file), plan.quick ? 2 : 5, plan.rssRuns);
  let underLsp: EditLatency | undefined;
  if (plan.lsp) {
    note('  language server: edit → diagnostics…');
    underLsp = await editLatency(child.file, child.text, plan.edits, { settings: { applicationHostPath: parent.file }, root: hosting });
  }
  log();
  log(`## A ${(webText.length / 1024).toFixed(1)} KB web.config under a ${plan.parent.label} applicationHost.config`);
  log();
  const underStats = stats(under.analyzeMs);
  log(table(['measure', 'load', 'ms', 'note'], [
    ['one analysis (in-process)', underLoad, mmm(underStats), `${under.analyzeMs.length} analyses after the first; level: ${under.level}${under.mapped ? '' : ' (not mapped)'}; ${under.diagnostics} diagnostics`],
    ['first analysis (builds the parent\'s indexes)', underLoad, num(under.firstMs), 'once per parent version'],
    ['reading and modelling the parent', underLoad, num(under.hierarchyMs), 'once per parent version'],
    ...(underLsp ? [['LSP edit → diagnostics p50 / p95', underLsp.load, pp(underLsp.ms), `${plan.edits} edits, debounce 0; ${underLsp.incremental} incremental, ${underLsp.full} full analyses`]] : []),
    ['CLI whole process: --app-host parent web.config', cliUnder.load, mmm(cliUnder.a), `peak RSS ${num(cliUnder.rssA)} MB`],
    ['CLI whole process: the parent alone', cliUnder.load, mmm(cliUnder.b), `peak RSS ${num(cliUnder.rssB)} MB; ratio ${ratio(cliUnder.a.p50, cliUnder.b.p50)} (of minimums ${ratio(cliUnder.a.min, cliUnder.b.min)})`],
  ]));

  // 4. Edit → diagnostics, requests, typing.
  const edits = new Map<string, EditLatency>();
  let requests: Requests | undefined, typed: Typing | undefined;
  if (plan.lsp) {
    for (const size of plan.lspSizes) {
      note(`language server: edit → diagnostics, applicationHost ${size}…`);
      const f = files.get(size)!;
      edits.set(size, await editLatency(f.file, f.text, plan.edits));
    }
    const f = files.get(plan.requestSize)!;
    note(`language server: hover and completion after edits, ${plan.requestSize}…`);
    requests = await requestLatency(f.file, f.text, plan.requests);
    note(`language server: typing ${plan.keys} keys, ${plan.requestSize}…`);
    typed = await typing(f.file, f.text, plan.keys);
    log();
    log('## Language server over stdio (ms)');
    log();
    log(table(['measure', 'file', 'load', 'p50 / p95 (min–max)', 'note'], [
      ...[...edits].map(([size, e]) => ['edit → diagnostics', `applicationHost ${size}`, e.load, pp(e.ms), `${plan.edits} one-character edits, debounce 0; ${e.incremental} incremental, ${e.full} full analyses`]),
      ['hover 250 ms after an edit', `applicationHost ${plan.requestSize}`, requests.load, pp(requests.hoverAfter250), `debounce ${DEFAULT_DEBOUNCE_MS} ms (the default)`],
      ['completion right after an edit', `applicationHost ${plan.requestSize}`, requests.load, pp(requests.completionRightAfter), `debounce ${DEFAULT_DEBOUNCE_MS} ms`],
      ['hover, idle (1 s after a validation)', `applicationHost ${plan.requestSize}`, requests.load, pp(requests.hoverIdle), ''],
    ]));
    log();
    log(`Typing ${typed.keys} keys into an attribute value of the ${plan.requestSize} file, 100–300 ms apart (seeded), without waiting (debounce ${DEFAULT_DEBOUNCE_MS} ms, load ${typed.load}): `
      + `${typed.published} of ${typed.keys} versions got diagnostics; ${typed.longPausesPublished} of the ${typed.longPauses} keys followed by a pause ≥ the debounce (the last key included) got them; `
      + `the last version's came ${num(typed.afterLastMs)} ms after the last key.`);
  }

  // Rule cost on the largest file.
  const big = rows[rows.length - 1];
  log();
  log(`Rule cost on ${big.label} (median ms per analysis):`);
  log();
  log(table(['rule', 'ms'], Object.entries(big.m.ruleMs).map(([id, t]) => [id, median(t)] as const).sort((x, y) => y[1] - x[1]).map(([id, t]) => [id, num(t)])));

  // The targets, with today's numbers.
  const row = (label: string) => rows.find((r) => r.label.endsWith(label));
  const procRow = (label: string) => proc.find((p) => p.label.endsWith(label));
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**missed**');
  const targets: string[][] = [];
  targets.push([`3 KB web.config under a ${plan.parent.label} applicationHost.config: one analysis`, `${num(underStats.p50)} ms (${num(underStats.min)}–${num(underStats.max)})`, '< 20 ms', verdict(underStats.p50 < 20)]);
  if (underLsp) targets.push(['same, LSP edit → diagnostics p95', `${num(underLsp.ms.p95)} ms`, '< 20 ms', verdict(underLsp.ms.p95 < 20)]);
  targets.push(['same, CLI whole process', `${num(cliUnder.a.p50)} ms vs ${num(cliUnder.b.p50)} ms on the parent alone: ${ratio(cliUnder.a.p50, cliUnder.b.p50)}`, '< 2× the CLI on the parent alone', verdict(cliUnder.a.p50 < 2 * cliUnder.b.p50)]);
  for (const [size, limit] of [['10 MB', 50], ['1 MB', 15]] as const) {
    const e = edits.get(size);
    if (e) targets.push([`${size} applicationHost.config, LSP edit → diagnostics p95`, `${num(e.ms.p95)} ms (p50 ${num(e.ms.p50)})`, `< ${limit} ms`, verdict(e.ms.p95 < limit)]);
  }
  if (requests) {
    targets.push([`hover 250 ms after an edit, ${plan.requestSize}, p95`, `${num(requests.hoverAfter250.p95)} ms`, '< 20 ms', verdict(requests.hoverAfter250.p95 < 20)]);
    targets.push([`completion right after an edit, ${plan.requestSize}, p95`, `${num(requests.completionRightAfter.p95)} ms`, '< 20 ms', verdict(requests.completionRightAfter.p95 < 20)]);
  }
  if (typed) targets.push([`typing ${typed.keys} keys 100–300 ms apart, ${plan.requestSize}: versions that get diagnostics`, `${typed.published} of ${typed.keys}; ${typed.longPausesPublished} of ${typed.longPauses} pauses ≥ the debounce; ${num(typed.afterLastMs)} ms after the last key`, 'every pause ≥ the debounce gets them', verdict(typed.longPausesPublished === typed.longPauses)]);
  const top = row(plan.sizes[plan.sizes.length - 1].label);
  if (top?.libxml2) {
    const a = stats(top.m.analyzeMs), l = stats(top.libxml2.ms);
    targets.push([`full analysis in-process, ${plan.sizes[plan.sizes.length - 1].label}, ÷ libxml2 in-process parse`, `${ratio(a.p50, l.p50)} (${num(a.p50)} ms vs ${num(l.p50)} ms; of minimums ${ratio(a.min, l.min)})`, '≤ 2×', verdict(a.p50 <= 2 * l.p50)]);
  }
  const topProc = procRow(plan.sizes[plan.sizes.length - 1].label);
  if (topProc) {
    targets.push([`CLI whole process, ${plan.sizes[plan.sizes.length - 1].label}, ÷ xmllint --noout`, `${ratio(topProc.a.p50, topProc.b.p50)} (${num(topProc.a.p50)} ms vs ${num(topProc.b.p50)} ms)`, '≤ 3×', verdict(topProc.a.p50 <= 3 * topProc.b.p50)]);
    targets.push([`CLI peak RSS at ${plan.sizes[plan.sizes.length - 1].label} ÷ xmllint`, `${ratio(topProc.rssA, topProc.rssB)} (${num(topProc.rssA)} MB vs ${num(topProc.rssB)} MB)`, '≤ 2×', Number.isFinite(topProc.rssA) ? verdict(topProc.rssA <= 2 * topProc.rssB) : 'not measured']);
  }
  log();
  log(`## Targets (issue 12)${plan.quick ? ' — quick run: smaller files than the targets name' : ''}`);
  log();
  log(table(['case', 'measured', 'target', 'verdict'], targets));
  log();
  log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  if (plan.json) {
    fs.writeFileSync(plan.json, JSON.stringify({ machine: env, xmllint: xmllint ?? null, quick: plan.quick, rows, proc, under, cliUnder, underLsp, edits: Object.fromEntries(edits), requests, typed, targets }, null, 1));
  }
}

main().then(() => process.exit(0), (e) => { process.stderr.write(`bench failed: ${(e as Error)?.stack ?? e}\n`); process.exit(1); });
