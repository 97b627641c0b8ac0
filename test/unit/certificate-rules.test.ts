/**
 * The certificate rules, the certificate hover and the insert-mapping edit,
 * on XML built at test time around certificates openssl made at test time
 * (fixed dates; `now` is passed in the analysis context).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, offsetOf } from '../helpers';
import { getCodeActions } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { getHover } from '../../server/src/analysis/hover';
import { insertMappingEdits } from '../../server/src/analysis/insertMapping';
import { parseXml } from '../../server/src/syntax/xml';
import type { Diagnostic, DocumentAnalysis } from '../../server/src/analysis/types';
import { testCertificates, appHostWithMappings, NOW } from '../certs';

const certs = testCertificates();
const REWRITE = 'Rewrite the certificate as one line of base64';
const CERT_CODES = ['certificate-invalid', 'certificate-expired', 'certificate-not-yet-valid', 'certificate-not-client-auth'];

function add(cert: string, extra = ''): string {
  return `              <add userName="CONTOSO\\svc" password="[enc:AesProvider:x:enc]" certificate="${cert}"${extra} />`;
}

function run(text: string, now: Date | undefined = NOW): DocumentAnalysis {
  return analyze(text, 'applicationHost.config', now ? { now } : {});
}

function certDiagnostics(a: DocumentAnalysis): Diagnostic[] {
  return a.diagnostics.filter((d) => CERT_CODES.includes(d.code));
}

function covered(a: DocumentAnalysis, d: Diagnostic): string {
  return a.text.slice(d.start, d.end);
}

describe('certificate rules', () => {
  it('a mapping without certificate: "Add the required attribute" never writes certificate="" (certificate-invalid), only a snippet for the value', () => {
    const text = appHostWithMappings('              <add userName="CONTOSO\\svc" password="[enc:AesProvider:x:enc]" />');
    const a = run(text);
    const d = a.diagnostics.find((x) => x.code === 'missing-required-attribute');
    assert.ok(d, a.diagnostics.map((x) => x.code).join(', '));
    const fix = getCodeActions(a, d.start, d.end).find((x) => x.title.startsWith("Add the required attribute 'certificate'"));
    assert.ok(fix, 'the fix is offered');
    assert.equal(fix.snippetOnly, true, 'an empty certificate is invalid: the user types it');
    assert.equal(fix.snippet?.snippet, ' certificate="$1"');
    // With a real certificate typed, the result has neither error.
    const typed = applyEdits(text, [{ start: fix.snippet!.start, end: fix.snippet!.end, newText: ` certificate="${certs.client.base64}"` }]);
    assert.deepEqual(run(typed).diagnostics.filter((x) => x.severity === 'error').map((x) => x.code), []);
  });

  it('leave valid client certificates and certificates without an EKU extension alone', () => {
    const a = run(appHostWithMappings([add(certs.client.base64), add(certs.client2.base64), add(certs.noEku.base64)].join('\n')));
    assert.deepEqual(certDiagnostics(a), []);
  });

  it('certificate-expired and certificate-not-yet-valid, with the dates, on the value', () => {
    const a = run(appHostWithMappings([add(certs.expired.base64), add(certs.notYetValid.base64)].join('\n')));
    const [expired, future] = certDiagnostics(a);
    assert.equal(expired.code, 'certificate-expired');
    assert.equal(expired.severity, 'warning');
    assert.equal(covered(a, expired), certs.expired.base64);
    assert.match(expired.message, /expired on 2001-01-01 00:00:00 UTC/);
    assert.match(expired.detail ?? '', /subject is O=IIS Config Tests, CN=expired/);
    assert.equal(future.code, 'certificate-not-yet-valid');
    assert.match(future.message, /not valid before 2090-01-01 00:00:00 UTC/);
  });

  it('take "now" from the context: the same certificate is fine in 2000-06 and expired in 2030', () => {
    const text = appHostWithMappings(add(certs.expired.base64));
    assert.deepEqual(certDiagnostics(run(text, new Date('2000-06-01T00:00:00Z'))), []);
    assert.equal(certDiagnostics(run(text, NOW))[0]?.code, 'certificate-expired');
    // Without `now`, the current time: 2001 is long past.
    assert.equal(certDiagnostics(run(text, undefined))[0]?.code, 'certificate-expired');
  });

  it('certificate-not-client-auth for a server-only EKU, naming its usages', () => {
    const a = run(appHostWithMappings(add(certs.serverOnly.base64)));
    const [d] = certDiagnostics(a);
    assert.equal(d.code, 'certificate-not-client-auth');
    assert.match(d.message, /lacks Client Authentication/);
    assert.match(d.detail ?? '', /extended key usage is Server Authentication; TLS client authentication needs Client Authentication/);
  });

  it('certificate-invalid for PEM armour, with a fix that writes the single line', () => {
    const text = appHostWithMappings(add(certs.client.pem.trimEnd()));
    const a = run(text);
    const [d] = certDiagnostics(a);
    assert.equal(d.code, 'certificate-invalid');
    assert.equal(d.severity, 'error');
    assert.ok(covered(a, d).startsWith('-----BEGIN CERTIFICATE-----'));
    const [fix] = getCodeActions(a, d.start, d.end).filter((x) => x.diagnostic === d && x.title === REWRITE);
    assert.ok(fix);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, appHostWithMappings(add(certs.client.base64)));
    assert.deepEqual(certDiagnostics(run(fixed)), []);
  });

  it('certificate-invalid for line breaks (CRLF, tabs) with the fix, and for garbage and truncation without one', () => {
    const wrapped = certs.client.base64.replace(/(.{64})/g, '$1\r\n\t\t');
    const text = appHostWithMappings([add(wrapped), add('Base64-Encoded-Certificate-Data'), add(certs.client2.base64.slice(0, 300))].join('\n')).replace(/\n/g, '\r\n');
    const a = run(text);
    const ds = certDiagnostics(a);
    assert.deepEqual(ds.map((d) => d.code), ['certificate-invalid', 'certificate-invalid', 'certificate-invalid']);
    assert.match(ds[0].message, /line breaks/);
    assert.match(ds[1].message, /not base64/);
    assert.match(ds[2].message, /truncated/);
    const fixes = ds.map((d) => getCodeActions(a, d.start, d.end).filter((x) => x.diagnostic === d && x.title === REWRITE));
    assert.deepEqual(fixes.map((f) => f.length), [1, 0, 0]);
    const fixed = applyEdits(text, fixes[0][0].edits);
    assert.ok(fixed.includes(`certificate="${certs.client.base64}"`));
    assert.equal(certDiagnostics(run(fixed)).length, 2);
  });

  it('an empty certificate value is invalid (reported on the attribute)', () => {
    const a = run(appHostWithMappings(add('')));
    const [d] = certDiagnostics(a);
    assert.equal(d.code, 'certificate-invalid');
    assert.equal(covered(a, d), 'certificate=""');
  });

  it('only one-to-one mapping certificates are read: look-alike attributes elsewhere are left alone', () => {
    const text = `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true">
          <manyToOneMappings>
            <add name="m" userName="u" password="[enc:AesProvider:x:enc]" description="-----BEGIN CERTIFICATE-----" />
          </manyToOneMappings>
        </iisClientCertificateMappingAuthentication>
      </authentication>
    </security>
  </system.webServer>
  <appSettings><add key="certificate" value="-----BEGIN CERTIFICATE-----" /></appSettings>
</configuration>`;
    assert.deepEqual(certDiagnostics(run(text)), []);
  });

  it('the same certificate twice is duplicate-collection-entry (the generic rule, key = certificate, case-sensitive)', () => {
    const twice = run(appHostWithMappings([add(certs.client.base64), add(certs.client.base64)].join('\n')));
    const dup = twice.diagnostics.filter((d) => d.code === 'duplicate-collection-entry');
    assert.equal(dup.length, 1);
    assert.ok(dup[0].start > offsetOf(twice.text, certs.client.base64), 'reported on the second entry');
    const different = run(appHostWithMappings([add(certs.client.base64), add(certs.client2.base64)].join('\n')));
    assert.deepEqual(different.diagnostics.filter((d) => d.code === 'duplicate-collection-entry'), []);
  });
});

describe('certificate hover', () => {
  it('shows subject, issuer, serial, dates, SHA-1 and SHA-256 thumbprints, key usages; never the password', () => {
    const text = appHostWithMappings(`              <add userName="CONTOSO\\alice" password="Sup3rSecret!" certificate="${certs.client.base64}" />`);
    const a = run(text);
    const at = offsetOf(text, certs.client.base64) + 10;
    const h = getHover(a, at);
    assert.ok(h);
    assert.equal(text.slice(h.start, h.end), certs.client.base64);
    const md = h.contents;
    assert.match(md, /\*\*Client certificate\*\* \(one-to-one mapping\)/);
    assert.match(md, /\| Subject \| O=IIS Config Tests, CN=alice \|/);
    assert.match(md, /\| Issuer \| O=IIS Config Tests, CN=IIS Config Test CA \|/);
    assert.match(md, /\| Valid from \| 2020-01-01 00:00:00 UTC \|/);
    assert.match(md, /\| Valid to \| 2040-01-01 00:00:00 UTC \|/);
    assert.match(md, /\| Thumbprint \(SHA-1\) \| `[0-9A-F]{40}` \|/);
    assert.match(md, /\| SHA-256 \| `[0-9A-F]{64}` \|/);
    assert.match(md, /\| Key usage \| Digital Signature \|/);
    assert.match(md, /\| Enhanced key usage \| Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\) \|/);
    assert.ok(!md.includes('Sup3rSecret'));
    // The password attribute itself gets no certificate hover.
    const onPassword = getHover(a, offsetOf(text, 'Sup3rSecret') + 2);
    assert.ok(!onPassword || !onPassword.contents.includes('Sup3rSecret'));
  });

  it('marks expired, not-yet-valid and server-only certificates', () => {
    const text = appHostWithMappings([add(certs.expired.base64), add(certs.notYetValid.base64), add(certs.serverOnly.base64)].join('\n'));
    const a = run(text);
    const hover = (c: string) => getHover(a, offsetOf(text, c) + 5)!.contents;
    assert.match(hover(certs.expired.base64), /2001-01-01 00:00:00 UTC — \*\*expired\*\*/);
    assert.match(hover(certs.notYetValid.base64), /\*\*not valid yet\*\*/);
    assert.match(hover(certs.serverOnly.base64), /Server Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.1\) — \*\*no Client Authentication\*\*/);
  });

  it('explains an unusable value, and shows what a PEM value holds', () => {
    const text = appHostWithMappings([add(certs.client.pem.trimEnd()), add('(base64 DER)')].join('\n'));
    const a = run(text);
    const pem = getHover(a, offsetOf(text, '-----BEGIN CERTIFICATE-----') + 3)!.contents;
    assert.match(pem, /not usable as written/);
    assert.match(pem, /Once rewritten as one line of base64 it reads:/);
    assert.match(pem, /CN=alice/);
    const junk = getHover(a, offsetOf(text, '(base64 DER)') + 2)!.contents;
    assert.match(junk, /not base64/);
  });
});

describe('insert client certificate mapping (edit)', () => {
  const entry = `<add userName="" certificate="${certs.client.base64}" />`;

  function insert(text: string, cursorAfter: string | number): string {
    const a = analyze(text, 'applicationHost.config');
    const offset = typeof cursorAfter === 'number' ? cursorAfter : offsetOf(text, cursorAfter) + cursorAfter.length;
    const r = insertMappingEdits(a, offset, certs.client.base64);
    assert.ok(r.ok, r.ok ? '' : r.message);
    const out = applyEdits(text, r.edits);
    assert.ok(parseXml(out).wellFormed, out);
    return out;
  }

  it('at the cursor between existing entries, with their indentation', () => {
    const text = `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true">
          <oneToOneMappings>
            <add userName="a" certificate="${certs.client2.base64}" />
            <add userName="b" certificate="${certs.noEku.base64}" />
          </oneToOneMappings>
        </iisClientCertificateMappingAuthentication>
      </authentication>
    </security>
  </system.webServer>
</configuration>`;
    const out = insert(text, `${certs.client2.base64}" />`);
    assert.ok(out.includes(`${certs.client2.base64}" />\n            ${entry}\n            <add userName="b"`), out);
  });

  it('at the end of <oneToOneMappings> when the cursor is elsewhere in the section', () => {
    const text = `<configuration>
  <location path="Shop">
    <system.webServer><security><authentication>
      <iisClientCertificateMappingAuthentication enabled="true">
        <oneToOneMappings>
          <add userName="a" certificate="${certs.client2.base64}" />
        </oneToOneMappings>
      </iisClientCertificateMappingAuthentication>
    </authentication></security></system.webServer>
  </location>
</configuration>`;
    const out = insert(text, '<iisClientCertificateMappingAuthentication');
    assert.ok(out.includes(`${certs.client2.base64}" />\n          ${entry}\n        </oneToOneMappings>`), out);
  });

  it('opens a self-closing <oneToOneMappings/>, creates a missing one, opens a self-closing section; keeps CRLF and tabs', () => {
    const selfClosing = '<configuration>\r\n\t<system.webServer>\r\n\t\t<security>\r\n\t\t\t<authentication>\r\n\t\t\t\t<iisClientCertificateMappingAuthentication enabled="true">\r\n\t\t\t\t\t<oneToOneMappings />\r\n\t\t\t\t</iisClientCertificateMappingAuthentication>\r\n\t\t\t</authentication>\r\n\t\t</security>\r\n\t</system.webServer>\r\n</configuration>\r\n';
    assert.ok(insert(selfClosing, 'enabled="true">').includes(`\t\t\t\t\t<oneToOneMappings>\r\n\t\t\t\t\t\t${entry}\r\n\t\t\t\t\t</oneToOneMappings>\r\n\t\t\t\t</iisClientCertificateMappingAuthentication>`));

    const missing = `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true">
          <manyToOneMappings />
        </iisClientCertificateMappingAuthentication>
      </authentication>
    </security>
  </system.webServer>
</configuration>`;
    const out = insert(missing, 'enabled="true">');
    assert.ok(out.includes(`<manyToOneMappings />\n          <oneToOneMappings>\n            ${entry}\n          </oneToOneMappings>\n        </iisClientCertificateMappingAuthentication>`), out);

    const section = `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true" />
      </authentication>
    </security>
  </system.webServer>
</configuration>`;
    const out2 = insert(section, 'enabled="true"');
    assert.ok(out2.includes(`<iisClientCertificateMappingAuthentication enabled="true">\n          <oneToOneMappings>\n            ${entry}\n          </oneToOneMappings>\n        </iisClientCertificateMappingAuthentication>`), out2);
    // The inserted entry is a valid, well-placed mapping (no certificate diagnostic).
    assert.deepEqual(certDiagnostics(run(out2)), []);
  });

  it('refuses a certificate already mapped in that section, and a file with no or several sections when the cursor is outside', () => {
    const mapped = appHostWithMappings(`              <add userName="a" certificate="${certs.client.base64}" />`);
    const a = analyze(mapped, 'applicationHost.config');
    const r = insertMappingEdits(a, offsetOf(mapped, '<oneToOneMappings>') + 3, certs.client.base64);
    assert.ok(!r.ok && /already mapped \(line 10\)/.test(r.message));

    const none = analyze('<configuration><system.webServer /></configuration>', 'applicationHost.config');
    const r2 = insertMappingEdits(none, 20, certs.client.base64);
    assert.ok(!r2.ok && /no <iisClientCertificateMappingAuthentication> section/.test(r2.message));

    const two = `<configuration>
  <location path="A"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></location>
  <location path="B"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></location>
</configuration>`;
    const t = analyze(two, 'applicationHost.config');
    const r3 = insertMappingEdits(t, 3, certs.client.base64);
    assert.ok(!r3.ok && /several/.test(r3.message));
    // With the cursor in B's section, B gets it.
    const r4 = insertMappingEdits(t, offsetOf(two, 'iisClientCertificateMappingAuthentication', 2) + 3, certs.client.base64);
    assert.ok(r4.ok);
    const out = applyEdits(two, r4.edits);
    assert.ok(out.indexOf(entry) > out.indexOf('path="B"'));
  });
});
