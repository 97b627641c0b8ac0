/**
 * Client certificates as IIS one-to-one mappings store them: the
 * `certificate` attribute of `oneToOneMappings/add` holds the certificate's
 * DER bytes as one line of base64, and IIS compares that string with the
 * certificate the client presents, character for character. So a value that
 * is not exactly that (PEM armour, line breaks, a truncated copy) never
 * matches, and IIS answers 401 without saying why.
 *
 * Pure: strings and bytes in, facts out. Node's `crypto.X509Certificate`
 * decides whether the bytes are a certificate and gives names and
 * fingerprints; a small DER reader below takes the validity dates, the serial
 * and the key usage / extended key usage extensions (RFC 5280 §4.1, §4.2.1.3,
 * §4.2.1.12), which X509Certificate does not expose as data.
 *
 * Sources: IIS configuration reference, iisClientCertificateMappingAuthentication
 * and oneToOneMappings/add (the value is the base64 of the public
 * certificate, must match exactly, line breaks must be removed); RFC 5280.
 * See ../shared/reference/notes/05-client-cert-mapping.md §5.1.
 */
import { X509Certificate, createHash } from 'crypto';

export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_ANY_EKU = '2.5.29.37.0';

/** Names of extended key usages, in the words Windows certificate dialogs use. */
const EKU_NAMES: Readonly<Record<string, string>> = {
  [OID_SERVER_AUTH]: 'Server Authentication',
  [OID_CLIENT_AUTH]: 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  [OID_ANY_EKU]: 'Any Purpose',
  '1.3.6.1.4.1.311.20.2.2': 'Smart Card Logon',
  '1.3.6.1.4.1.311.10.3.4': 'Encrypting File System',
};

/** keyUsage bits in order (RFC 5280 §4.2.1.3). */
const KEY_USAGE_BITS = [
  'Digital Signature', 'Non-Repudiation', 'Key Encipherment', 'Data Encipherment', 'Key Agreement',
  'Certificate Signing', 'CRL Signing', 'Encipher Only', 'Decipher Only',
] as const;

export interface ExtendedKeyUsage {
  readonly oid: string;
  /** Windows' name for it, or undefined for an OID we do not name. */
  readonly name?: string;
}

export interface CertificateFacts {
  /** Relative distinguished names as in the certificate, e.g. "C=US, O=Contoso, CN=alice". */
  readonly subject: string;
  readonly issuer: string;
  /** Serial number, upper-case hex. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-1 of the DER bytes, upper-case hex without separators (the "thumbprint" Windows shows). */
  readonly thumbprint: string;
  /** SHA-256 of the DER bytes, upper-case hex without separators. */
  readonly sha256: string;
  /** keyUsage names; undefined when the certificate has no keyUsage extension. */
  readonly keyUsage?: readonly string[];
  /** Extended key usages; undefined when the certificate has no EKU extension (then it is valid for any purpose). */
  readonly extendedKeyUsage?: readonly ExtendedKeyUsage[];
  /** basicConstraints cA flag. */
  readonly isCertificateAuthority: boolean;
}

export type CertificateProblemKind =
  | 'empty' | 'pem' | 'whitespace' | 'not-base64' | 'bad-length' | 'not-der' | 'truncated' | 'trailing-bytes' | 'not-x509';

export interface CertificateProblem {
  readonly kind: CertificateProblemKind;
  /** Plain text, one sentence; never includes the value itself. */
  readonly message: string;
  /** More explanation (plain text, may be several sentences), for the hover. */
  readonly detail?: string;
  /** The single-line base64 form that fixes the value, when one can be derived (PEM armour, whitespace). */
  readonly fixed?: string;
}

export type CertificateReading =
  | { readonly ok: true; readonly facts: CertificateFacts }
  /** `facts`: what the value holds once cleaned up (for a PEM or wrapped value), when that is a certificate. */
  | { readonly ok: false; readonly problem: CertificateProblem; readonly facts?: CertificateFacts };

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Reads the value of a `certificate` attribute (the decoded attribute value,
 * as IIS sees it). `ok` only when the value is exactly one line of canonical
 * base64 of one DER X.509 certificate.
 */
export function readCertificateValue(value: string, rawValue: string = value): CertificateReading {
  if (value.trim() === '') return { ok: false, problem: { kind: 'empty', message: 'The certificate is empty; IIS needs the base64 of the client certificate here.' } };

  if (/-----BEGIN /.test(value)) {
    const blocks = pemBlocks(value).filter((b) => b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE');
    const compact = blocks.length === 1 ? blocks[0].body.replace(/\s+/g, '') : undefined;
    const inner = compact !== undefined ? decodeCompact(compact) : undefined;
    const facts = inner && 'facts' in inner ? inner.facts : undefined;
    const message = 'The certificate is PEM-armoured, but IIS compares the bare base64 only, so it never matches.';
    const detail = 'IIS compares the value with the client\'s certificate as one line of base64, without "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----" or line breaks. ' +
      (blocks.length > 1 ? 'The value holds several PEM blocks; keep only the client certificate\'s.' : 'Remove the header, footer and line breaks.');
    return { ok: false, problem: { kind: 'pem', message, detail, ...(facts ? { fixed: compact } : {}) }, ...(facts ? { facts } : {}) };
  }

  if (/\s/.test(value)) {
    const compact = value.replace(/\s+/g, '');
    const inner = decodeCompact(compact);
    // Not base64 even without the whitespace (a placeholder, prose): that is the problem to tell.
    if ('problem' in inner && inner.problem.kind === 'not-base64') return { ok: false, problem: inner.problem };
    const what = /[\r\n]|&#(x0*[aAdD]|0*1[03]);/.test(rawValue) || /[\r\n]/.test(value) ? 'line breaks' : 'spaces';
    const exact = 'IIS compares the string exactly, so it must be one line of base64 without whitespace.';
    if ('problem' in inner) {
      return { ok: false, problem: { kind: 'whitespace', message: `The certificate contains ${what} and is not usable even without them.`, detail: `${inner.problem.message} ${exact}` } };
    }
    return { ok: false, problem: { kind: 'whitespace', message: `The certificate contains ${what}, so IIS never matches it; write it as one line of base64.`, detail: exact, fixed: compact }, facts: inner.facts };
  }

  const r = decodeCompact(value);
  return 'facts' in r ? { ok: true, facts: r.facts } : { ok: false, problem: r.problem };
}

/** A compact (whitespace-free, unarmoured) value: base64 → DER → certificate. */
function decodeCompact(value: string): { facts: CertificateFacts } | { problem: CertificateProblem } {
  const bad = /[^A-Za-z0-9+/=]/.exec(value);
  if (bad) {
    const ch = bad[0];
    const shown = ch === '"' || ch === "'" ? ch : JSON.stringify(ch).slice(1, -1);
    const hint = value.length < 200
      ? 'A certificate is several hundred characters long: this may be a placeholder.'
      : /^[A-Za-z0-9_=-]+$/.test(value)
        ? 'This looks like base64url; IIS stores standard base64, with "+" and "/".'
        : undefined;
    return { problem: { kind: 'not-base64', message: `The certificate is not base64: character '${shown}' at position ${bad.index + 1} is not in the base64 alphabet.`, ...(hint ? { detail: hint } : {}) } };
  }
  if (!STRICT_BASE64.test(value)) {
    const why = value.length % 4 !== 0
      ? `its length (${value.length}) is not a multiple of 4`
      : '"=" padding appears before the end';
    return { problem: { kind: 'bad-length', message: `The certificate is not valid base64: ${why}.`, detail: 'The value was cut short or padded wrongly.' } };
  }
  const der = Buffer.from(value, 'base64');
  const structure = checkDerEnvelope(der);
  if (structure) return { problem: structure };
  let facts: CertificateFacts;
  try {
    facts = certificateFacts(der);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { problem: { kind: 'not-x509', message: 'The base64 decodes to bytes that are not an X.509 certificate.', detail: `Reading it as a certificate failed: ${reason}.` } };
  }
  return { facts };
}

/** The outer DER SEQUENCE must cover the bytes exactly. */
function checkDerEnvelope(der: Uint8Array): CertificateProblem | undefined {
  if (der.length === 0 || der[0] !== 0x30) {
    return { kind: 'not-der', message: 'The base64 decodes to bytes that are not an X.509 certificate.', detail: 'A DER certificate starts with a SEQUENCE.' };
  }
  let tlv: Tlv;
  try {
    tlv = readTlv(der, 0, der.length, true);
  } catch (e) {
    if (e instanceof DerError && e.truncated) {
      return { kind: 'truncated', message: `The certificate is truncated: its DER header announces ${e.truncated.expected} bytes but the value holds ${e.truncated.actual}.` };
    }
    return { kind: 'not-der', message: 'The base64 decodes to bytes that are not an X.509 certificate.', detail: `Reading its DER structure failed: ${(e as Error).message}.` };
  }
  if (tlv.end < der.length) {
    return { kind: 'trailing-bytes', message: `The certificate is followed by ${der.length - tlv.end} extra bytes; the value must hold exactly one certificate.` };
  }
  return undefined;
}

/** Facts about a DER certificate. Throws when the bytes are not one. */
export function certificateFacts(der: Uint8Array): CertificateFacts {
  const tbs = readTbs(der);
  let x: X509Certificate;
  try {
    x = new X509Certificate(Buffer.from(der));
  } catch {
    throw new Error('its X.509 structure could not be read');
  }
  const hex = (alg: 'sha1' | 'sha256') => createHash(alg).update(der).digest('hex').toUpperCase();
  return {
    subject: dn(x.subject),
    issuer: dn(x.issuer),
    serialNumber: tbs.serial,
    notBefore: tbs.notBefore,
    notAfter: tbs.notAfter,
    thumbprint: hex('sha1'),
    sha256: hex('sha256'),
    ...(tbs.keyUsage ? { keyUsage: tbs.keyUsage } : {}),
    ...(tbs.extendedKeyUsage ? { extendedKeyUsage: tbs.extendedKeyUsage } : {}),
    isCertificateAuthority: tbs.isCA,
  };
}

/** Node gives one RDN per line; show them on one line. */
function dn(s: string): string {
  return s.split('\n').map((l) => l.trim()).filter(Boolean).join(', ');
}

/** Does the certificate allow TLS client authentication? (No EKU extension: any purpose.) */
export function allowsClientAuth(facts: CertificateFacts): boolean {
  const eku = facts.extendedKeyUsage;
  return !eku || eku.some((e) => e.oid === OID_CLIENT_AUTH || e.oid === OID_ANY_EKU);
}

export type ValidityState = { readonly state: 'valid' } | { readonly state: 'expired' | 'not-yet-valid'; readonly date: Date };

export function validityAt(facts: CertificateFacts, now: Date): ValidityState {
  if (now.getTime() > facts.notAfter.getTime()) return { state: 'expired', date: facts.notAfter };
  if (now.getTime() < facts.notBefore.getTime()) return { state: 'not-yet-valid', date: facts.notBefore };
  return { state: 'valid' };
}

/** "2031-05-04 10:00:00 UTC": a date as messages and hovers show it, independent of the local time zone. */
export function formatUtc(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

// ---------------------------------------------------------------------------
// Certificate files (for "Insert client certificate mapping from file…")

export interface CertificateFile {
  /** The single-line base64 to store in `certificate`. */
  readonly base64: string;
  readonly facts: CertificateFacts;
  /** Certificates in the file; the first one is used. */
  readonly count: number;
}

/**
 * The bytes of a .cer/.crt/.pem file (DER, or PEM text with one or more
 * CERTIFICATE blocks, or bare base64) → the certificate IIS should store.
 * Private keys and other PEM blocks in the file are skipped and never
 * returned. Throws an Error with a plain message when the file holds no certificate.
 */
export function readCertificateFile(bytes: Uint8Array): CertificateFile {
  const buf = Buffer.from(bytes);
  if (buf.length === 0) throw new Error('The file is empty.');
  if (buf[0] === 0x30) {
    const problem = checkDerEnvelope(buf);
    if (problem) throw new Error(`The file is not a usable DER certificate. ${problem.message}`);
    return { base64: buf.toString('base64'), facts: certificateFacts(buf), count: 1 };
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/-----BEGIN /.test(text)) {
    const certs = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE');
    if (!certs.length) throw new Error('The file holds PEM data but no CERTIFICATE block.');
    const base64 = certs[0].body.replace(/\s+/g, '');
    const r = decodeCompact(base64);
    if ('problem' in r) throw new Error(`The first certificate in the file cannot be read: ${r.problem.message}`);
    return { base64, facts: r.facts, count: certs.length };
  }
  const compact = text.replace(/\s+/g, '');
  const r = decodeCompact(compact);
  if ('problem' in r) throw new Error(`The file is neither a DER nor a PEM certificate: ${r.problem.message}`);
  return { base64: compact, facts: r.facts, count: 1 };
}

function pemBlocks(text: string): Array<{ label: string; body: string }> {
  const out: Array<{ label: string; body: string }> = [];
  for (const m of text.matchAll(PEM_BLOCK)) out.push({ label: m[1], body: m[2] });
  return out;
}

/** The `<add>` entry of a one-to-one mapping for a certificate (userName left for the user to fill in). */
export function mappingEntryText(base64: string): string {
  return `<add userName="" certificate="${base64}" />`;
}

// ---------------------------------------------------------------------------
// A small DER reader: definite lengths only, every length checked against
// the bytes that are there.

class DerError extends Error {
  constructor(message: string, readonly truncated?: { expected: number; actual: number }) { super(message); }
}

interface Tlv {
  /** The identifier octet. */
  readonly tag: number;
  /** Offset of the contents. */
  readonly start: number;
  /** Offset after the contents. */
  readonly end: number;
}

function readTlv(b: Uint8Array, offset: number, limit: number, outer = false): Tlv {
  if (offset + 2 > limit) throw new DerError('unexpected end of data');
  const tag = b[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in certificates');
  let len = b[offset + 1];
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4) throw new DerError('length too large');
    if (start + n > limit) throw new DerError('unexpected end of data');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  const end = start + len;
  if (end > limit) {
    if (outer) throw new DerError('truncated', { expected: end, actual: limit });
    throw new DerError('an element runs past the end of its container');
  }
  return { tag, start, end };
}

function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.start;
  while (p < parent.end) {
    const t = readTlv(b, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`${what} missing`);
  return t;
}

function decodeOid(b: Uint8Array, t: Tlv): string {
  if (t.end <= t.start) throw new DerError('empty object identifier');
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier component too large');
    if (!(b[i] & 0x80)) {
      if (!parts.length) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  if (b[t.end - 1] & 0x80) throw new DerError('object identifier cut short');
  return parts.join('.');
}

function decodeTime(b: Uint8Array, t: Tlv): Date {
  const s = Buffer.from(b.subarray(t.start, t.end)).toString('latin1');
  let m: RegExpExecArray | null;
  if (t.tag === 0x17) { // UTCTime YYMMDDHHMM[SS]Z
    m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
    if (!m) throw new DerError('bad UTCTime');
    const yy = Number(m[1]);
    return utc(yy >= 50 ? 1900 + yy : 2000 + yy, m[2], m[3], m[4], m[5], m[6] ?? '0');
  }
  if (t.tag === 0x18) { // GeneralizedTime YYYYMMDDHHMMSS[.fff]Z
    m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(s);
    if (!m) throw new DerError('bad GeneralizedTime');
    return utc(Number(m[1]), m[2], m[3], m[4], m[5], m[6]);
  }
  throw new DerError('validity time has an unexpected type');
}

function utc(year: number, mo: string, d: string, h: string, mi: string, s: string): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  if (Number.isNaN(date.getTime())) throw new DerError('bad date');
  return date;
}

interface TbsFacts {
  serial: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage?: string[];
  extendedKeyUsage?: ExtendedKeyUsage[];
  isCA: boolean;
}

function readTbs(b: Uint8Array): TbsFacts {
  const cert = readTlv(b, 0, b.length, true);
  const tbs = expectTag(children(b, cert)[0], 0x30, 'tbsCertificate');
  const f = children(b, tbs);
  let i = 0;
  if (f[i]?.tag === 0xa0) i++; // [0] version
  const serialTlv = expectTag(f[i++], 0x02, 'serial number');
  expectTag(f[i++], 0x30, 'signature algorithm');
  expectTag(f[i++], 0x30, 'issuer');
  const validity = children(b, expectTag(f[i++], 0x30, 'validity'));
  if (validity.length !== 2) throw new DerError('validity must hold two times');
  expectTag(f[i++], 0x30, 'subject');
  expectTag(f[i++], 0x30, 'subject public key info');
  let serialBytes = b.subarray(serialTlv.start, serialTlv.end);
  while (serialBytes.length > 1 && serialBytes[0] === 0) serialBytes = serialBytes.subarray(1);
  const out: TbsFacts = {
    serial: Buffer.from(serialBytes).toString('hex').toUpperCase(),
    notBefore: decodeTime(b, validity[0]),
    notAfter: decodeTime(b, validity[1]),
    isCA: false,
  };
  for (; i < f.length; i++) {
    if (f[i].tag !== 0xa3) continue; // [1], [2]: unique identifiers
    const exts = expectTag(children(b, f[i])[0], 0x30, 'extensions');
    for (const ext of children(b, exts)) {
      const parts = children(b, ext);
      const oid = decodeOid(b, expectTag(parts[0], 0x06, 'extension id'));
      const valueTlv = expectTag(parts[parts.length - 1], 0x04, 'extension value');
      const inner = readTlv(b, valueTlv.start, valueTlv.end);
      if (oid === OID_KEY_USAGE) out.keyUsage = keyUsageNames(b, expectTag(inner, 0x03, 'keyUsage bit string'));
      else if (oid === OID_EXT_KEY_USAGE) {
        out.extendedKeyUsage = children(b, expectTag(inner, 0x30, 'extKeyUsage sequence')).map((t) => {
          const o = decodeOid(b, expectTag(t, 0x06, 'key purpose id'));
          return EKU_NAMES[o] ? { oid: o, name: EKU_NAMES[o] } : { oid: o };
        });
      } else if (oid === OID_BASIC_CONSTRAINTS) {
        const first = children(b, expectTag(inner, 0x30, 'basicConstraints sequence'))[0];
        out.isCA = !!first && first.tag === 0x01 && first.end > first.start && b[first.start] !== 0;
      }
    }
  }
  return out;
}

function keyUsageNames(b: Uint8Array, bits: Tlv): string[] {
  if (bits.end <= bits.start) throw new DerError('empty keyUsage');
  const unused = b[bits.start];
  const bytes = b.subarray(bits.start + 1, bits.end);
  const total = bytes.length * 8 - unused;
  const names: string[] = [];
  for (let bit = 0; bit < total && bit < KEY_USAGE_BITS.length; bit++) {
    if (bytes[bit >> 3] & (0x80 >> (bit & 7))) names.push(KEY_USAGE_BITS[bit]);
  }
  return names;
}
