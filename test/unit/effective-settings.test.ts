/** server/src/hierarchy/effectiveSettings.ts: the value in effect at a path of one file. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze } from '../helpers';
import { EffectiveSettings } from '../../server/src/hierarchy/effectiveSettings';
import { parseSslFlags } from '../../server/src/analysis/clientCertificates';

const ACCESS = 'system.webServer/security/access';
const IIS = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';

function settings(text: string, fileName = 'applicationHost.config'): EffectiveSettings {
  const a = analyze(text, fileName);
  return new EffectiveSettings(a.file, a.schema);
}

const appHost = `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Shop" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="C:\\shop" /></application>
        <application path="/api"><virtualDirectory path="/" physicalPath="C:\\api" /></application>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer><security><access sslFlags="Ssl" /></security></system.webServer>
  <location path="Shop" inheritInChildApplications="false">
    <system.webServer><security>
      <access sslFlags="Ssl, SslNegotiateCert" />
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true">
          <oneToOneMappings><add userName="a" certificate="A" /><add userName="b" certificate="B" /></oneToOneMappings>
        </iisClientCertificateMappingAuthentication>
      </authentication>
    </security></system.webServer>
  </location>
  <location path="Shop/images"><system.webServer><security><authentication>
    <iisClientCertificateMappingAuthentication><oneToOneMappings><clear /><add userName="c" certificate="C" /></oneToOneMappings></iisClientCertificateMappingAuthentication>
  </authentication></security></system.webServer></location>
  <location path="shop/api/v1"><system.webServer><defaultDocument enabled="true" /></system.webServer></location>
</configuration>`;

describe('effective settings', () => {
  it('the deepest setting on the chain wins; paths compare case-insensitively; unset is the schema default', () => {
    const s = settings(appHost);
    assert.deepEqual(s.scopes.map((x) => x.key), ['', 'shop', 'shop/images', 'shop/api/v1']);
    const at = (key: string) => { const v = s.attribute(ACCESS, 'sslFlags', key); return v.known ? v.value : '?'; };
    assert.equal(at(''), 'Ssl');
    assert.equal(at('shop'), 'Ssl, SslNegotiateCert');
    assert.equal(at('shop/images'), 'Ssl, SslNegotiateCert');
    const windows = s.attribute('system.webServer/security/authentication/windowsAuthentication', 'enabled', 'shop');
    assert.deepEqual(windows, { known: true, value: 'false' });
  });

  it('inheritInChildApplications="false" stops at a child application, not at folders of the same application', () => {
    const s = settings(appHost);
    // shop/api/v1 is in application /api: the site location does not reach it, the server level does.
    assert.equal((s.attribute(ACCESS, 'sslFlags', 'shop/api/v1') as { value: string }).value, 'Ssl');
    assert.deepEqual(s.chain('shop/api/v1').map((x) => x.key), ['', 'shop/api/v1']);
    assert.deepEqual(s.chain('shop/images').map((x) => x.key), ['', 'shop', 'shop/images']);
  });

  it('collection entries accumulate down the chain and <clear> drops what came before', () => {
    const s = settings(appHost);
    const names = (key: string) => s.entries(IIS, 'oneToOneMappings', key).entries.map((e) => e.attributes[0].value);
    assert.deepEqual(names('shop'), ['a', 'b']);
    assert.deepEqual(names('shop/images'), ['c']);
    assert.equal(s.entries(IIS, 'oneToOneMappings', 'shop').complete, true);
  });

  it('in a web.config, what the file does not set is unknown (inherited from files not in view), and a <clear> makes a list complete', () => {
    const s = settings(`<configuration>
  <system.webServer><security><access sslFlags="Ssl" /></security></system.webServer>
  <location path="admin"><system.webServer><security><authentication>
    <iisClientCertificateMappingAuthentication><manyToOneMappings><clear /></manyToOneMappings></iisClientCertificateMappingAuthentication>
  </authentication></security></system.webServer></location>
</configuration>`, 'web.config');
    assert.equal(s.complete, false);
    assert.deepEqual(s.attribute(ACCESS, 'sslFlags', 'admin'), { known: true, value: 'Ssl', instance: s.instancesAt(ACCESS, '')[0], attribute: s.instancesAt(ACCESS, '')[0].element.attributes[0] });
    assert.deepEqual(s.attribute(IIS, 'enabled', 'admin'), { known: false });
    assert.equal(s.entries(IIS, 'oneToOneMappings', 'admin').complete, false);
    assert.equal(s.entries(IIS, 'manyToOneMappings', 'admin').complete, true);
  });

  it('sslFlags: names in any case, numbers, unknown names count for nothing', () => {
    assert.deepEqual(parseSslFlags('Ssl, SslNegotiateCert'), { ssl: true, negotiateCert: true, requireCert: false, asksForCertificate: true });
    assert.deepEqual(parseSslFlags('ssl,sslrequirecert'), { ssl: true, negotiateCert: false, requireCert: true, asksForCertificate: true });
    assert.deepEqual(parseSslFlags('96'), { ssl: false, negotiateCert: true, requireCert: true, asksForCertificate: true });
    assert.deepEqual(parseSslFlags('Ssl, SslMapCert'), { ssl: true, negotiateCert: false, requireCert: false, asksForCertificate: false });
    assert.equal(parseSslFlags('None').asksForCertificate, false);
  });
});
