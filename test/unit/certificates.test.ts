/** server/src/iis/certificates.ts: reading mapping values and certificate files, with certificates made by openssl at test time. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { X509Certificate } from 'crypto';
import {
  readCertificateValue, readCertificateFile, mappingEntryText, allowsClientAuth, validityAt, formatUtc, certificateFacts,
} from '../../server/src/iis/certificates';
import { testCertificates, NOW } from '../certs';

const certs = testCertificates();

function problemOf(value: string, raw?: string) {
  const r = readCertificateValue(value, raw);
  assert.equal(r.ok, false, `expected a problem for ${JSON.stringify(value.slice(0, 40))}`);
  return r.ok ? undefined! : r;
}

function opensslFingerprint(pem: string, alg: 'sha1' | 'sha256'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-config-fp-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.pem'), pem);
    const out = execFileSync('openssl', ['x509', '-in', path.join(dir, 'c.pem'), '-noout', '-fingerprint', `-${alg}`], { encoding: 'utf8' });
    return out.slice(out.indexOf('=') + 1).trim().replace(/:/g, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('certificate facts', () => {
  it('reads subject, issuer, serial, validity, thumbprints, key usage and EKU of a client certificate', () => {
    const r = readCertificateValue(certs.client.base64);
    assert.ok(r.ok);
    const f = r.facts;
    assert.equal(f.subject, 'O=IIS Config Tests, CN=alice');
    assert.equal(f.issuer, 'O=IIS Config Tests, CN=IIS Config Test CA');
    assert.match(f.serialNumber, /^[0-9A-F]+$/);
    // Node writes whole bytes ("06AB"), after the DER sign byte: only a leading 00 byte goes.
    assert.equal(f.serialNumber, new X509Certificate(certs.client.der).serialNumber.replace(/^(00)+(?=.)/, ''));
    assert.equal(f.notBefore.toISOString(), '2020-01-01T00:00:00.000Z');
    assert.equal(f.notAfter.toISOString(), '2040-01-01T00:00:00.000Z');
    assert.equal(f.thumbprint, opensslFingerprint(certs.client.pem, 'sha1'));
    assert.equal(f.sha256, opensslFingerprint(certs.client.pem, 'sha256'));
    assert.match(f.thumbprint, /^[0-9A-F]{40}$/);
    assert.deepEqual(f.keyUsage, ['Digital Signature']);
    assert.deepEqual(f.extendedKeyUsage, [{ oid: '1.3.6.1.5.5.7.3.2', name: 'Client Authentication' }]);
    assert.equal(f.isCertificateAuthority, false);
    assert.ok(allowsClientAuth(f));
    assert.deepEqual(validityAt(f, NOW), { state: 'valid' });
  });

  it('reads UTCTime (before 2050) and GeneralizedTime (from 2050) validity dates', () => {
    const expired = certificateFacts(certs.expired.der);
    assert.equal(expired.notBefore.toISOString(), '2000-01-01T00:00:00.000Z');
    assert.equal(expired.notAfter.toISOString(), '2001-01-01T00:00:00.000Z');
    assert.deepEqual(validityAt(expired, NOW), { state: 'expired', date: expired.notAfter });
    const future = certificateFacts(certs.notYetValid.der);
    assert.equal(future.notBefore.toISOString(), '2090-01-01T00:00:00.000Z');
    assert.deepEqual(validityAt(future, NOW), { state: 'not-yet-valid', date: future.notBefore });
    assert.equal(formatUtc(future.notBefore), '2090-01-01 00:00:00 UTC');
  });

  it('tells a server-only EKU from a missing EKU extension (any purpose)', () => {
    const server = certificateFacts(certs.serverOnly.der);
    assert.deepEqual(server.extendedKeyUsage, [{ oid: '1.3.6.1.5.5.7.3.1', name: 'Server Authentication' }]);
    assert.deepEqual(server.keyUsage, ['Digital Signature', 'Key Encipherment']);
    assert.equal(allowsClientAuth(server), false);
    const any = certificateFacts(certs.noEku.der);
    assert.equal(any.extendedKeyUsage, undefined);
    assert.equal(any.keyUsage, undefined);
    assert.equal(allowsClientAuth(any), true);
  });
});

describe('certificate values as IIS compares them', () => {
  it('accepts exactly one line of canonical base64 of one DER certificate', () => {
    for (const name of ['client', 'expired', 'notYetValid', 'serverOnly', 'noEku'] as const) {
      assert.equal(readCertificateValue(certs[name].base64).ok, true, name);
    }
  });

  it('PEM armour: a problem, with the single-line form as the fix and the facts', () => {
    const r = problemOf(certs.client.pem);
    assert.equal(r.problem.kind, 'pem');
    assert.equal(r.problem.fixed, certs.client.base64);
    assert.equal(r.facts?.subject, 'O=IIS Config Tests, CN=alice');
    assert.match(r.problem.message, /PEM-armoured/);
  });

  it('several PEM blocks: no fix (which one is meant is not ours to guess)', () => {
    const r = problemOf(certs.client.pem + certs.client2.pem);
    assert.equal(r.problem.kind, 'pem');
    assert.equal(r.problem.fixed, undefined);
    assert.match(r.problem.detail ?? '', /several PEM blocks/);
  });

  it('line breaks (as written, normalised to spaces by XML) and spaces: a problem, fixable', () => {
    const wrapped = certs.client.base64.replace(/(.{64})/g, '$1\n');
    const asParsed = wrapped.replace(/\n/g, ' ');
    const r = problemOf(asParsed, wrapped);
    assert.equal(r.problem.kind, 'whitespace');
    assert.match(r.problem.message, /line breaks/);
    assert.equal(r.problem.fixed, certs.client.base64);
    const spaced = problemOf(' ' + certs.client.base64);
    assert.match(spaced.problem.message, /contains spaces/);
    assert.equal(spaced.problem.fixed, certs.client.base64);
  });

  it('whitespace in a value that is still broken without it: no fix, the other problem is named', () => {
    const r = problemOf(certs.client.base64.slice(0, 200) + ' ' + certs.client.base64.slice(200, 300));
    assert.equal(r.problem.kind, 'whitespace');
    assert.equal(r.problem.fixed, undefined);
    assert.match(r.problem.message, /not usable even without them/);
    assert.match(r.problem.detail ?? '', /truncated/);
  });

  it('garbage, placeholders and base64url are not base64', () => {
    assert.equal(problemOf('Base64-Encoded-Certificate-Data').problem.kind, 'not-base64');
    assert.match(problemOf('(base64 DER)').problem.detail ?? '', /placeholder/);
    const url = certs.client.base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    if (/[-_]/.test(url)) assert.match(problemOf(url).problem.detail ?? '', /base64url/);
    assert.equal(problemOf('').problem.kind, 'empty');
  });

  it('truncated, bad padding, not DER, trailing bytes, not a certificate', () => {
    const b = certs.client.base64;
    const truncated = problemOf(b.slice(0, b.length - 8));
    assert.equal(truncated.problem.kind, 'truncated');
    assert.match(truncated.problem.message, /announces \d+ bytes but the value holds \d+/);
    assert.equal(problemOf(b.slice(0, b.length - 1)).problem.kind, 'bad-length');
    assert.equal(problemOf('aGVsbG8gd29ybGQ=').problem.kind, 'not-der'); // "hello world"
    assert.equal(problemOf(Buffer.concat([certs.client.der, Buffer.from([0, 0, 0])]).toString('base64')).problem.kind, 'trailing-bytes');
    // A well-formed DER SEQUENCE that is not a certificate.
    const notCert = problemOf(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]).toString('base64'));
    assert.equal(notCert.problem.kind, 'not-x509');
    // Certificate bytes with one byte of the signature changed still parse; a broken inner length does not.
    const broken = Buffer.from(certs.client.der);
    broken[4] = 0x7f; // the tbsCertificate length
    assert.equal(readCertificateValue(broken.toString('base64')).ok, false);
  });

  it('messages never repeat the value', () => {
    for (const v of [certs.client.pem, certs.client.base64.slice(0, 300), 'secret-looking-value-1234', certs.client.base64 + ' x']) {
      const r = readCertificateValue(v);
      assert.ok(!r.ok);
      assert.ok(!r.problem.message.includes(certs.client.base64.slice(0, 20)) && !r.problem.message.includes('secret-looking'), r.problem.message);
    }
  });
});

describe('certificate files', () => {
  it('DER and PEM files give the same single-line base64', () => {
    assert.equal(readCertificateFile(certs.client.der).base64, certs.client.base64);
    const pem = readCertificateFile(Buffer.from(certs.client.pem));
    assert.equal(pem.base64, certs.client.base64);
    assert.equal(pem.count, 1);
    assert.equal(readCertificateFile(Buffer.from('\ufeff' + certs.client.pem.replace(/\n/g, '\r\n'))).base64, certs.client.base64);
    assert.equal(readCertificateFile(Buffer.from(certs.client.base64.replace(/(.{64})/g, '$1\n'))).base64, certs.client.base64);
  });

  it('a chain file uses the first certificate and says how many there were; key blocks are skipped', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
    const r = readCertificateFile(Buffer.from(key + certs.client.pem + certs.client2.pem));
    assert.equal(r.base64, certs.client.base64);
    assert.equal(r.count, 2);
    assert.ok(!r.base64.includes('MIGHAgEA'));
  });

  it('files without a certificate are refused with a reason', () => {
    assert.throws(() => readCertificateFile(Buffer.alloc(0)), /empty/);
    assert.throws(() => readCertificateFile(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')), /no CERTIFICATE block/);
    assert.throws(() => readCertificateFile(Buffer.from('just some text')), /neither a DER nor a PEM certificate/);
    assert.throws(() => readCertificateFile(certs.client.der.subarray(0, 100)), /truncated/);
  });

  it('the mapping entry', () => {
    assert.equal(mappingEntryText(certs.client.base64), `<add userName="" certificate="${certs.client.base64}" />`);
  });
});
