/** Completion: children valid at the cursor's place, attributes not yet written, enum/flag values, location paths, section names. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { getCompletions } from '../../server/src/analysis/completion';
import { analyze } from '../helpers';

/** Completions at the '|' of `src`. */
function complete(src: string, fileName = 'web.config') {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'the source needs a | cursor');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const items = getCompletions(analyze(text, fileName), offset);
  return { text, items, labels: items.map((i) => i.label) };
}

const wrap = (inner: string) => `<?xml version="1.0"?>\n<configuration>\n  <system.webServer>\n    ${inner}\n  </system.webServer>\n</configuration>\n`;

describe('completion', () => {
  it('offers the sections and groups declared in <system.webServer>, and only those', () => {
    const { labels, items } = complete(wrap('<|'));
    for (const name of ['defaultDocument', 'httpErrors', 'rewrite', 'security', 'aspNetCore', 'staticContent']) assert.ok(labels.includes(name), name);
    assert.ok(!labels.includes('system.web'));
    assert.ok(!labels.includes('compilation'));
    assert.equal(items.find((i) => i.label === 'security')?.kind, 'group');
    assert.equal(items.find((i) => i.label === 'httpErrors')?.kind, 'section');
  });

  it('offers the top-level sections and <location> in <configuration>, filtered by the typed prefix', () => {
    const { labels, items, text } = complete('<configuration>\n  <system.w|\n</configuration>');
    assert.deepEqual(labels.filter((l) => !l.startsWith('system.w')), []);
    assert.ok(labels.includes('system.webServer') && labels.includes('system.web'));
    const i = items.find((x) => x.label === 'system.webServer')!;
    assert.equal(text.slice(i.replaceStart, i.replaceEnd), 'system.w');
    assert.ok(complete('<configuration>\n  <|\n</configuration>').labels.includes('location'));
  });

  it('offers exactly the children valid at that place in a section (elements, then collection directives)', () => {
    assert.deepEqual(complete(wrap('<httpErrors>\n      <|\n    </httpErrors>')).labels, ['error', 'remove', 'clear']);
    assert.deepEqual(complete(wrap('<rewrite><rules><rule name="a"><|</rule></rules></rewrite>')).labels, ['match', 'conditions', 'serverVariables', 'action']);
    const entry = complete(wrap('<handlers><|</handlers>')).items.find((i) => i.label === 'add')!;
    assert.equal(entry.snippet, 'add name="$1" path="$2" verb="$3"');
  });

  it('offers attributes not yet written, required ones first, then configuration attributes', () => {
    const { labels } = complete(wrap('<httpErrors>\n      <error statusCode="404" |/>\n    </httpErrors>'));
    assert.equal(labels[0], 'path');
    assert.ok(!labels.includes('statusCode'));
    assert.ok(labels.includes('subStatusCode') && labels.includes('responseMode'));
    assert.ok(labels.includes('lockItem'));
    assert.ok(!labels.includes('configSource'), 'configSource belongs on sections only');
    const section = complete(wrap('<httpErrors e| />')).labels;
    assert.deepEqual(section, ['errorMode', 'existingResponse']);
  });

  it('offers enum values, booleans and the flags not yet written after the last comma', () => {
    assert.deepEqual(complete(wrap('<httpErrors errorMode="|" />')).labels, ['DetailedLocalOnly', 'Custom', 'Detailed']);
    assert.deepEqual(complete(wrap('<directoryBrowse enabled="|" />')).labels, ['true', 'false']);
    const flags = complete(wrap('<security><access sslFlags="Ssl, Ssl|" /></security>'));
    assert.deepEqual(flags.labels, ['SslNegotiateCert', 'SslRequireCert', 'Ssl128']);
    const item = flags.items[0];
    assert.equal(flags.text.slice(item.replaceStart, item.replaceEnd), 'Ssl');
  });

  it('offers location paths from the sites, applications and virtual directories of applicationHost.config', () => {
    const src = `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Shop" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="C:\\shop" /><virtualDirectory path="/media" physicalPath="D:\\media" /></application>
        <application path="/api"><virtualDirectory path="/" physicalPath="C:\\api" /></application>
      </site>
    </sites>
  </system.applicationHost>
  <location path="|"></location>
</configuration>`;
    assert.deepEqual(complete(src, 'applicationHost.config').labels, ['Shop', 'Shop/media', 'Shop/api']);
  });

  it('offers nothing inside sections it cannot know (custom sections, no schema)', () => {
    const src = '<configuration>\n  <configSections><section name="log4net" type="log4net.Config.Log4NetConfigurationSectionHandler, log4net" /></configSections>\n  <log4net><|</log4net>\n</configuration>';
    assert.deepEqual(complete(src).labels, []);
    assert.deepEqual(complete('<configuration>\n  <system.serviceModel><bindings><|</bindings></system.serviceModel>\n</configuration>').labels, []);
  });

  it('in a web.config, offers sections it may not hold last and marked (AppHostOnly); in applicationHost.config, in order', () => {
    const web = complete(wrap('<|'));
    const fastCgi = web.items.find((i) => i.label === 'fastCgi')!;
    assert.match(fastCgi.detail ?? '', /\(applicationHost\.config only\)$/);
    assert.match(fastCgi.documentation ?? '', /IIS refuses it in a web\.config/);
    const firstMarked = web.items.findIndex((i) => /only\)$/.test(i.detail ?? ''));
    assert.ok(firstMarked > 0 && web.items.slice(firstMarked).every((i) => /only\)$/.test(i.detail ?? '')), 'every marked item comes after every other one');
    assert.ok(web.labels.indexOf('httpCompression') < firstMarked, 'httpCompression may be set in a web.config on IIS 10');
    // The whole system.applicationHost group is server-only.
    const top = complete('<configuration>\n  <system.a|\n</configuration>');
    assert.match(top.items.find((i) => i.label === 'system.applicationHost')!.detail ?? '', /applicationHost\.config only/);
    const apphost = complete(wrap('<|'), 'applicationHost.config');
    assert.doesNotMatch(apphost.items.find((i) => i.label === 'fastCgi')!.detail ?? '', /only/);
  });

  it('enum values carry their number, the default and what they mean', () => {
    const items = complete(wrap('<httpErrors errorMode="|" />')).items;
    const custom = items.find((i) => i.label === 'Custom')!;
    assert.equal(custom.detail, 'enum value 1');
    assert.match(custom.documentation ?? '', /Custom error pages for every request/);
    assert.equal(items.find((i) => i.label === 'DetailedLocalOnly')!.detail, 'enum value 0 (default)');
    const flag = complete(wrap('<security><access sslFlags="Ssl, |" /></security>')).items.find((i) => i.label === 'SslRequireCert')!;
    assert.match(flag.documentation ?? '', /Require a client certificate/);
  });
});
