/**
 * No secret printed unless asked: `--effective` (and the effective-configuration view under the server's command)
 * masks passwords, keys and the password parts of connection strings, keeps `[enc:…:enc]` values as written, and says
 * so in its header; `--show-secrets` prints them. Diagnostics and hovers of a file full of secrets never quote one.
 * The list of secret attributes is checked against the bundled schema's `encrypted` flags.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliIn } from '../helpers';
import { MASK, maskSecret, secretKind } from '../../server/src/iis/secrets';
import { bundledSchema } from '../../server/src/iis/schemaLoader';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { getHover } from '../../server/src/analysis/hover';
import type { AttributeSchema, ElementSchema } from '../../server/src/iis/schema';

const run = runCliIn;

const SECRET = 'Zq8-secret-VALUE';
const ENC = '[enc:AesProvider:QUJDREVGR0g=:enc]';

const APPHOST = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <applicationPools>
      <add name="Shop">
        <processModel identityType="SpecificUser" userName="svc-shop" password="${SECRET}-pool" />
      </add>
      <add name="Encrypted">
        <processModel identityType="SpecificUser" userName="svc-enc" password="${ENC}" />
      </add>
    </applicationPools>
    <sites>
      <site name="Shop" id="1">
        <application path="/" applicationPool="Shop">
          <virtualDirectory path="/" physicalPath="C:\\sites\\shop" userName="share" password="${SECRET}-vdir" />
        </application>
      </site>
    </sites>
  </system.applicationHost>
</configuration>
`;

const WEB = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <connectionStrings>
    <add name="Main" connectionString="Server=db1;Database=Shop;User ID=shop;Password=${SECRET}-cs;Encrypt=true" />
    <add name="Quoted" connectionString="Data Source=db2; PWD = '${SECRET};-q'; Initial Catalog=X" />
    <add name="Integrated" connectionString="Server=db3;Database=Shop;Integrated Security=true" />
  </connectionStrings>
  <system.web>
    <machineKey validationKey="${SECRET}-vk" decryptionKey="${SECRET}-dk" validation="HMACSHA256" />
    <identity impersonate="true" userName="u" password="${SECRET}-id" />
  </system.web>
  <system.net>
    <mailSettings>
      <smtp from="a@example.com">
        <network host="smtp.example.com" userName="mailer" password="${SECRET}-smtp" />
      </smtp>
    </mailSettings>
  </system.net>
</configuration>
`;

describe('secrets: the list of secret attributes', () => {
  it('every attribute the bundled schema marks encrypted is a secret (whole value)', () => {
    const encrypted: string[] = [];
    const walk = (el: ElementSchema | { attributes: readonly AttributeSchema[]; elements: readonly ElementSchema[]; collection?: ElementSchema['collection'] }, where: string) => {
      const stack = [{ el, where }];
      while (stack.length) {
        const { el: e, where: w } = stack.pop()!;
        for (const a of e.attributes) if (a.encrypted) { encrypted.push(`${w}@${a.name}`); assert.equal(secretKind(a.name, a), 'whole', `${w}@${a.name}`); }
        for (const c of e.elements) stack.push({ el: c, where: `${w}/${c.name}` });
        if (e.collection) stack.push({ el: e.collection, where: `${w}/${e.collection.addElement.join('|')}` });
      }
    };
    for (const s of bundledSchema().sections()) walk(s, s.name);
    assert.ok(encrypted.length >= 20, `found ${encrypted.length}: ${encrypted.join(', ')}`);
    // Even without the schema (a file's own schema folder may lack the flag), a password's name says it.
    for (const e of encrypted.filter((x) => /password$/i.test(x))) assert.equal(secretKind(e.split('@')[1]), 'whole', e);
  });

  it('names: passwords and keys whole, connection strings by parts; the correct twins are not secrets', () => {
    for (const n of ['password', 'adPassword', 'clientCertPassword', 'validationKey', 'decryptionKey']) assert.equal(secretKind(n), 'whole', n);
    for (const n of ['connectionString', 'sqlConnectionString', 'stateConnectionString']) assert.equal(secretKind(n), 'connectionString', n);
    for (const n of ['passwordFormat', 'userName', 'name', 'connectionStringName', 'minRequiredPasswordLength', 'key', 'value']) assert.equal(secretKind(n), undefined, n);
  });

  it('masking: whole values, Password=/Pwd= parts (quoted, spaced, any case), encrypted and empty values kept', () => {
    assert.equal(maskSecret('p@ss', 'whole'), MASK);
    assert.equal(maskSecret(ENC, 'whole'), ENC);
    assert.equal(maskSecret('', 'whole'), '');
    assert.equal(maskSecret('Server=a;User ID=u;Password=p;Encrypt=true', 'connectionString'), `Server=a;User ID=u;Password=${MASK};Encrypt=true`);
    assert.equal(maskSecret("Data Source=a; pwd = 'x;y''z'; Initial Catalog=b", 'connectionString'), `Data Source=a; pwd = ${MASK}; Initial Catalog=b`);
    assert.equal(maskSecret('PASSWORD="a;b";x=1', 'connectionString'), `PASSWORD=${MASK};x=1`);
    assert.equal(maskSecret('Server=a;Integrated Security=true', 'connectionString'), 'Server=a;Integrated Security=true');
    assert.equal(maskSecret('Server=a;Password=;', 'connectionString'), 'Server=a;Password=;');
    // Linear: a long value is masked in one pass (no quadratic scan).
    const long = 'a=b;'.repeat(50000) + 'Password=x';
    assert.ok(maskSecret(long, 'connectionString').endsWith(`Password=${MASK}`));
  });
});

describe('secrets: --effective masks them unless --show-secrets', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-secrets-'));
    fs.mkdirSync(path.join(tmp, 'server'));
    fs.writeFileSync(path.join(tmp, 'server', 'applicationHost.config'), APPHOST);
    fs.mkdirSync(path.join(tmp, 'shop'));
    fs.writeFileSync(path.join(tmp, 'shop', 'web.config'), WEB);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const sections: Array<[string, string]> = [
    ['server/applicationHost.config', 'system.applicationHost/applicationPools'],
    ['server/applicationHost.config', 'system.applicationHost/sites'],
    ['shop/web.config', 'connectionStrings'],
    ['shop/web.config', 'system.web/machineKey'],
    ['shop/web.config', 'system.web/identity'],
    ['shop/web.config', 'system.net/mailSettings/smtp'],
  ];

  for (const [file, section] of sections) {
    it(`${section}: masked by default, the header says so; shown with --show-secrets`, () => {
      const r = run(['--effective', file, section], tmp);
      assert.equal(r.code, 0, r.err);
      assert.ok(!r.out.includes(SECRET), r.out);
      assert.ok(r.out.includes(MASK), r.out);
      assert.match(r.out, /^<!-- Secrets masked: \d+ values? .*show-secrets option/m);
      const shown = run(['--effective', file, section, '--show-secrets'], tmp);
      assert.equal(shown.code, 0, shown.err);
      assert.ok(shown.out.includes(SECRET), shown.out);
      assert.match(shown.out, /^<!-- Secrets are shown as written \(asked for\)/m);
    });
  }

  it('an [enc:…:enc] value is shown as written; the readable parts of a connection string stay', () => {
    const pools = run(['--effective', 'server/applicationHost.config', 'system.applicationHost/applicationPools'], tmp).out;
    assert.ok(pools.includes(`password="${ENC}"`), pools);
    assert.ok(pools.includes('userName="svc-shop"'), pools);
    const cs = run(['--effective', 'shop/web.config', 'connectionStrings'], tmp).out;
    assert.ok(cs.includes(`Server=db1;Database=Shop;User ID=shop;Password=${MASK};Encrypt=true`), cs);
    assert.ok(cs.includes('Integrated Security=true'), cs);
  });

  it('twin: a section without secrets says none is set in clear text', () => {
    const r = run(['--effective', 'shop/web.config', 'system.webServer/defaultDocument'], tmp);
    assert.match(r.out, /none is set in clear text here/);
  });

  it('--show-secrets without --effective is a usage error', () => {
    assert.equal(run(['--show-secrets', 'shop'], tmp).code, 2);
  });
});

describe('secrets: no diagnostic or hover quotes one', () => {
  it('diagnostics (messages, details, related information) and hovers at every attribute never contain a secret value', () => {
    // Secrets also where they are wrong (an unknown attribute, a value the schema rejects), so messages that quote values are tried.
    const bad = WEB.replace('<identity impersonate="true"', `<identity impersonate="${SECRET}-bool" pasword="${SECRET}-typo"`)
      .replace('<network host=', `<network port="${SECRET}-port" host=`);
    for (const [name, text] of [['web.config', bad], ['applicationHost.config', APPHOST]] as const) {
      const a = analyzeDocument(text, { fileName: `/ws/${name}`, kind: name === 'web.config' ? 'web' : 'applicationHost' });
      assert.ok(a.diagnostics.length > 0 || name !== 'web.config', 'the bad twin has findings');
      for (const d of a.diagnostics) {
        const all = JSON.stringify({ m: d.message, detail: d.detail, related: d.related?.map((r) => r.message) });
        for (const part of ['-pool', '-vdir', '-cs', '-vk', '-dk', '-id', '-smtp', ';-q', '-typo']) assert.ok(!all.includes(SECRET + part), `${d.code}: ${all}`);
      }
      // Hover in every secret value and on every attribute name and element name of the file.
      const secrets = ['-pool', '-vdir', '-cs', '-vk', '-dk', '-id', '-smtp', ';-q', '-typo'].map((p) => SECRET + p);
      const spots: number[] = [];
      for (let i = text.indexOf(SECRET); i >= 0; i = text.indexOf(SECRET, i + 1)) spots.push(i + 2);
      for (const m of text.matchAll(/[\s<]([A-Za-z][\w.:]*)/g)) spots.push(m.index! + 2);
      let hovers = 0;
      for (const at of spots) {
        const h = getHover(a, at);
        if (h) hovers++;
        const md = JSON.stringify(h ?? '');
        for (const v of secrets) assert.ok(!md.includes(v), `hover at ${at}: ${md}`);
      }
      assert.ok(hovers > 10, `hovers were shown (${hovers})`);
    }
  });
});
