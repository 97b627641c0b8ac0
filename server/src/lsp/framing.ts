/**
 * Base-protocol framing that survives a wrong `Content-Length` (LSP over a byte stream: stdio, sockets, pipes).
 *
 * The JSON-RPC reader trusts the header: a length too small leaves the rest of the body to be read as the next
 * header, a length too large swallows the next message; either way the next one or two messages are lost without a
 * word. This framer sits in front of it: it reads each frame's header, finds where the JSON value of the body really
 * ends (an incremental scan of brackets and strings, linear in the bytes), and passes on well-formed frames only.
 * When the header's length and the body disagree, or the bytes are not a frame at all, it resynchronises: the JSON
 * value is delivered with its real length when it is one, else the bytes up to the next `Content-Length:` header are
 * dropped, and `onResync` is called once per incident with a line to log.
 *
 * Platform-neutral (Uint8Array, no Node API); the node entry feeds it from stdin.
 */

const HEADER_END = [13, 10, 13, 10];
const CONTENT_LENGTH = 'content-length:';
/** A header block longer than this is not a header: resynchronise. */
const MAX_HEADER = 8192;

export interface FramerOptions {
  /** A well-formed frame (header and body) to hand to the JSON-RPC reader. */
  frame(bytes: Uint8Array): void;
  /** The stream was resynchronised; `line` says why, in one line. */
  onResync(line: string): void;
}

export interface Framer {
  push(chunk: Uint8Array): void;
}

function isSpace(c: number): boolean { return c === 32 || c === 9 || c === 13 || c === 10; }

/** Index of `needle` (ASCII, lower case) in `hay` from `from`, comparing case-insensitively; -1 when absent. */
function indexOfAscii(hay: Uint8Array, needle: string, from: number): number {
  const n = needle.length;
  const first = needle.charCodeAt(0);
  outer: for (let i = from; i + n <= hay.length; i++) {
    if ((hay[i] | 0x20) !== first) continue;
    for (let k = 1; k < n; k++) {
      const c = hay[i + k];
      const lower = c >= 65 && c <= 90 ? c | 0x20 : c;
      if (lower !== needle.charCodeAt(k)) continue outer;
    }
    return i;
  }
  return -1;
}

function indexOfSeq(hay: Uint8Array, seq: readonly number[], from: number, limit: number): number {
  const end = Math.min(hay.length, limit);
  outer: for (let i = from; i + seq.length <= end; i++) {
    for (let k = 0; k < seq.length; k++) if (hay[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

/** The Content-Length of a header block (ASCII), or undefined when it has none or it is not a number. */
function contentLength(header: Uint8Array): number | undefined {
  let text = '';
  for (let i = 0; i < header.length; i++) text += String.fromCharCode(header[i]);
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const v = line.slice(colon + 1).trim();
    return /^\d{1,12}$/.test(v) ? Number(v) : undefined;
  }
  return undefined;
}

/** Incremental scan of one JSON value: where it ends (the byte after it), carried across chunks. */
class JsonEnd {
  private depth = 0;
  private inString = false;
  private escape = false;
  private started = false;
  /** Bytes of the body scanned so far. */
  scanned = 0;
  /** The body does not start with '{' or '[' (not a JSON-RPC message). */
  bad = false;
  /** The next backslash after the scan position, or the end of the bytes searched (cached: they may be far apart). */
  private backslash = -1;

  /** Scan `buf[from + scanned …]`; the offset (from `from`) just past the value, or -1 when it has not ended yet. */
  scan(buf: Uint8Array, from: number): number {
    for (let i = from + this.scanned; i < buf.length; i++) {
      const c = buf[i];
      if (!this.started) {
        if (isSpace(c)) continue;
        if (c !== 123 && c !== 91) { this.bad = true; this.scanned = i - from; return -1; }
        this.started = true;
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escape) { this.escape = false; continue; }
        if (c === 92) { this.escape = true; continue; }
        if (c === 34) { this.inString = false; continue; }
        // Skip to the next quote or backslash natively (most bytes of a didOpen are inside one string).
        // buf[i] is neither, so both found positions lie after i and the scan moves on.
        const quote = buf.indexOf(34, i);
        if (this.backslash <= i) {
          const b = buf.indexOf(92, i);
          this.backslash = b < 0 ? buf.length : b; // none in what has arrived: looked for again from there
        }
        i = Math.min(quote < 0 ? buf.length : quote, this.backslash) - 1;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (--this.depth === 0) { this.scanned = i + 1 - from; return i + 1 - from; }
      }
    }
    this.scanned = buf.length - from;
    return -1;
  }
}

const encoder = new TextEncoder();

/** The unread input: one growing array (capacity doubled, so appending is linear), read from `off`. */
class ByteQueue {
  private data = new Uint8Array(4096);
  private off = 0;
  private end = 0;
  get length(): number { return this.end - this.off; }
  /** The unread bytes (a view: valid until the next push or consume). */
  view(): Uint8Array { return this.data.subarray(this.off, this.end); }
  push(chunk: Uint8Array): void {
    const live = this.end - this.off;
    if (this.end + chunk.length > this.data.length) {
      if (live + chunk.length <= this.data.length / 2) this.data.copyWithin(0, this.off, this.end);
      else {
        const next = new Uint8Array(Math.max(this.data.length * 2, live + chunk.length));
        next.set(this.data.subarray(this.off, this.end), 0);
        this.data = next;
      }
      this.off = 0;
      this.end = live;
    }
    this.data.set(chunk, this.end);
    this.end += chunk.length;
  }
  consume(n: number): void { this.off += Math.min(n, this.length); if (this.off === this.end) this.off = this.end = 0; }
}

/** A framer that passes on well-formed frames and resynchronises on the next `Content-Length:` header. */
export function createFramer(o: FramerOptions): Framer {
  const q = new ByteQueue();
  /** The frame being read: where its body starts (in the view), the length its header gave, the scan of its value. */
  let current: { bodyStart: number; length: number; json: JsonEnd; searchFrom: number } | undefined;
  /** Bytes are being skipped until a Content-Length header appears. */
  let dropping = false;
  /** White space the last frame's stated length still counts after its value (a length too large shows here). */
  let owed = 0;
  let owedLength = 0;

  const say = (why: string) => o.onResync(`[iis-config] framing error (${why}): the input stream was resynchronised at the next message`);

  const resync = (why: string, from: number) => {
    say(why);
    const buf = q.view();
    const next = indexOfAscii(buf, CONTENT_LENGTH, from);
    current = undefined;
    if (next < 0) { q.consume(Math.max(0, buf.length - CONTENT_LENGTH.length)); dropping = true; } else q.consume(next);
  };

  const emit = (body: Uint8Array) => {
    const header = encoder.encode(`Content-Length: ${body.length}\r\n\r\n`);
    const out = new Uint8Array(header.length + body.length);
    out.set(header, 0);
    out.set(body, header.length);
    o.frame(out);
  };

  const step = (): boolean => {
    let buf = q.view();
    if (dropping) {
      const next = indexOfAscii(buf, CONTENT_LENGTH, 0);
      if (next < 0) { q.consume(Math.max(0, buf.length - CONTENT_LENGTH.length)); return false; }
      q.consume(next);
      dropping = false;
      buf = q.view();
    }
    if (!current) {
      // White space between frames is skipped; what the previous frame's length still counted must be white space.
      let start = 0;
      while (start < buf.length && isSpace(buf[start])) start++;
      if (owed > 0) {
        if (start >= owed || start < buf.length) {
          if (start < owed) say(`Content-Length ${owedLength} was larger than its message`);
          owed = 0;
        } else owed -= start;
      }
      if (start) { q.consume(start); buf = q.view(); }
      if (!buf.length) return false;
      const end = indexOfSeq(buf, HEADER_END, 0, MAX_HEADER + 4);
      if (end < 0) {
        if (buf.length > MAX_HEADER) { resync('no end of header', 1); return true; }
        if (buf[0] === 123 || buf[0] === 91) { resync('a message without a header', 1); return true; }
        return false;
      }
      const length = contentLength(buf.subarray(0, end));
      if (length === undefined) { resync('a header without a valid Content-Length', 1); return true; }
      current = { bodyStart: end + 4, length, json: new JsonEnd(), searchFrom: end + 4 + length };
    }
    const c = current;
    const valueEnd = c.json.scan(buf, c.bodyStart);
    if (c.json.bad) { resync('the body is not a JSON-RPC message', c.bodyStart); return true; }
    if (valueEnd < 0) {
      // Past the stated length with the value still open: a header there means the body was broken; drop it.
      if (buf.length > c.searchFrom) {
        const next = indexOfAscii(buf, CONTENT_LENGTH, c.searchFrom);
        if (next >= 0) { resync('a message that is not well-formed JSON', next); return true; }
        c.searchFrom = Math.max(c.searchFrom, buf.length - CONTENT_LENGTH.length + 1);
      }
      return false;
    }
    emit(buf.subarray(c.bodyStart, c.bodyStart + valueEnd));
    current = undefined;
    q.consume(c.bodyStart + valueEnd);
    if (c.length < valueEnd) say(`Content-Length ${c.length}, but the message has ${valueEnd} bytes`);
    else if (c.length > valueEnd) { owed = c.length - valueEnd; owedLength = c.length; }
    return true;
  };

  return {
    push(chunk) {
      q.push(chunk);
      while (step()) { /* frames and resynchronisations until more input is needed */ }
    },
  };
}
