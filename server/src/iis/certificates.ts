/**
 * Client certificates as IIS one-to-one mappings store them: the
 * `certificate` attribute of `oneToOneMappings/add` holds the certificate's
 * DER bytes as one line of base64, and IIS compares that string with the
 * certificate the client presents, character for character. So a value that
 * is not exactly that (PEM armour, line breaks, a truncated copy) never
 * matches, and IIS answers 401 without saying why.
 *
 * Pure: strings and bytes in, facts out, with no Node API (the engine runs in
 * browsers too): x509.ts decides whether the bytes are a certificate and reads
 * its names, serial, validity and key usages; @noble/hashes gives the SHA-1
 * thumbprint and the SHA-256 fingerprint, synchronously (chosen by
 * measurement: docs/PERFORMANCE.md, "Choosing the hash library").
 *
 * Sources: IIS configuration reference, iisClientCertificateMappingAuthentication
 * and oneToOneMappings/add (the value is the base64 of the public
 * certificate, must match exactly, line breaks must be removed); RFC 5280.
 * See ../shared/reference/notes/05-client-cert-mapping.md §5.1.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DerError, readTlv, readX509, type ExtendedKeyUsage, type Tlv, OID_ANY_EKU, OID_CLIENT_AUTH } from './x509';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../util/base64';

export { OID_KEY_USAGE, OID_EXT_KEY_USAGE, OID_BASIC_CONSTRAINTS, OID_CLIENT_AUTH, OID_SERVER_AUTH, OID_ANY_EKU, type ExtendedKeyUsage } from './x509';

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
  const der = base64ToBytes(value);
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
  const x = readX509(der);
  return {
    subject: dn(x.subject),
    issuer: dn(x.issuer),
    serialNumber: x.serial,
    notBefore: x.notBefore,
    notAfter: x.notAfter,
    thumbprint: bytesToHex(sha1(der)),
    sha256: bytesToHex(sha256(der)),
    ...(x.keyUsage ? { keyUsage: x.keyUsage } : {}),
    ...(x.extendedKeyUsage ? { extendedKeyUsage: x.extendedKeyUsage } : {}),
    isCertificateAuthority: x.isCA,
  };
}

/** One RDN per line (x509.ts); show them on one line. */
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
  if (bytes.length === 0) throw new Error('The file is empty.');
  if (bytes[0] === 0x30) {
    const problem = checkDerEnvelope(bytes);
    if (problem) throw new Error(`The file is not a usable DER certificate. ${problem.message}`);
    return { base64: bytesToBase64(bytes), facts: certificateFacts(bytes), count: 1 };
  }
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
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
