/**
 * Decoding configuration files from bytes, as Windows tools write them: UTF-8 with or without a byte-order mark, and
 * UTF-16 (LE or BE) with a BOM. With `TextDecoder` only, so the browser server and the web client decode alike; the
 * analysis layer only sees text.
 */
export interface DecodedText {
  readonly text: string;
  readonly encoding: 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';
}

export function decodeBytes(buf: Uint8Array): DecodedText {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(buf.subarray(2, buf.length - (buf.length % 2))), encoding: 'utf16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(buf.subarray(2, buf.length - (buf.length % 2))), encoding: 'utf16be' };
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf.subarray(3)), encoding: 'utf8-bom' };
  }
  return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf), encoding: 'utf8' };
}
