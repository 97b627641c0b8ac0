/**
 * Certificates made at test time with the openssl CLI
 * (scripts/test-certificates.js): fixed validity dates, fresh keys. Tests
 * that depend on dates pass a fixed `now` (NOW below) in the analysis context.
 * The static certificates of the case files are in test/fixtures/certs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, FIXTURES } from './helpers';

/** Inside the validity of the 'client', 'client2', 'serverOnly' and 'noEku' certificates (2020–2040). */
export const NOW = new Date('2030-06-15T12:00:00Z');

export interface TestCertificate {
  readonly pem: string;
  /** Single-line base64 of the DER bytes: what IIS stores. */
  readonly base64: string;
  readonly der: Buffer;
}

export type TestCertificateName = 'client' | 'client2' | 'expired' | 'notYetValid' | 'serverOnly' | 'noEku';

let made: Record<TestCertificateName, TestCertificate> | undefined;

function toCert(pem: string): TestCertificate {
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
  return { pem, base64, der: Buffer.from(base64, 'base64') };
}

/** The test-time certificates (made once per test process). */
export function testCertificates(): Record<TestCertificateName, TestCertificate> {
  if (!made) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-config-certs-'));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { generate } = require(path.join(REPO, 'scripts', 'test-certificates.js')) as { generate(dir: string): Record<string, string> };
      const pems = generate(dir);
      made = Object.fromEntries(Object.entries(pems).map(([k, v]) => [k, toCert(v)])) as Record<TestCertificateName, TestCertificate>;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return made;
}

/** A static certificate of test/fixtures/certs (valid 2000-01-01 to 9999-12-31). */
export function fixtureCertificate(name: 'client-a' | 'client-b' | 'client-c'): TestCertificate {
  return toCert(fs.readFileSync(path.join(FIXTURES, 'certs', `${name}.pem`), 'utf8'));
}

/** An applicationHost.config with one site location holding the given mapping section content and access flags. */
export function appHostWithMappings(adds: string, options: { sslFlags?: string; sectionAttributes?: string } = {}): string {
  return `<configuration>
  <location path="Shop">
    <system.webServer>
      <security>
        <access sslFlags="${options.sslFlags ?? 'Ssl, SslNegotiateCert'}" />
        <authentication>
          <anonymousAuthentication enabled="false" />
          <iisClientCertificateMappingAuthentication enabled="true"${options.sectionAttributes ? ' ' + options.sectionAttributes : ''}>
            <oneToOneMappings>
${adds}
            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>
`;
}
