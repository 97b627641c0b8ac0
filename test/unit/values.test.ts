/** Attribute values against their schema (iis/values.ts) and collection keys (analysis/collections.ts). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkValue, describeAllowed, parseTimeSpan } from '../../server/src/iis/values';
import { bundledSchema, attributeSchema } from '../../server/src/iis/schemaLoader';
import { effectiveEntries, entryKey } from '../../server/src/analysis/collections';
import { parseXml, childElements } from '../../server/src/syntax/xml';
import type { AttributeSchema } from '../../server/src/iis/schema';

function attr(section: string, path: string[], name: string): AttributeSchema {
  const node = bundledSchema().findElement(section, path);
  assert.ok(node, `${section} ${path.join('/')}`);
  const a = attributeSchema(node, name);
  assert.ok(a, name);
  return a;
}

describe('attribute values', () => {
  const enabled = attr('system.webServer/directoryBrowse', [], 'enabled');
  const errorMode = attr('system.webServer/httpErrors', [], 'errorMode');
  const mode = attr('system.web/customErrors', [], 'mode');
  const sslFlags = attr('system.webServer/security/access', [], 'sslFlags');
  const idle = attr('system.applicationHost/applicationPools', ['add', 'processModel'], 'idleTimeout');
  const sessionTimeout = attr('system.web/sessionState', [], 'timeout');
  const maxBuffer = attr('system.web/healthMonitoring', ['bufferModes', 'add'], 'maxBufferSize');

  it('reads booleans in any letter case, and rejects other words with a suggestion', () => {
    for (const v of ['true', 'False', ' TRUE ']) assert.equal(checkValue(enabled, v), undefined, v);
    assert.deepEqual(checkValue(enabled, '1')?.suggestions, ['true']);
    assert.deepEqual(checkValue(enabled, 'flase')?.suggestions, ['false']);
  });

  it('enum names: any case where IIS reads the section, exact case where .NET does', () => {
    assert.equal(checkValue(errorMode, 'custom'), undefined);
    assert.equal(checkValue(errorMode, '1'), undefined, 'a defined numeric value');
    assert.equal(checkValue(mode, 'Off', { managed: true }), undefined);
    assert.deepEqual(checkValue(mode, 'off', { managed: true })?.suggestions, ['Off']);
  });

  it('flags: every comma-separated name, with or without spaces; numbers made of defined bits', () => {
    assert.equal(checkValue(sslFlags, 'Ssl,SslNegotiateCert'), undefined);
    assert.equal(checkValue(sslFlags, 'Ssl, SslRequireCert, Ssl128'), undefined);
    assert.equal(checkValue(sslFlags, '72'), undefined);
    assert.ok(checkValue(sslFlags, '1'));
    assert.deepEqual(checkValue(sslFlags, 'Ssl, SslRequireCer')?.suggestions, ['Ssl, SslRequireCert']);
  });

  it('time spans: [d.]hh:mm:ss, d:hh:mm:ss, ranges with granularity, minutes and Infinite', () => {
    assert.equal(parseTimeSpan('1.02:03:04'), 93784);
    assert.equal(parseTimeSpan('7:00:00:00'), 604800);
    assert.equal(parseTimeSpan('00:61:00'), undefined);
    assert.equal(checkValue(idle, '00:20:00'), undefined);
    assert.deepEqual(checkValue(idle, '00:20:30')?.suggestions, ['00:20:00', '00:21:00']);
    assert.ok(checkValue(idle, '31.00:00:00'), 'over the 30-day maximum');
    assert.equal(checkValue(sessionTimeout, 'Infinite', { managed: true }), undefined);
    assert.equal(checkValue(sessionTimeout, '20', { managed: true }), undefined);
    assert.match(describeAllowed(idle), /in steps of 1 minute/);
  });

  it('integers: ranges, Infinite where allowed, no decimals', () => {
    assert.equal(checkValue(maxBuffer, 'Infinite'), undefined);
    assert.match(describeAllowed(maxBuffer), /or Infinite$/);
    assert.deepEqual(checkValue(maxBuffer, '0')?.suggestions, ['1']);
    assert.deepEqual(checkValue(maxBuffer, '1.5')?.suggestions, ['2']);
  });

  it('never judges %VARIABLE% references or encrypted values', () => {
    assert.equal(checkValue(enabled, '%ENABLE_BROWSING%'), undefined);
    assert.equal(checkValue(idle, '[enc:AesProvider:abc=:enc]'), undefined);
  });
});

describe('collection keys', () => {
  const errors = bundledSchema().get('system.webServer/httpErrors')!.collection!;
  const doc = parseXml(`<httpErrors>
  <error statusCode="404" path="a" />
  <error statusCode="404" subStatusCode="-1" path="b" />
  <remove statusCode="404" />
  <error statusCode="404" path="c" />
  <error statusCode="404" subStatusCode="13" path="d" />
</httpErrors>`);
  const owner = doc.root!;
  const kids = childElements(owner);

  it('fills missing key attributes with the schema defaults (subStatusCode -1)', () => {
    assert.equal(entryKey(errors, kids[0])!.key, entryKey(errors, kids[1])!.key);
    assert.notEqual(entryKey(errors, kids[0])!.key, entryKey(errors, kids[4])!.key);
  });

  it('applies <remove> in order: the re-add after it is not a duplicate', () => {
    const r = effectiveEntries(owner, errors);
    assert.deepEqual(r.duplicates.map((d) => d.entry.element.start), [kids[1].start]);
    assert.deepEqual(r.entries.map((e) => e.element?.start), [kids[3].start, kids[4].start]);
  });

  it('compares with entries inherited from parent files, which <remove> and <clear> drop', () => {
    const inherited = [{ key: entryKey(errors, kids[4])!, origin: { file: 'applicationHost.config', start: 0, end: 10 } }];
    const dup = effectiveEntries(parseXml('<httpErrors><error statusCode="404" subStatusCode="13" path="x" /></httpErrors>').root!, errors, { inherited });
    assert.equal(dup.duplicates.length, 1);
    assert.equal(dup.duplicates[0].first.origin?.file, 'applicationHost.config');
    const cleared = effectiveEntries(parseXml('<httpErrors><clear /><error statusCode="404" subStatusCode="13" path="x" /></httpErrors>').root!, errors, { inherited });
    assert.equal(cleared.duplicates.length, 0);
    assert.equal(cleared.cleared, true);
  });
});
