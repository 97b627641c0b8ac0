import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AttributeSchema, SectionSchema } from '../../server/src/iis/schema';
import {
  SchemaDiagnostic,
  SchemaRegistry,
  attributeSchema,
  bundledSchema,
  childNames,
  childSchema,
  collectionKeys,
  effectiveDefault,
  loadSchemaFolder,
  mergeSections,
  orderSchemaFiles,
  parseSchemaFiles,
  parseSchemaXml,
  sectionNode,
} from '../../server/src/iis/schemaLoader';

const repoRoot = path.resolve(__dirname, '../../..');
// IIS_SCHEMA_REFERENCE overrides the folder (e.g. to check that the tests skip cleanly without it).
const referenceRoot = path.resolve(repoRoot, process.env.IIS_SCHEMA_REFERENCE ?? '../shared/reference/iis-schema');
const iis10 = path.join(referenceRoot, 'iis10');
const express10 = path.join(referenceRoot, 'iisexpress10');
const haveReference = fs.existsSync(iis10) && fs.existsSync(express10);
const skipReference = haveReference ? false : `reference schema files not found at ${referenceRoot} (tests of the loader on Microsoft's files skipped)`;

const readDir = (dir: string) => fs.readdirSync(dir);
const readFile = (p: string) => fs.readFileSync(p, 'utf8');

/** Parses a folder the way the generator does (file order of orderSchemaFiles). */
function parseFolder(dir: string, onError?: (d: SchemaDiagnostic) => void): SectionSchema[] {
  return parseSchemaFiles(orderSchemaFiles(readDir(dir)).map((name) => ({ name, text: readFile(path.join(dir, name)) })), onError);
}

function attr(registry: SchemaRegistry, section: string, elementPath: string[], name: string): AttributeSchema {
  const node = registry.findElement(section, elementPath);
  assert.ok(node, `${section} ${elementPath.join('/')} not found`);
  const a = attributeSchema(node, name);
  assert.ok(a, `${section} ${elementPath.join('/')} @${name} not found`);
  return a;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Facts of the stock IIS 10 schema, checked on the bundled registry and on a fresh parse of the reference files. */
function checkStockFacts(reg: SchemaRegistry): void {
  // merge: Ftp_schema.xml adds ftpServer to sites, rscaext.xml runtime state
  const sites = reg.get('system.applicationHost/sites');
  assert.ok(sites);
  for (const f of ['IIS_schema.xml', 'Ftp_schema.xml', 'rscaext.xml', 'ftp_rscaext.xml']) assert.ok(sites.sources.includes(f), f);
  assert.equal(sites.collection?.defaultElement, 'siteDefaults');
  const site = reg.findElement('system.applicationHost/sites', ['site']);
  assert.equal(site?.kind, 'add');
  assert.ok(childNames(site!).includes('ftpServer'));
  assert.equal(reg.findElement('system.applicationHost/sites', ['site', 'ftpServer'])?.kind, 'element');
  assert.equal(attr(reg, 'system.applicationHost/sites', ['site', 'ftpServer'], 'allowUTF8').defaultValue, 'true');
  assert.equal(attr(reg, 'system.applicationHost/sites', ['site'], 'state').extension, 'Microsoft.ApplicationHost.RscaExtension');
  assert.equal(attr(reg, 'system.applicationHost/sites', ['site', 'bindings', 'binding'], 'isDsMapperEnabled').extension, 'Microsoft.ApplicationHost.RscaExtension');
  assert.equal(attr(reg, 'system.applicationHost/sites', ['site', 'bindings', 'binding'], 'protocol').extension, undefined);
  const siteDefaults = reg.findElement('system.applicationHost/sites', ['siteDefaults']);
  assert.ok(siteDefaults?.kind === 'element');
  assert.equal(siteDefaults.element.isCollectionDefault, true);
  // nested collections: site > application > virtualDirectory
  const vdir = reg.findElement('system.applicationHost/sites', ['site', 'application', 'virtualDirectory']);
  assert.ok(vdir?.kind === 'add');
  assert.deepEqual(collectionKeys(vdir.owner).map((a) => a.name), ['path']);
  assert.equal(attributeSchema(vdir, 'password')?.encrypted, true);
  assert.equal(attributeSchema(vdir, 'password')?.defaultValue, '[enc:AesProvider::enc]');
  assert.equal(reg.findElement('system.applicationHost/sites', ['site', 'application', 'virtualDirectoryDefaults'])?.kind, 'element');
  // no <method> leaks in as elements or attributes
  assert.equal(reg.findElement('system.applicationHost/sites', ['site', 'Start']), undefined);
  assert.equal(attr(reg, 'system.applicationHost/applicationPools', ['add', 'processModel'], 'password').defaultValue, '[enc:IISWASOnlyAesProvider::enc]');

  // defaultvalue (lower case) is not defaultValue; the implicit bool default is false
  const rsh = attr(reg, 'system.webServer/security/requestFiltering', [], 'removeServerHeader');
  assert.equal(rsh.type, 'bool');
  assert.equal(rsh.defaultValue, undefined);
  assert.equal(effectiveDefault(rsh), 'false');

  // addElement with several names
  const authz = reg.get('system.web/authorization');
  assert.deepEqual(authz?.collection?.addElement, ['allow', 'deny']);
  assert.equal(authz?.collection?.mergeAppend, false);
  assert.equal(authz?.collection?.allowDuplicates, true);
  assert.equal(reg.findElement('system.web/authorization', ['deny'])?.kind, 'add');
  assert.equal(reg.findElement('system.web/authorization', ['remove']), undefined);

  // sslFlags
  const ssl = attr(reg, 'system.webServer/security/access', [], 'sslFlags');
  assert.equal(ssl.type, 'flags');
  assert.equal(ssl.defaultValue, 'None');
  assert.deepEqual(ssl.values, [
    { name: 'None', value: 0 }, { name: 'Ssl', value: 8 }, { name: 'SslNegotiateCert', value: 32 },
    { name: 'SslRequireCert', value: 64 }, { name: 'Ssl128', value: 256 },
  ]);
  assert.ok(!ssl.values!.some((v) => v.name === 'SslMapCert'));

  // iisClientCertificateMappingAuthentication
  const iisCert = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';
  const o2o = reg.findElement(iisCert, ['oneToOneMappings']);
  assert.ok(o2o?.collection);
  assert.equal(o2o.collection.removeElement, undefined);
  assert.equal(o2o.collection.clearElement, 'clear');
  assert.deepEqual(childNames(o2o), ['add', 'clear']);
  assert.equal(reg.findElement(iisCert, ['oneToOneMappings', 'remove']), undefined);
  const cert = attr(reg, iisCert, ['oneToOneMappings', 'add'], 'certificate');
  assert.equal(cert.required, true);
  assert.equal(cert.isUniqueKey, true);
  assert.equal(cert.caseSensitive, true);
  assert.equal(attr(reg, iisCert, ['oneToOneMappings', 'add'], 'password').encrypted, true);
  assert.equal(attributeSchema(reg.findElement(iisCert, ['oneToOneMappings', 'add'])!, 'username'), undefined, 'names are case-sensitive');
  const rules = reg.findElement(iisCert, ['manyToOneMappings', 'add', 'rules', 'add']);
  assert.ok(rules?.kind === 'add');
  assert.deepEqual(collectionKeys(rules.owner).map((a) => a.name), ['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive']);
  assert.deepEqual(attributeSchema(rules, 'certificateField')?.values, [{ name: 'Subject', value: 1 }, { name: 'Issuer', value: 2 }]);

  // mergeAppend=false: handlers, defaultDocument/files, caching profiles
  assert.equal(reg.get('system.webServer/handlers')?.collection?.mergeAppend, false);
  assert.equal(reg.findElement('system.webServer/defaultDocument', ['files'])?.collection?.mergeAppend, false);
  assert.equal(reg.findElement('system.webServer/caching', ['profiles'])?.collection?.mergeAppend, false);
  assert.equal(reg.get('system.webServer/modules')?.collection?.mergeAppend, undefined);

  // sections with allowUnrecognizedAttributes
  for (const s of ['system.web/httpRuntime', 'system.web/identity', 'system.webServer/wdeploy/backup', 'system.webServer/management/delegation']) {
    assert.equal(reg.get(s)?.allowUnrecognizedAttributes, true, s);
  }
  // timeSpan metadata, validation
  const idle = attr(reg, 'system.applicationHost/applicationPools', ['add', 'processModel'], 'idleTimeout');
  assert.equal(idle.type, 'timeSpan');
  assert.equal(idle.defaultValue, '00:20:00');
  assert.equal(attr(reg, 'system.applicationHost/sites', ['site'], 'name').validationType, 'siteName');

  // webFarms: arr_schema.xml and webfarm.xml
  const farms = reg.get('webFarms');
  assert.deepEqual([...farms!.sources].sort(), ['arr_schema.xml', 'webfarm.xml']);
  const farm = reg.findElement('webFarms', ['webFarm']);
  assert.ok(farm && attributeSchema(farm, 'name')?.isUniqueKey, 'name from webfarm.xml');
  assert.ok(attributeSchema(farm, 'serverAutoStart'), 'serverAutoStart from arr_schema.xml');
  assert.ok(reg.findElement('webFarms', ['webFarm', 'applicationRequestRouting', 'protocol']));
  // aspNetCore: v1 and v2 files define the same section
  assert.deepEqual([...reg.get('system.webServer/aspNetCore')!.sources].sort(), ['aspnetcore_schema.xml', 'aspnetcore_schema_v2.xml']);
  assert.equal(reg.findElement('system.webServer/aspNetCore', ['environmentVariables', 'environmentVariable'])?.kind, 'add');
  // ftp_rscaext.xml declares credentialsCache with a method only; Ftp_schema.xml gives its attributes
  assert.ok(reg.findElement('system.ftpServer/caching', ['credentialsCache'])!.attributes.length > 0);
}

describe('parseSchemaXml (inline)', () => {
  const xml = `<configSchema>
  <!-- a comment -->
  <sectionSchema name="test/one" allowUnrecognizedAttributes="true">
    <attribute name="enabled" type="bool" defaultValue="true" />
    <attribute name="lower" type="bool" defaultvalue="true" />
    <attribute name="mode" type="enum" defaultValue="B">
      <enum name="A" value="0"/><enum name="B" value="1"/>
    </attribute>
    <attribute name="bits" type="flags" defaultValue="X, Y"><flag name="X" value="1"/><flag name="Y" value="0x2"/></attribute>
    <attribute name="t" type="timeSpan" timeSpanFormat="seconds" validationType="timeSpanRange" validationParameter="0,60,1" allowInfinite="true" />
    <attribute name="weird" type="guid" />
    <attribute name="state" type="uint" extension="Some.Extension" />
    <method name="DoIt" extension="Some.Extension"><inputElement><attribute name="x" type="string"/></inputElement></method>
    <element name="child" isCollectionDefault="false">
      <attribute name="secret" type="string" encrypted="true" caseSensitive="true" defaultValue="[enc:AesProvider::enc]" />
    </element>
    <collection addElement="allow, deny" removeElement="remove" clearElement="clear" mergeAppend="false" allowDuplicates="true">
      <attribute name="users" type="string" required="true" isCombinedKey="true" />
      <attribute name="verbs" type="string" isCombinedKey="true" />
      <attribute name="other" type="string" />
      <collection addElement="item">
        <attribute name="v" type="int" />
      </collection>
    </collection>
  </sectionSchema>
  <sectionSchema name="test/one">
    <attribute name="added" type="string" />
  </sectionSchema>
</configSchema>`;

  test('reads sections, attributes, values, elements, collections', () => {
    const diags: SchemaDiagnostic[] = [];
    const list = parseSchemaXml(xml, 'test.xml', (d) => diags.push(d));
    assert.equal(list.length, 1, 'the two definitions of test/one merge');
    const s = list[0];
    assert.equal(s.name, 'test/one');
    assert.deepEqual(s.sources, ['test.xml']);
    assert.equal(s.allowUnrecognizedAttributes, true);
    assert.deepEqual(s.attributes.map((a) => a.name), ['enabled', 'lower', 'mode', 'bits', 't', 'weird', 'state', 'added']);
    const a = (n: string) => s.attributes.find((x) => x.name === n)!;
    assert.deepEqual(a('enabled'), { name: 'enabled', type: 'bool', defaultValue: 'true' });
    assert.equal(a('lower').defaultValue, undefined, 'defaultvalue is not defaultValue');
    assert.deepEqual(a('mode').values, [{ name: 'A', value: 0 }, { name: 'B', value: 1 }]);
    assert.deepEqual(a('bits').values, [{ name: 'X', value: 1 }, { name: 'Y', value: 2 }]);
    assert.deepEqual(a('t'), { name: 't', type: 'timeSpan', allowInfinite: true, timeSpanFormat: 'seconds', validationType: 'timeSpanRange', validationParameter: '0,60,1' });
    assert.equal(a('weird').type, 'string');
    assert.equal(a('state').extension, 'Some.Extension');
    assert.deepEqual(s.elements, [{ name: 'child', attributes: [{ name: 'secret', type: 'string', caseSensitive: true, encrypted: true, defaultValue: '[enc:AesProvider::enc]' }], elements: [] }]);
    const c = s.collection!;
    assert.deepEqual(c.addElement, ['allow', 'deny']);
    assert.equal(c.removeElement, 'remove');
    assert.equal(c.clearElement, 'clear');
    assert.equal(c.mergeAppend, false);
    assert.equal(c.allowDuplicates, true);
    assert.deepEqual(c.collection?.addElement, ['item']);
    assert.ok(!JSON.stringify(s).includes('DoIt'), 'methods are skipped');
    assert.ok(diags.some((d) => d.severity === 'warning' && /defaultvalue/.test(d.message) && d.line === 5), JSON.stringify(diags));
    assert.ok(diags.some((d) => d.severity === 'error' && /unknown type "guid"/.test(d.message)));
  });

  test('malformed input never throws and gives []', () => {
    for (const text of ['', 'not xml at all', '<configSchema><sectionSchema name="x">', '<configSchema><a></b></configSchema>', '<other/>', '<configSchema><sectionSchema name="x"/></configSchema><extra/>']) {
      const diags: SchemaDiagnostic[] = [];
      assert.deepEqual(parseSchemaXml(text, 'bad.xml', (d) => diags.push(d)), [], text);
      assert.ok(diags.some((d) => d.severity === 'error' && d.file === 'bad.xml'), `${text}: ${JSON.stringify(diags)}`);
      assert.doesNotThrow(() => parseSchemaXml(text, 'bad.xml'));
    }
    // bad definitions are skipped, the rest is kept
    const diags: SchemaDiagnostic[] = [];
    const list = parseSchemaXml('<configSchema><sectionSchema/><sectionSchema name="ok"><attribute type="int"/><attribute name="e" type="enum"><enum name="A" value="x"/></attribute></sectionSchema></configSchema>', 'p.xml', (d) => diags.push(d));
    assert.deepEqual(list.map((s) => s.name), ['ok']);
    assert.deepEqual(list[0].attributes, [{ name: 'e', type: 'enum' }]);
    assert.ok(diags.filter((d) => d.severity === 'error').length >= 3);
  });
});

describe('mergeSections', () => {
  const base = parseSchemaXml(`<configSchema><sectionSchema name="s">
    <attribute name="a" type="int" defaultValue="1" />
    <element name="e"><attribute name="x" type="string" /></element>
    <collection addElement="add" defaultElement="d"><attribute name="k" type="string" isUniqueKey="true" /></collection>
  </sectionSchema></configSchema>`, 'base.xml')[0];
  const ext = parseSchemaXml(`<configSchema><sectionSchema name="s">
    <attribute name="a" type="int" defaultValue="2" required="true" />
    <attribute name="b" type="bool" extension="Ext" />
    <element name="e"><attribute name="y" type="string" /></element>
    <element name="f" extension="Ext" />
    <collection addElement="add,other" mergeAppend="false"><attribute name="state" type="uint" extension="Ext" /><collection addElement="sub" /></collection>
  </sectionSchema></configSchema>`, 'ext.xml')[0];

  test('the first definition wins, later ones add', () => {
    deepFreeze(base);
    deepFreeze(ext);
    const m = mergeSections(base, ext);
    assert.deepEqual(m.sources, ['base.xml', 'ext.xml']);
    assert.deepEqual(m.attributes, [{ name: 'a', type: 'int', required: true, defaultValue: '1' }, { name: 'b', type: 'bool', extension: 'Ext' }]);
    assert.deepEqual(m.elements.map((e) => [e.name, e.attributes.map((a) => a.name), e.extension]), [['e', ['x', 'y'], undefined], ['f', [], 'Ext']]);
    assert.deepEqual(m.collection?.addElement, ['add', 'other']);
    assert.equal(m.collection?.defaultElement, 'd');
    assert.equal(m.collection?.mergeAppend, false);
    assert.deepEqual(m.collection?.attributes.map((a) => a.name), ['k', 'state']);
    assert.deepEqual(m.collection?.collection?.addElement, ['sub']);
    // reversed precedence
    const r = mergeSections(ext, base);
    assert.equal(r.attributes.find((a) => a.name === 'a')?.defaultValue, '2');
    assert.deepEqual(r.sources, ['ext.xml', 'base.xml']);
  });

  test('extension stays only when every definition has it', () => {
    const stored = parseSchemaXml('<configSchema><sectionSchema name="s"><attribute name="b" type="bool" /></sectionSchema></configSchema>', 'stored.xml')[0];
    assert.equal(mergeSections(ext, stored).attributes.find((a) => a.name === 'b')?.extension, undefined);
    assert.equal(mergeSections(stored, ext).attributes.find((a) => a.name === 'b')?.extension, undefined);
  });
});

describe('schema tree helpers', () => {
  const reg = new SchemaRegistry(parseSchemaXml(`<configSchema><sectionSchema name="s">
    <element name="list">
      <collection addElement="add" removeElement="remove" clearElement="clear" allowUnrecognizedAttributes="true">
        <attribute name="name" type="string" required="true" isUniqueKey="true" />
        <attribute name="value" type="string" />
        <element name="inner"><attribute name="i" type="int" /></element>
      </collection>
    </element>
    <element name="unkeyed">
      <collection addElement="add" removeElement="remove">
        <attribute name="p" type="string" /><attribute name="q" type="string" /><attribute name="r" type="string" extension="X" />
      </collection>
    </element>
  </sectionSchema></configSchema>`, 'tree.xml'));

  test('childSchema resolves elements and collection directives', () => {
    const root = reg.node('s')!;
    assert.equal(root.kind, 'section');
    assert.equal(root, sectionNode(reg.get('s')!));
    const list = childSchema(root, 'list')!;
    assert.equal(list.kind, 'element');
    assert.deepEqual(childNames(list), ['add', 'remove', 'clear']);
    const add = childSchema(list, 'add')!;
    assert.equal(add.kind, 'add');
    assert.equal(add.allowUnrecognizedAttributes, true);
    assert.equal(childSchema(list, 'add'), add, 'nodes are cached');
    assert.equal(attributeSchema(add, 'value')?.type, 'string');
    assert.equal(childSchema(add, 'inner')?.kind, 'element');
    const remove = childSchema(list, 'remove')!;
    assert.equal(remove.kind, 'remove');
    assert.deepEqual(remove.attributes.map((a) => a.name), ['name']);
    assert.equal(attributeSchema(remove, 'value'), undefined);
    assert.equal(remove.allowUnrecognizedAttributes, false);
    const clear = childSchema(list, 'clear')!;
    assert.equal(clear.kind, 'clear');
    assert.deepEqual(clear.attributes, []);
    assert.equal(childSchema(list, 'Add'), undefined, 'case-sensitive');
    assert.equal(childSchema(root, 'add'), undefined);
    assert.deepEqual(reg.findElement('s', ['unkeyed', 'remove'])?.attributes.map((a) => a.name), ['p', 'q'], 'unkeyed: all stored attributes');
    assert.equal(reg.findElement('s', ['list', 'add', 'inner'])?.name, 'inner');
    assert.equal(reg.findElement('s', ['nope', 'add']), undefined);
    assert.equal(reg.findElement('S', []), undefined);
  });

  test('effectiveDefault', () => {
    const e = (a: AttributeSchema) => effectiveDefault(a);
    assert.equal(e({ name: 'a', type: 'bool' }), 'false');
    assert.equal(e({ name: 'a', type: 'uint' }), '0');
    assert.equal(e({ name: 'a', type: 'string' }), '');
    assert.equal(e({ name: 'a', type: 'timeSpan' }), '00:00:00');
    assert.equal(e({ name: 'a', type: 'timeSpan', timeSpanFormat: 'seconds' }), '0');
    assert.equal(e({ name: 'a', type: 'enum', values: [{ name: 'Z', value: 0 }] }), 'Z');
    assert.equal(e({ name: 'a', type: 'enum', values: [{ name: 'One', value: 1 }] }), undefined);
    assert.equal(e({ name: 'a', type: 'flags', values: [{ name: 'One', value: 1 }] }), '');
    assert.equal(e({ name: 'a', type: 'int', defaultValue: '5' }), '5');
  });
});

describe('loadSchemaFolder (injected I/O)', () => {
  const files: Record<string, string> = {
    'C:\\schema\\IIS_schema.xml': '<configSchema><sectionSchema name="s"><attribute name="a" type="int" defaultValue="1"/></sectionSchema></configSchema>',
    'C:\\schema\\b.xml': '<configSchema><sectionSchema name="s"><attribute name="a" type="int" defaultValue="9"/><attribute name="b" type="int"/></sectionSchema><sectionSchema name="t"/></configSchema>',
    'C:\\schema\\broken.xml': '<configSchema>',
  };
  const readDirFake = (dir: string) => {
    assert.equal(dir, 'C:\\schema');
    return ['b.xml', 'IIS_schema.xml', 'broken.xml', 'readme.txt', 'missing.xml'];
  };
  const readFileFake = (p: string) => {
    if (!(p in files)) throw new Error(`ENOENT ${p}`);
    return files[p];
  };

  test('loads, orders and merges the files, reporting problems', () => {
    const diags: SchemaDiagnostic[] = [];
    const base = new SchemaRegistry(parseSchemaXml('<configSchema><sectionSchema name="s"><attribute name="a" type="int" defaultValue="0"/><attribute name="z" type="int"/></sectionSchema></configSchema>', 'old.xml'), { s: { name: 'M', url: 'https://example.invalid/' } });
    const reg = loadSchemaFolder('C:\\schema', readDirFake, readFileFake, { base, onError: (d) => diags.push(d) });
    assert.deepEqual([...reg.sections()].map((s) => s.name).sort(), ['s', 't']);
    const s = reg.get('s')!;
    assert.deepEqual(s.sources, ['IIS_schema.xml', 'b.xml', 'old.xml']);
    assert.equal(s.attributes.find((a) => a.name === 'a')?.defaultValue, '1', 'IIS_schema.xml first; the folder wins over the base');
    assert.deepEqual(s.attributes.map((a) => a.name).sort(), ['a', 'b', 'z']);
    assert.equal(reg.module('s')?.name, 'M');
    assert.equal(base.get('s')!.sources.length, 1, 'the base registry is not modified');
    assert.ok(diags.some((d) => d.file === 'broken.xml' && d.severity === 'error'));
    assert.ok(diags.some((d) => d.file === 'C:\\schema\\missing.xml' && d.severity === 'error'));
  });

  test('an unreadable folder gives a copy of the base', () => {
    const diags: SchemaDiagnostic[] = [];
    const reg = loadSchemaFolder('/nowhere', () => { throw new Error('ENOENT'); }, readFileFake, { onError: (d) => diags.push(d) });
    assert.equal(reg.size, bundledSchema().size);
    assert.notEqual(reg, bundledSchema());
    assert.equal(diags.length, 1);
  });
});

describe('bundled schema (server/data/schema.json)', () => {
  const reg = bundledSchema();

  test('covers IIS 10 and the optional modules', () => {
    assert.equal(reg, bundledSchema(), 'cached');
    assert.equal(reg.size, 142);
    for (const s of ['system.webServer/rewrite/rules', 'system.webServer/proxy', 'webFarms', 'system.webServer/aspNetCore', 'system.ftpServer/security/authentication',
      'system.webServer/webdav/authoring', 'system.webServer/wdeploy/backup', 'system.webServer/management/delegation', 'system.webServer/management/dbManager',
      'system.web/compilation', 'appSettings', 'system.net/mailSettings/smtp', 'configProtectedData', 'system.applicationHost/sites']) {
      assert.ok(reg.has(s), s);
    }
    assert.equal(reg.get('system.webserver/handlers'), undefined, 'section names are case-sensitive');
    assert.equal(reg.module('system.webServer/rewrite/rules')?.name, 'URL Rewrite');
    assert.equal(reg.module('system.webServer/rewrite/rules')?.url, 'https://www.iis.net/downloads/microsoft/url-rewrite');
    assert.equal(reg.module('system.webServer/proxy')?.name, 'Application Request Routing');
    assert.equal(reg.module('webFarms')?.alternatives?.[0].name, 'Web Farm Framework');
    assert.equal(reg.module('system.webServer/aspNetCore')?.name, 'ASP.NET Core Module');
    assert.equal(reg.module('system.webServer/wdeploy/backup')?.name, 'Web Deploy');
    assert.match(reg.module('system.ftpServer/log')?.name ?? '', /FTP/);
    assert.match(reg.module('system.webServer/webdav/authoringRules')?.name ?? '', /WebDAV/);
    assert.equal(reg.module('system.webServer/handlers'), undefined);
    assert.equal(reg.module('system.applicationHost/sites'), undefined);
    assert.deepEqual(reg.get('system.webServer/management/dbManager')?.sources, ['dbmanager_schema.xml']);
    assert.ok(reg.sourceNames['IIS_schema.xml'].includes('lextm/iis_schema@fe51c91'));
  });

  test('stock facts', () => checkStockFacts(reg));

  test('every section lists its sources; the file stays small', () => {
    for (const s of reg.sections()) assert.ok(s.sources.length > 0 && s.sources.every((f) => f in reg.sourceNames), s.name);
    assert.ok(fs.statSync(path.join(repoRoot, 'server/data/schema.json')).size < 1_000_000);
  });
});

describe('reference schema files (../shared/reference/iis-schema)', { skip: skipReference }, () => {
  test('iis10: 148 sectionSchema elements, 141 unique sections, no errors', () => {
    const diags: SchemaDiagnostic[] = [];
    let total = 0;
    const perFile: Record<string, number> = {};
    for (const name of orderSchemaFiles(readDir(iis10))) {
      const list = parseSchemaXml(readFile(path.join(iis10, name)), name, (d) => diags.push(d));
      perFile[name] = list.length;
      total += list.length;
    }
    assert.equal(total, 148);
    assert.equal(perFile['IIS_schema.xml'], 56, 'notes/01 says 58: its grep counted the two <sectionSchema in the header comment');
    assert.equal(perFile['ASPNET_schema.xml'], 37);
    assert.equal(perFile['FX_schema.xml'], 24);
    assert.equal(perFile['Ftp_schema.xml'], 10);
    assert.equal(parseFolder(iis10).length, 141);
    assert.deepEqual(diags.filter((d) => d.severity === 'error'), []);
    // the known oddities are reported as ignored metadata
    assert.deepEqual(diags.map((d) => `${d.file}:${d.line}`).sort(), ['IIS_schema.xml:1104', 'IIS_schema.xml:1311', 'rewrite_schema.xml:174', 'webfarm.xml:49']);
  });

  test('iis10: the stock facts hold on a fresh parse', () => {
    const reg = new SchemaRegistry(parseFolder(iis10));
    checkStockFacts(reg);
    let encrypted = 0;
    const count = (e: { attributes: readonly AttributeSchema[]; elements: readonly unknown[]; collection?: unknown }): void => {
      encrypted += e.attributes.filter((a) => a.encrypted).length;
      for (const c of e.elements) count(c as typeof e);
      if (e.collection) count(e.collection as typeof e);
    };
    for (const s of reg.sections()) count(s);
    assert.equal(encrypted, 23);
  });

  test('iisexpress10: 127 sections, dbManager, IIS Express defaults win when loaded over the bundled schema', () => {
    assert.equal(parseFolder(express10).length, 127);
    const diags: SchemaDiagnostic[] = [];
    const reg = loadSchemaFolder(express10, readDir, readFile, { onError: (d) => diags.push(d) });
    assert.equal(reg.size, 142);
    assert.deepEqual(diags.filter((d) => d.severity === 'error'), []);
    assert.ok(reg.has('system.webServer/management/dbManager'));
    const logEvent = attr(reg, 'system.applicationHost/applicationPools', ['add', 'recycling'], 'logEventOnRecycle');
    assert.equal(logEvent.defaultValue, 'Time, Memory, PrivateMemory');
    assert.equal(attr(bundledSchema(), 'system.applicationHost/applicationPools', ['add', 'recycling'], 'logEventOnRecycle').defaultValue,
      'Time, Requests, Schedule, Memory, IsapiUnhealthy, OnDemand, ConfigChange, PrivateMemory', 'bundled registry unchanged');
    const only = loadSchemaFolder(express10, readDir, readFile, { base: new SchemaRegistry() });
    assert.equal(only.size, 127);
    assert.equal(only.has('system.webServer/proxy'), false);
  });

  test('the bundled schema.json equals a fresh parse of the reference files', () => {
    const fresh = parseSchemaFiles([
      ...orderSchemaFiles(readDir(iis10)).map((name) => ({ name, text: readFile(path.join(iis10, name)) })),
      { name: 'dbmanager_schema.xml', text: readFile(path.join(express10, 'dbmanager_schema.xml')) },
    ]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const json = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server/data/schema.json'), 'utf8')) as { sections: SectionSchema[]; sources: Record<string, string> };
    assert.deepEqual(json.sections.map((s) => s.name), fresh.map((s) => s.name));
    assert.deepEqual(json.sections, JSON.parse(JSON.stringify(fresh)));
    assert.deepEqual(Object.keys(json.sources).sort(), [...readDir(iis10), 'dbmanager_schema.xml'].sort());
  });

  test('the generator is deterministic and up to date', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-schema-'));
    try {
      const out = path.join(tmp, 'schema.json');
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts/generate-schema.js'), '--out', out], { cwd: repoRoot, stdio: 'pipe' });
      assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(repoRoot, 'server/data/schema.json'), 'utf8'),
        'server/data/schema.json is stale: run npm run generate:schema');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
