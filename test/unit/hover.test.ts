/** Schema-driven hover: elements below section level, attributes, values (enum/flags meaning, time spans, encrypted values). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { getHover } from '../../server/src/analysis/hover';
import { SCHEMA_DOCS } from '../../server/src/iis/schemaDocs';
import { bundledSchema, attributeSchema } from '../../server/src/iis/schemaLoader';
import { analyze, offsetOf } from '../helpers';

const WEB = `<?xml version="1.0"?>
<configuration>
  <system.webServer>
    <security>
      <access sslFlags="Ssl, SslNegotiateCert" lockAttributes="sslFlags" />
    </security>
    <httpErrors errorMode="Custom">
      <error statusCode="404" path="/404.html" responseMode="ExecuteURL" />
    </httpErrors>
    <rewrite>
      <rules>
        <rule name="spa">
          <match url=".*" />
          <action type="Rewrite" url="/" />
        </rule>
      </rules>
    </rewrite>
    <aspNetCore processPath="%LAUNCHER_PATH%" hostingModel="InProcess" />
    <directoryBrowse enabled="true" bogus="1" />
  </system.webServer>
  <system.web>
    <sessionState timeout="20" />
  </system.web>
</configuration>
`;

const APPHOST = `<configuration>
  <system.applicationHost>
    <applicationPools>
      <add name="Shop">
        <processModel identityType="SpecificUser" userName="svc" password="[enc:IISWASOnlyCngProvider:c2VjcmV0Y2lwaGVydGV4dA==:enc]" idleTimeout="00:20:00" />
      </add>
    </applicationPools>
  </system.applicationHost>
</configuration>
`;

function hoverAt(text: string, needle: string, delta = 1, nth = 1, fileName = 'web.config') {
  const a = analyze(text, fileName);
  return getHover(a, offsetOf(text, needle, nth) + delta);
}

describe('schema hover', () => {
  it('describes an attribute: description, type, default, allowed values and the reference link', () => {
    const h = hoverAt(WEB, 'sslFlags');
    assert.ok(h);
    assert.equal(WEB.slice(h.start, h.end), 'sslFlags');
    assert.match(h.contents, /\*\*`sslFlags`\*\* — attribute of `<access>`/);
    assert.match(h.contents, /\*\*Type:\*\* flags/);
    assert.match(h.contents, /\*\*Default:\*\* `None`/);
    assert.match(h.contents, /`SslRequireCert` \(64\)/);
    assert.match(h.contents, /Comma-separated flags/); // sectionDocs description
    assert.match(h.contents, /https:\/\/learn\.microsoft\.com\/iis\/configuration\/system\.webServer\/security\/access/);
  });

  it('explains what a flags value means on the value', () => {
    const h = hoverAt(WEB, 'Ssl, SslNegotiateCert');
    assert.ok(h);
    assert.equal(WEB.slice(h.start, h.end), 'Ssl, SslNegotiateCert');
    assert.match(h.contents, /\*\*This value:\*\* Ssl \(8\), SslNegotiateCert \(32\)/);
  });

  it('describes an element below section level: role, attribute table with key and required flags, link', () => {
    const h = hoverAt(WEB, '<error', 2);
    assert.ok(h);
    assert.equal(WEB.slice(h.start, h.end), 'error');
    assert.match(h.contents, /\*\*`<error>`\*\* — an entry of the `<httpErrors>` collection/);
    assert.match(h.contents, /\| `statusCode` \(required, part of the key\) \| uint \|/);
    assert.match(h.contents, /\| `subStatusCode` \(part of the key\) \| int \| `-1` \|/);
    assert.match(h.contents, /A custom response for one status code/);
  });

  it('links a module element to its module when the IIS reference has no page', () => {
    const h = hoverAt(WEB, '<match', 2);
    assert.ok(h);
    assert.match(h.contents, /The URL pattern of the rule/);
    assert.match(h.contents, /Provided by \[URL Rewrite\]\(https:\/\/www\.iis\.net\/downloads\/microsoft\/url-rewrite\)/);
  });

  it('shows the length of a time span and the meaning of a minutes value', () => {
    const t = hoverAt(APPHOST, '00:20:00', 1, 1, 'applicationHost.config');
    assert.match(t!.contents, /\*\*This value:\*\* 20 minutes\./);
    const m = hoverAt(WEB, '"20"', 1);
    assert.match(m!.contents, /\*\*Type:\*\* timeSpan \(minutes\)/);
    assert.match(m!.contents, /\*\*This value:\*\* 20 minutes\./);
  });

  it('on an encrypted value names the provider and never shows the value', () => {
    const h = hoverAt(APPHOST, '[enc:', 3, 1, 'applicationHost.config');
    assert.ok(h);
    assert.match(h.contents, /encrypted by the `IISWASOnlyCngProvider` provider/);
    assert.doesNotMatch(h.contents, /c2VjcmV0Y2lwaGVydGV4dA/);
    assert.match(h.contents, /stored encrypted/);
  });

  it('explains %VARIABLE% values, enum values and configuration meta-attributes', () => {
    assert.match(hoverAt(WEB, '%LAUNCHER_PATH%')!.contents, /%VARIABLE% references/);
    assert.match(hoverAt(WEB, '"Custom"', 2)!.contents, /\*\*This value:\*\* Custom \(1\)/);
    assert.match(hoverAt(WEB, 'lockAttributes')!.contents, /lower configuration levels cannot set them/);
  });

  it('gives no schema hover on an unknown attribute, only the explanation of its diagnostic', () => {
    const h = hoverAt(WEB, 'bogus')!;
    assert.match(h.contents, /^`unknown-attribute` — The schema of `<directoryBrowse>` .* has no attribute 'bogus', so IIS answers 500\.19/);
    assert.doesNotMatch(h.contents, /\*\*Type:\*\*/);
  });

  it('puts a diagnostic\'s explanation before the hover of what it is on', () => {
    const text = WEB.replace('enabled="true" bogus="1"', 'enabled="yes"');
    const h = hoverAt(text, 'yes')!;
    const parts = h.contents.split('\n---\n');
    assert.equal(parts.length, 2, h.contents);
    assert.match(parts[0], /^`invalid-value` — IIS answers 500\.19/);
    assert.match(parts[1], /\*\*`enabled`\*\* — attribute of/);
  });

  it('keeps the section hover on section elements, with the module for module sections', () => {
    const h = hoverAt(WEB, '<rules', 2);
    assert.ok(h);
    assert.match(h.contents, /section `system\.webServer\/rewrite\/rules`/);
    assert.match(h.contents, /Provided by \[URL Rewrite\]/);
  });

  it('every description key names a schema element or attribute', () => {
    const reg = bundledSchema();
    const sections = [...reg.sections()].map((s) => s.name).sort((a, b) => b.length - a.length);
    const bad: string[] = [];
    for (const key of Object.keys(SCHEMA_DOCS)) {
      const [p, attr] = key.split('@');
      const section = sections.find((s) => p === s || p.startsWith(s + '/'));
      const node = section && reg.findElement(section, p === section ? [] : p.slice(section.length + 1).split('/'));
      if (!node) { bad.push(key); continue; }
      if (attr && !attributeSchema(node, attr) && !node.allowUnrecognizedAttributes) bad.push(key);
    }
    assert.deepEqual(bad, []);
  });

  it('section hover: placement and runtime facts first, then the attribute table', () => {
    const text = `<configuration>\n  <system.webServer>\n    <httpCompression minFileSizeForComp="512" />\n  </system.webServer>\n</configuration>\n`;
    const h = hoverAt(text, 'httpCompression', 3)!.contents;
    const placed = h.indexOf('**May be set:** in any configuration file · **IIS reads it:** wherever it may be set');
    const attributesFact = h.indexOf('Its attributes: at server level.');
    const table = h.indexOf('| Attribute | Type | Default |');
    assert.ok(placed > 0 && attributesFact > placed && table > attributesFact, h);
  });

  it("an invalid value's hover lists the allowed values once, each with what it means", () => {
    const text = WEB.replace('enabled="true" bogus="1"', 'enabled="true"').replace('<directoryBrowse', '<httpErrors errorMode="Off" />\n    <directoryBrowse');
    const h = hoverAt(text, 'Off')!.contents;
    assert.equal(h.split('- `DetailedLocalOnly`').length - 1, 1, h);
    assert.equal(h.split('**Values:**').length - 1, 1, h);
    assert.match(h, /- `Custom` \(1\) — Custom error pages for every request\./);
    assert.doesNotMatch(h, /\*\*Allowed:\*\*/);
  });
});
