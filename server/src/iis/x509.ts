/**
 * X.509 certificates (RFC 5280) read from their DER bytes, without Node's crypto (the engine runs in browsers too):
 * the structure (§4.1: tbsCertificate, signatureAlgorithm, signatureValue; version, serial, names, validity, subject
 * public key info, extensions), the distinguished names, the validity dates, and the key usage, extended key usage
 * and basic constraints extensions (§4.2.1.3, §4.2.1.12, §4.2.1.9).
 *
 * Distinguished names are written as OpenSSL's one-RDN-per-line form writes them (what Node's
 * `X509Certificate.subject` returned, which this code replaced): short attribute names (`CN`, `O`, `emailAddress`, …;
 * the dotted OID for others), `+` between the values of a multi-valued RDN, the RFC 2253 characters escaped with a
 * backslash, control characters as `\XX`, everything else as UTF-8.
 */
import { bytesToHex } from '../util/base64';

export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_ANY_EKU = '2.5.29.37.0';

/** Names of extended key usages, in the words Windows certificate dialogs use. */
export const EKU_NAMES: Readonly<Record<string, string>> = {
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
export const KEY_USAGE_BITS = [
  'Digital Signature', 'Non-Repudiation', 'Key Encipherment', 'Data Encipherment', 'Key Agreement',
  'Certificate Signing', 'CRL Signing', 'Encipher Only', 'Decipher Only',
] as const;

export interface ExtendedKeyUsage {
  readonly oid: string;
  /** Windows' name for it, or undefined for an OID we do not name. */
  readonly name?: string;
}


// ---------------------------------------------------------------------------
// A small DER reader: definite lengths only, every length checked against
// the bytes that are there.

export class DerError extends Error {
  constructor(message: string, readonly truncated?: { expected: number; actual: number }) { super(message); }
}

export interface Tlv {
  /** The identifier octet. */
  readonly tag: number;
  /** Offset of the contents. */
  readonly start: number;
  /** Offset after the contents. */
  readonly end: number;
}

export function readTlv(b: Uint8Array, offset: number, limit: number, outer = false): Tlv {
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

/** An INTEGER in DER: not empty, and in its shortest form (X.690 §8.3.2: the first nine bits are not all equal). */
function expectInteger(b: Uint8Array, t: Tlv | undefined, what: string): Tlv {
  const n = expectTag(t, INTEGER, what);
  if (n.end <= n.start) throw new DerError(`empty ${what}`);
  if (n.end - n.start > 1 && ((b[n.start] === 0 && !(b[n.start + 1] & 0x80)) || (b[n.start] === 0xff && b[n.start + 1] & 0x80))) {
    throw new DerError(`${what}: an integer not in its shortest form`);
  }
  return n;
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
  const s = latin1(b, t.start, t.end);
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

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** What {@link readX509} finds in a certificate. */
export interface X509Facts {
  /** Distinguished names, one RDN per line (OpenSSL's multi-line form, as Node's X509Certificate wrote them). */
  readonly subject: string;
  readonly issuer: string;
  /** Serial number, upper-case hex without leading zero bytes. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keyUsage?: string[];
  readonly extendedKeyUsage?: ExtendedKeyUsage[];
  readonly isCA: boolean;
}

const SEQUENCE = 0x30, SET = 0x31, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, OID = 0x06, BOOLEAN = 0x01;

const NULL = 0x05;

/** An AlgorithmIdentifier: SEQUENCE { OID, parameters OPTIONAL } (NULL, a curve OID, a SEQUENCE: each well-formed). */
function expectAlgorithm(b: Uint8Array, t: Tlv | undefined, what: string): void {
  const parts = children(b, expectTag(t, SEQUENCE, what));
  if (parts.length < 1 || parts.length > 2) throw new DerError(`${what} must hold an algorithm and its parameters`);
  decodeOid(b, expectTag(parts[0], OID, `${what} algorithm`));
  const p = parts[1];
  if (!p) return;
  if (p.tag === OID) decodeOid(b, p);
  else if (p.tag === NULL) { if (p.end !== p.start) throw new DerError(`${what} parameters: NULL with contents`); }
  else if (p.tag === SEQUENCE) children(b, p);
  else if (p.tag === 0x21 || p.tag === 0x22 || p.tag === 0x25 || p.tag === 0x26) throw new DerError(`${what} parameters: a constructed primitive type`);
}

/** A BIT STRING: the count of unused bits (0–7, 0 when empty) first. */
function expectBitString(b: Uint8Array, t: Tlv | undefined, what: string, tag = BIT_STRING): Tlv {
  const bits = expectTag(t, tag, what);
  if (bits.end <= bits.start || b[bits.start] > 7 || (bits.end - bits.start === 1 && b[bits.start] !== 0)) throw new DerError(`${what}: malformed bit string`);
  return bits;
}

/**
 * Reads a DER certificate: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
 * Throws a DerError naming the first part that is missing or malformed.
 */
export function readX509(b: Uint8Array): X509Facts {
  const cert = expectTag(readTlv(b, 0, b.length, true), SEQUENCE, 'certificate');
  const top = children(b, cert);
  const tbs = expectTag(top[0], SEQUENCE, 'tbsCertificate');
  expectAlgorithm(b, top[1], 'signature algorithm');
  expectBitString(b, top[2], 'signature');
  if (top.length !== 3) throw new DerError('a certificate holds three parts');
  const f = children(b, tbs);
  let i = 0;
  if (f[i]?.tag === 0xa0) { // [0] EXPLICIT version
    expectInteger(b, children(b, f[i])[0], 'version');
    i++;
  }
  const serialTlv = expectInteger(b, f[i++], 'serial number');
  expectAlgorithm(b, f[i++], 'signature algorithm');
  const issuer = decodeName(b, expectTag(f[i++], SEQUENCE, 'issuer'));
  const validity = children(b, expectTag(f[i++], SEQUENCE, 'validity'));
  if (validity.length !== 2) throw new DerError('validity must hold two times');
  const subject = decodeName(b, expectTag(f[i++], SEQUENCE, 'subject'));
  const spki = children(b, expectTag(f[i++], SEQUENCE, 'subject public key info'));
  expectAlgorithm(b, spki[0], 'public key algorithm');
  expectBitString(b, spki[1], 'public key');
  if (spki.length !== 2) throw new DerError('subject public key info holds an algorithm and a key');
  let serialBytes = b.subarray(serialTlv.start, serialTlv.end);
  while (serialBytes.length > 1 && serialBytes[0] === 0) serialBytes = serialBytes.subarray(1);
  let keyUsage: string[] | undefined, extendedKeyUsage: ExtendedKeyUsage[] | undefined, isCA = false;
  if (f[i]?.tag === 0x81) expectBitString(b, f[i++], 'issuer unique id', 0x81); // [1] IMPLICIT BIT STRING
  if (f[i]?.tag === 0x82) expectBitString(b, f[i++], 'subject unique id', 0x82); // [2] IMPLICIT BIT STRING
  for (; i < f.length; i++) {
    if (f[i].tag !== 0xa3 || i !== f.length - 1) throw new DerError('unexpected element after the subject public key info');
    const exts = expectTag(children(b, f[i])[0], SEQUENCE, 'extensions');
    for (const ext of children(b, exts)) {
      const parts = children(b, expectTag(ext, SEQUENCE, 'extension'));
      const oid = decodeOid(b, expectTag(parts[0], OID, 'extension id'));
      if (parts.length === 3) expectTag(parts[1], BOOLEAN, 'extension critical flag');
      else if (parts.length !== 2) throw new DerError('an extension holds an id, a critical flag and a value');
      const valueTlv = expectTag(parts[parts.length - 1], OCTET_STRING, 'extension value');
      const inner = readTlv(b, valueTlv.start, valueTlv.end);
      if (oid === OID_KEY_USAGE) keyUsage = keyUsageNames(b, expectBitString(b, inner, 'keyUsage'));
      else if (oid === OID_EXT_KEY_USAGE) {
        extendedKeyUsage = children(b, expectTag(inner, SEQUENCE, 'extKeyUsage sequence')).map((t) => {
          const o = decodeOid(b, expectTag(t, OID, 'key purpose id'));
          return EKU_NAMES[o] ? { oid: o, name: EKU_NAMES[o] } : { oid: o };
        });
      } else if (oid === OID_BASIC_CONSTRAINTS) {
        const first = children(b, expectTag(inner, SEQUENCE, 'basicConstraints sequence'))[0];
        isCA = !!first && first.tag === BOOLEAN && first.end > first.start && b[first.start] !== 0;
      }
    }
  }
  return {
    subject, issuer, serial: bytesToHex(serialBytes),
    notBefore: decodeTime(b, validity[0]), notAfter: decodeTime(b, validity[1]),
    ...(keyUsage ? { keyUsage } : {}), ...(extendedKeyUsage ? { extendedKeyUsage } : {}), isCA,
  };
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

// ---------------------------------------------------------------------------
// Distinguished names

/**
 * Short names of name attributes, as OpenSSL prints them (its object table: X.520 attribute types 2.5.4.*, PKCS #9,
 * RFC 4519 domain components and user ids, the EV jurisdiction fields). An attribute not listed is shown by its OID.
 */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN', '2.5.4.4': 'SN', '2.5.4.5': 'serialNumber', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST',
  '2.5.4.9': 'street', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.12': 'title', '2.5.4.13': 'description',
  '2.5.4.14': 'searchGuide', '2.5.4.15': 'businessCategory', '2.5.4.16': 'postalAddress', '2.5.4.17': 'postalCode',
  '2.5.4.18': 'postOfficeBox', '2.5.4.19': 'physicalDeliveryOfficeName', '2.5.4.20': 'telephoneNumber',
  '2.5.4.21': 'telexNumber', '2.5.4.22': 'teletexTerminalIdentifier', '2.5.4.23': 'facsimileTelephoneNumber',
  '2.5.4.24': 'x121Address', '2.5.4.25': 'internationaliSDNNumber', '2.5.4.26': 'registeredAddress',
  '2.5.4.27': 'destinationIndicator', '2.5.4.28': 'preferredDeliveryMethod', '2.5.4.29': 'presentationAddress',
  '2.5.4.30': 'supportedApplicationContext', '2.5.4.31': 'member', '2.5.4.32': 'owner', '2.5.4.33': 'roleOccupant',
  '2.5.4.34': 'seeAlso', '2.5.4.35': 'userPassword', '2.5.4.36': 'userCertificate', '2.5.4.37': 'cACertificate',
  '2.5.4.38': 'authorityRevocationList', '2.5.4.39': 'certificateRevocationList', '2.5.4.40': 'crossCertificatePair',
  '2.5.4.41': 'name', '2.5.4.42': 'GN', '2.5.4.43': 'initials', '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier', '2.5.4.46': 'dnQualifier', '2.5.4.47': 'enhancedSearchGuide',
  '2.5.4.48': 'protocolInformation', '2.5.4.49': 'distinguishedName', '2.5.4.50': 'uniqueMember',
  '2.5.4.51': 'houseIdentifier', '2.5.4.52': 'supportedAlgorithms', '2.5.4.53': 'deltaRevocationList',
  '2.5.4.54': 'dmdName', '2.5.4.65': 'pseudonym', '2.5.4.72': 'role', '2.5.4.97': 'organizationIdentifier',
  '2.5.4.98': 'c3', '2.5.4.99': 'n3', '2.5.4.100': 'dnsName',
  '1.2.840.113549.1.9.1': 'emailAddress', '1.2.840.113549.1.9.2': 'unstructuredName',
  '1.2.840.113549.1.9.8': 'unstructuredAddress',
  '0.9.2342.19200300.100.1.1': 'UID', '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL', '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/**
 * Bytes per character of a value by its ASN.1 type, as OpenSSL reads them: UTF8String is UTF-8 (0), BMPString UCS-2
 * (2), UniversalString UCS-4 (4), big-endian; every other type one byte per character, taken as Latin-1.
 */
const CHAR_WIDTH: Readonly<Record<number, number>> = { 0x0c: 0, 0x1e: 2, 0x1c: 4 };

/**
 * The types a name attribute's value may have (OpenSSL's "printable" set: the character strings, BIT STRING, SEQUENCE
 * and tags without a meaning of their own); times, numbers, OIDs and constructed strings are refused, as OpenSSL does.
 */
const NAME_VALUE_TAGS = new Set([0x03, 0x07, 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x12, 0x13, 0x14, 0x16, 0x1c, 0x1d, 0x1e, 0x1f, SEQUENCE]);

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue): one line per RDN. */
function decodeName(b: Uint8Array, name: Tlv): string {
  const lines: string[] = [];
  for (const rdn of children(b, name)) {
    const values = children(b, expectTag(rdn, SET, 'relative distinguished name')).map((atv) => {
      const [type, value, extra] = children(b, expectTag(atv, SEQUENCE, 'name attribute'));
      if (!value || extra) throw new DerError('a name attribute holds a type and a value');
      const oid = decodeOid(b, expectTag(type, OID, 'name attribute type'));
      if (!NAME_VALUE_TAGS.has(value.tag)) throw new DerError('a name attribute value of a type names cannot hold');
      return `${ATTRIBUTE_NAMES[oid] ?? oid}=${attributeValue(b, value)}`;
    });
    if (!values.length) throw new DerError('empty relative distinguished name');
    lines.push(values.join(' + '));
  }
  return lines.join('\n');
}

/** The characters (code points) of a name attribute's value. */
function codePoints(b: Uint8Array, t: Tlv): number[] {
  const width = CHAR_WIDTH[t.tag] ?? 1;
  const out: number[] = [];
  if (width === 0) {
    let text: string;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(t.start, t.end)); } catch { throw new DerError('a UTF8String that is not UTF-8'); }
    for (const ch of text) out.push(ch.codePointAt(0)!);
    return out;
  }
  if ((t.end - t.start) % width) throw new DerError('a string value is cut short');
  for (let i = t.start; i < t.end; i += width) {
    let c = 0;
    for (let k = 0; k < width; k++) c = c * 256 + b[i + k];
    if (c > 0x10ffff) throw new DerError('a character beyond Unicode');
    out.push(c);
  }
  return out;
}

/** RFC 2253 characters escaped with a backslash. */
const BACKSLASH_ESCAPED = new Set([...',+"\\<>;'].map((c) => c.charCodeAt(0)));

function attributeValue(b: Uint8Array, t: Tlv): string {
  const chars = codePoints(b, t);
  let out = '';
  chars.forEach((c, i) => {
    if (c > 0x7f) { out += c < 0xd800 || c > 0xdfff ? String.fromCodePoint(c) : '\ufffd'; return; } // UTF-8, unescaped
    const ch = String.fromCharCode(c);
    const first = i === 0, last = i === chars.length - 1;
    if (BACKSLASH_ESCAPED.has(c) || (first && (ch === '#' || ch === ' ')) || (last && ch === ' ')) out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\${c < 16 ? '0' : ''}${c.toString(16).toUpperCase()}`;
    else out += ch;
  });
  return out;
}
