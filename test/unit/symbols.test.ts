/** The outline (server/src/analysis/symbols.ts) and the level hints on <location path> (locationLevels.ts). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { documentSymbols, OutlineSymbol } from '../../server/src/analysis/symbols';
import { locationLevelHints } from '../../server/src/analysis/locationLevels';
import { REPO, analyze, offsetOf } from '../helpers';

const WITH_SITES = fs.readFileSync(path.join(REPO, 'test', 'cases', 'ignored-at-level', 'with-sites.config'), 'utf8');

/** "name | detail | kind | selected text", indented by depth. */
function render(text: string, symbols: readonly OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} | ${s.detail} | ${s.kind} | ${text.slice(s.selectionStart, s.selectionEnd)}`,
    ...render(text, s.children, depth + 1),
  ]);
}

/** Every child lies inside its parent, and the selection inside the symbol. */
function assertNested(symbols: readonly OutlineSymbol[], parent?: OutlineSymbol): void {
  for (const s of symbols) {
    assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, `${s.name}: selection outside the symbol`);
    if (parent) assert.ok(parent.start <= s.start && s.end <= parent.end, `${s.name} is not inside ${parent.name}`);
    assertNested(s.children, s);
  }
}

describe('document symbols', () => {
  it('applicationHost.config: sites with applications and virtual directories; locations with their level and sections', () => {
    const symbols = documentSymbols(analyze(WITH_SITES));
    assertNested(symbols);
    assert.deepEqual(render(WITH_SITES, symbols), [
      'sites | system.applicationHost | section | sites',
      '  site "Shop" | id 1 | site | Shop',
      '    application "/" | C:\\inetpub\\shop | application | /',
      '      virtual directory "/" | C:\\inetpub\\shop | virtualDirectory | /',
      '      virtual directory "/media" | D:\\media | virtualDirectory | /media',
      '    application "/api" | C:\\inetpub\\shop-api | application | /api',
      '      virtual directory "/" | C:\\inetpub\\shop-api | virtualDirectory | /',
      '  site "Intranet" | id 2 | site | Intranet',
      '    application "/" | C:\\inetpub\\intranet | application | /',
      '      virtual directory "/" | C:\\inetpub\\intranet | virtualDirectory | /',
      'location "shop" | site Shop | location | shop',
      '  iisClientCertificateMappingAuthentication | system.webServer/security/authentication | section | iisClientCertificateMappingAuthentication',
      'location "Shop/api" | application /api of Shop | location | Shop/api',
      '  iisClientCertificateMappingAuthentication | system.webServer/security/authentication | section | iisClientCertificateMappingAuthentication',
      'location "Shop/media" | virtual directory /media of Shop | location | Shop/media',
      '  iisClientCertificateMappingAuthentication | system.webServer/security/authentication | section | iisClientCertificateMappingAuthentication',
      'location "Shop/api/v1/orders" | folder /v1/orders of application /api of Shop | location | Shop/api/v1/orders',
      '  iisClientCertificateMappingAuthentication | system.webServer/security/authentication | section | iisClientCertificateMappingAuthentication',
      'location "Shpo/api" | unknown site Shpo | location | Shpo/api',
      '  defaultDocument | system.webServer | section | defaultDocument',
      'location "Intranet" | site Intranet | location | Intranet',
      '  defaultDocument | system.webServer | section | defaultDocument',
    ]);
  });

  it('web.config: configSections, sections outside and inside locations in document order, unknown sections', () => {
    const text = [
      '<configuration>',
      '  <configSections><section name="mine" /></configSections>',
      '  <system.webServer><defaultDocument enabled="true" /></system.webServer>',
      '  <location path="reports"><system.web><authorization /></system.web></location>',
      '  <notASection />',
      '  <location><system.webServer><directoryBrowse enabled="false" /></system.webServer></location>',
      '</configuration>',
    ].join('\n');
    const symbols = documentSymbols(analyze(text, 'web.config'));
    assertNested(symbols);
    assert.deepEqual(render(text, symbols), [
      'configSections | section declarations | configSections | configSections',
      'defaultDocument | system.webServer | section | defaultDocument',
      'location "reports" | reports below this web.config | location | reports',
      '  authorization | system.web | section | authorization',
      'notASection | notASection (unknown section) | unknownSection | notASection',
      'location "" | this web.config\'s level | location | location',
      '  directoryBrowse | system.webServer | section | directoryBrowse',
    ]);
  });

  it('a document that is not <configuration> (or is empty) has no outline, and a cut-off file still gives one', () => {
    assert.deepEqual(documentSymbols(analyze('<packages />', 'web.config')), []);
    assert.deepEqual(documentSymbols(analyze('', 'web.config')), []);
    const cut = '<configuration>\n  <location path="Site/App">\n    <system.webServer>\n      <defaultDocument enabled="true"';
    const symbols = documentSymbols(analyze(cut, 'applicationHost.config'));
    assertNested(symbols);
    assert.deepEqual(symbols.map((s) => s.name), ['location "Site/App"']);
  });
});

describe('location level hints', () => {
  it('after each path: site, application, virtual directory, folder, unknown site', () => {
    const hints = locationLevelHints(analyze(WITH_SITES));
    assert.deepEqual(hints.map((h) => [WITH_SITES.slice(0, h.offset).split('\n').pop()!.trim(), h.label]), [
      ['<location path="shop"', 'site Shop'],
      ['<location path="Shop/api"', 'application /api of Shop'],
      ['<location path="Shop/media"', 'virtual directory /media of Shop'],
      ['<location path="Shop/api/v1/orders"', 'folder /v1/orders of application /api of Shop'],
      ['<location path="Shpo/api"', 'unknown site Shpo'],
      ['<location path="Intranet"', 'site Intranet'],
    ]);
    assert.match(hints[1].tooltip, /application `\/api` of site `Shop`/);
  });

  it('without <sites>: a one-segment path is a site, a deeper one is below it; "" is the server', () => {
    const text = '<configuration>\n  <location path="">\n  </location>\n  <location path="Site" />\n  <location path="Site/Sub-App" />\n  <location />\n</configuration>';
    const hints = locationLevelHints(analyze(text, 'applicationHost.config'));
    assert.deepEqual(hints.map((h) => h.label), ['server', 'site Site', '/Sub-App below site Site', 'server']);
    assert.equal(hints[3].offset, offsetOf(text, '<location />') + '<location'.length);
  });
});
