/**
 * Decoding configuration files from bytes, as Windows tools write them:
 * UTF-8 with or without a byte-order mark, and UTF-16 (LE or BE) with a BOM.
 * Used by the CLI and the language server; the analysis layer only sees text.
 */
import * as fs from 'fs';

export interface DecodedText {
  readonly text: string;
  readonly encoding: 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';
}

export function decodeBytes(buf: Uint8Array): DecodedText {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: Buffer.from(buf.buffer, buf.byteOffset + 2, buf.length - 2).toString('utf16le'), encoding: 'utf16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const b = Buffer.from(buf.subarray(2));
    const swapped = Buffer.alloc(b.length - (b.length % 2));
    for (let i = 0; i + 1 < b.length; i += 2) { swapped[i] = b[i + 1]; swapped[i + 1] = b[i]; }
    return { text: swapped.toString('utf16le'), encoding: 'utf16be' };
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: Buffer.from(buf.buffer, buf.byteOffset + 3, buf.length - 3).toString('utf8'), encoding: 'utf8-bom' };
  }
  return { text: Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('utf8'), encoding: 'utf8' };
}

export function readTextFile(path: string): DecodedText {
  return decodeBytes(fs.readFileSync(path));
}
