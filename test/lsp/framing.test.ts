/**
 * Framing over stdio with the built server: a wrong Content-Length (too small, too large), a header without one, a
 * body that is not JSON — every well-formed message after it is still answered, and the server logs one line that the
 * stream was resynchronised. The correct twin: well-formed frames, split anywhere, are answered with no such line.
 * Also the framer itself (lsp/framing.ts), byte by byte.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as path from 'path';
import { REPO } from '../helpers';
import { createFramer } from '../../server/src/lsp/framing';

const enc = new TextEncoder();
const dec = new TextDecoder();

function frame(msg: unknown, delta = 0, header?: string): Uint8Array {
  const body = enc.encode(JSON.stringify(msg));
  return enc.encode(`${header ?? `Content-Length: ${body.length + delta}`}\r\n\r\n${dec.decode(body)}`);
}
const join = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const request = (id: number) => ({ jsonrpc: '2.0', id, method: 'workspace/executeCommand', params: { command: 'iisConfig.server.listSections', arguments: [{ uri: `file:///nowhere/${id}/web.config` }] } });

/** Messages the server wrote, parsed from its stdout. */
function parseFrames(bytes: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let rest = bytes;
  for (;;) {
    const h = rest.indexOf('\r\n\r\n');
    if (h < 0) break;
    const m = /Content-Length: (\d+)/i.exec(rest.slice(0, h));
    if (!m) break;
    const n = Number(m[1]);
    const bodyBytes = enc.encode(rest.slice(h + 4));
    if (bodyBytes.length < n) break;
    out.push(JSON.parse(dec.decode(bodyBytes.subarray(0, n))));
    rest = dec.decode(bodyBytes.subarray(n));
  }
  return out;
}

/** Send `input` to the real server (in `chunks` pieces) and collect what it writes until `until` holds. */
async function exchange(input: Uint8Array, until: (msgs: Array<Record<string, unknown>>) => boolean, chunk = 0): Promise<Array<Record<string, unknown>>> {
  const proc = spawn(process.execPath, [path.join(REPO, 'bin', 'iis-config-language-server'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += String(d); });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${out}; stderr ${err}`)), 15000);
      proc.stdout.on('data', (d) => {
        out += String(d);
        const msgs = parseFrames(out);
        if (until(msgs)) { clearTimeout(timer); resolve(msgs); }
      });
      if (chunk > 0) for (let i = 0; i < input.length; i += chunk) proc.stdin.write(input.subarray(i, i + chunk));
      else proc.stdin.write(input);
    });
  } finally {
    proc.kill();
  }
}

const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const initialized = { jsonrpc: '2.0', method: 'initialized', params: {} };
const answered = (msgs: Array<Record<string, unknown>>, ids: number[]) => ids.every((id) => msgs.some((m) => m.id === id && !('method' in m)));
const resyncLines = (msgs: Array<Record<string, unknown>>) => msgs.filter((m) => m.method === 'window/logMessage' && /resynchronised/.test(String((m.params as { message: string }).message)));

describe('framing over stdio (the built server)', () => {
  it('twin: well-formed frames, sent one byte at a time, are all answered and nothing is resynchronised', async () => {
    const input = join([frame(init), frame(initialized), frame(request(2)), frame(request(3))]);
    const msgs = await exchange(input, (m) => answered(m, [1, 2, 3]), 1);
    assert.equal(resyncLines(msgs).length, 0);
  });

  for (const [what, bad] of [
    ['a Content-Length too small', frame(request(2), -7)],
    ['a Content-Length too large', frame(request(2), 25)],
    ['a header without Content-Length', frame(request(2), 0, 'Content-Type: application/vscode-jsonrpc; charset=utf-8')],
    ['a body that is not JSON', enc.encode('Content-Length: 12\r\n\r\nnot json!!!!')],
  ] as const) {
    it(`${what}: the messages after it are answered, and one line says the stream was resynchronised`, async () => {
      const input = join([frame(init), frame(initialized), bad, frame(request(3)), frame(request(4))]);
      const msgs = await exchange(input, (m) => answered(m, [1, 3, 4]) && resyncLines(m).length > 0);
      assert.ok(answered(msgs, [3, 4]));
      assert.equal(resyncLines(msgs).length, 1, JSON.stringify(resyncLines(msgs)));
      // A length that was only wrong loses nothing: the message itself is read with its real length.
      if (what.startsWith('a Content-Length')) assert.ok(answered(msgs, [2]), `request 2 answered too: ${JSON.stringify(msgs.map((m) => m.id))}`);
    });
  }
});

describe('framer (lsp/framing.ts)', () => {
  const run = (input: Uint8Array, chunk: number) => {
    const frames: string[] = [];
    const lines: string[] = [];
    const f = createFramer({ frame: (b) => frames.push(dec.decode(b)), onResync: (l) => lines.push(l) });
    for (let i = 0; i < input.length; i += chunk) f.push(input.subarray(i, i + chunk));
    return { bodies: frames.map((x) => JSON.parse(x.slice(x.indexOf('\r\n\r\n') + 4)) as { id?: number }), frames, lines };
  };
  const tricky = { jsonrpc: '2.0', id: 7, method: 'x', params: { text: 'a "}" ]]] \\" {{ Content-Length: 3\r\n\r\n{ é ✓' } };

  for (const chunk of [1, 3, 64, 100000]) {
    it(`chunks of ${chunk}: strings with brackets, quotes and a header inside pass unchanged; wrong lengths are corrected`, () => {
      const ok = run(join([frame(request(1)), frame(tricky), frame(request(2))]), chunk);
      assert.deepEqual(ok.bodies.map((b) => b.id), [1, 7, 2]);
      assert.deepEqual(ok.lines, []);
      assert.equal(JSON.stringify(ok.bodies[1]), JSON.stringify(tricky));
      const bad = run(join([frame(request(1), -3), frame(tricky, 9), frame(request(2)), enc.encode('Content-Length: 5\r\n\r\n{"a":'), frame(request(3))]), chunk);
      assert.deepEqual(bad.bodies.map((b) => b.id), [1, 7, 2, 3]);
      assert.equal(bad.lines.length, 3, bad.lines.join('\n'));
    });
  }

  it('a 4 MB message in 64 KB chunks is one frame; so is one with many escapes and strings', () => {
    const big = frame({ jsonrpc: '2.0', method: 'didOpen', params: { text: 'x'.repeat(4 * 1024 * 1024) } });
    let calls = 0;
    const f = createFramer({ frame: () => { calls++; }, onResync: () => assert.fail('no resync') });
    for (let i = 0; i < big.length; i += 65536) f.push(big.subarray(i, i + 65536));
    assert.equal(calls, 1);
    const strings = frame({ jsonrpc: '2.0', method: 'x', params: { list: Array.from({ length: 20000 }, (_, i) => ({ uri: `file:///a/${i}`, t: 'q\\"\\' })) } });
    for (let i = 0; i < strings.length; i += 4096) f.push(strings.subarray(i, i + 4096));
    assert.equal(calls, 2);
  });
});
