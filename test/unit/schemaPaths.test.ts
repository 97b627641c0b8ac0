/** Run-time schema folders: where the server looks, and how a folder or a single file from the settings is merged in. */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { schemaForFolders, settingSchemaFolders } from '../../server/src/lsp/schemaPaths';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/feature';
import { machineSchemaFolders, nodeSchemaFiles } from '../../server/src/node/machine';
import { bundledSchema, attributeSchema } from '../../server/src/iis/schemaLoader';

const SCHEMA = `<configSchema>
  <sectionSchema name="system.webServer/contoso">
    <attribute name="enabled" type="bool" defaultValue="false" />
  </sectionSchema>
</configSchema>`;

describe('schema folders', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-schema-'));
    fs.mkdirSync(path.join(dir, 'folder'));
    fs.writeFileSync(path.join(dir, 'folder', 'contoso_schema.xml'), SCHEMA);
    fs.writeFileSync(path.join(dir, 'single.xml'), SCHEMA.replace('contoso', 'fabrikam'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the IIS and IIS Express schema folders that exist', () => {
    const seen: string[] = [];
    const found = machineSchemaFolders({
      env: { windir: 'C:\\Windows', ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      exists: (d) => { seen.push(d); return d.startsWith('C:\\Windows'); },
    });
    assert.deepEqual(found, ['C:\\Windows\\System32\\inetsrv\\config\\schema']);
    assert.ok(seen.includes('C:\\Program Files\\IIS Express\\config\\schema'));
    assert.deepEqual(machineSchemaFolders({ env: {}, exists: () => true }), []);
  });

  it('reads the schemaPaths setting (strings only)', () => {
    assert.deepEqual(settingSchemaFolders({ ...DEFAULT_SETTINGS, raw: { schemaPaths: [' /a ', 3, '', '/b'] } }), ['/a', '/b']);
    assert.deepEqual(settingSchemaFolders({ ...DEFAULT_SETTINGS, raw: { schemaPaths: 'not a list' } }), []);
  });

  it('merges folders and single files over the bundled schema, cached per list, without changing the bundled one', () => {
    const reg = schemaForFolders([path.join(dir, 'folder'), path.join(dir, 'single.xml')], nodeSchemaFiles);
    assert.ok(attributeSchema(reg.node('system.webServer/contoso')!, 'enabled'));
    assert.ok(reg.get('system.webServer/fabrikam'));
    assert.ok(reg.get('system.webServer/httpErrors'), 'bundled sections stay');
    assert.equal(bundledSchema().get('system.webServer/contoso'), undefined);
    assert.equal(schemaForFolders([path.join(dir, 'folder'), path.join(dir, 'single.xml')], nodeSchemaFiles), reg);
    assert.equal(schemaForFolders([], nodeSchemaFiles), bundledSchema());
  });

  it('a missing folder leaves the bundled schema in effect', () => {
    const reg = schemaForFolders([path.join(dir, 'does-not-exist')], nodeSchemaFiles);
    assert.ok(reg.get('system.webServer/httpErrors'));
  });
});
