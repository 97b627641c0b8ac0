/**
 * Show Effective Configuration marks what the runtime ignores at the path: a
 * section (or its attributes) set at a level IIS does not read it from is in
 * the merged view, "ignored here", with the value IIS uses instead and where
 * that comes from.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPathHierarchy } from '../../server/src/hierarchy/hierarchy';
import { effectiveConfiguration } from '../../server/src/analysis/effectiveView';
import { bundledSchema } from '../../server/src/iis/schemaLoader';
import { fsReader, scanWorkspace } from '../../server/src/node/hierarchyIo';
import { FIXTURES } from '../helpers';

const MAPPING = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';

function view(root: string, configPath: string, section: string) {
  const scan = scanWorkspace([root]);
  const h = buildPathHierarchy(configPath.split('/'), {
    fileName: path.join(root, 'web.config'), workspaceRoots: [root], reader: fsReader(), workspaceAppHosts: scan.appHosts, webConfigFolders: scan.webConfigFolders,
  });
  return effectiveConfiguration(h, section, bundledSchema());
}

describe('effective configuration: what the runtime ignores', () => {
  const ws = path.join(FIXTURES, 'workspace');

  it("marks the seed's certificate mappings at the sub-application, with the value IIS uses instead", () => {
    const v = view(ws, 'Site/Sub-App', MAPPING);
    assert.equal(v.ignored, 1);
    assert.match(v.text, /Marked "ignored here"/);
    assert.match(v.text, /enabled: \[1\] line \d+ \(ignored here: IIS reads it only at server and site level; IIS uses the default enabled="false"\)/);
    assert.match(v.text, /<add name="Contoso staff" [^>]*> <!-- \[1\] line \d+ \(ignored here: IIS reads it only at server and site level\) -->/);
  });

  it('leaves a path IIS reads it at alone (the twin: the site level)', () => {
    const v = view(ws, 'Site', 'system.webServer/security/access');
    assert.equal(v.ignored, 0);
    assert.doesNotMatch(v.text, /ignored here/);
  });

  it('names the server-level value IIS uses for an attribute it reads only there', () => {
    const root = path.join(FIXTURES, '..', 'cases', 'suppression');
    // fix-multiline-tag.config sets httpCompression's server-only attributes in <location path="Site">; read it as the applicationHost.config.
    const scan = { appHosts: [], webConfigFolders: [] };
    const h = buildPathHierarchy(['Site'], {
      fileName: path.join(root, 'web.config'), workspaceRoots: [root], reader: fsReader(), ...scan,
      explicit: { path: path.join(root, 'fix-multiline-tag.config'), source: 'cli' },
    });
    const v = effectiveConfiguration(h, 'system.webServer/httpCompression', bundledSchema());
    assert.equal(v.ignored, 1);
    assert.match(v.text, /directory: \[1\] line 5 \(ignored here: IIS reads it only at server level; IIS uses the default directory="%SystemDrive%\\inetpub\\temp\\IIS Temporary Compressed Files"\)/);
  });

  it('names the value of a level IIS reads, and the file line it comes from', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-effective-'));
    try {
      const appHost = path.join(dir, 'applicationHost.config');
      fs.writeFileSync(appHost, `<configuration>
  <system.webServer>
    <httpCompression directory="D:\\compressed" />
  </system.webServer>
  <location path="Site">
    <system.webServer>
      <httpCompression directory="E:\\elsewhere" />
    </system.webServer>
  </location>
</configuration>
`);
      const h = buildPathHierarchy(['Site'], { fileName: path.join(dir, 'web.config'), workspaceRoots: [dir], reader: fsReader(), explicit: { path: appHost, source: 'cli' } });
      const v = effectiveConfiguration(h, 'system.webServer/httpCompression', bundledSchema());
      assert.match(v.text, /directory: \[1\] line 7 \(ignored here: IIS reads it only at server level; IIS uses directory="D:\\compressed" from \[1\] line 3\)/);
      assert.match(v.text, /<httpCompression directory="E:\\elsewhere" \/>/, 'the merged view still shows what the configuration system merges');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
