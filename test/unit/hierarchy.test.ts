/**
 * The configuration hierarchy as pure functions over an in-memory file system
 * (the injected reader): physical-path mapping, which applicationHost.config is
 * in effect, levels and parents, the lock state IIS computes (overrideMode,
 * legacy allowOverride, inheritInChildApplications, "a level never unlocks
 * what a parent locked"), and the effective-configuration view.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { HierarchyReader, buildHierarchy, buildPathHierarchy, chooseApplicationHost, HierarchyOptions, normalizePath, realPathOf, workspaceRootOf } from '../../server/src/hierarchy/hierarchy';
import { mapFolder, pathSegments, physicalEntities, sharedSuffix } from '../../server/src/hierarchy/physicalPaths';
import { readSites } from '../../server/src/hierarchy/levels';
import { parseXml, childElements } from '../../server/src/syntax/xml';
import { analyzeDocument } from '../../server/src/analysis/analyze';
import { hierarchyContext } from '../../server/src/analysis/inheritance';
import { effectiveConfiguration } from '../../server/src/analysis/effectiveView';
import { bundledSchema } from '../../server/src/iis/schemaLoader';
import { buildConfigFile } from '../../server/src/hierarchy/configFile';
import { DEFAULT_APPHOST_NAME } from '../../server/src/hierarchy/defaultAppHost';

/** A file system in memory: path → text. Folders are implied by the paths. */
function memoryReader(files: Record<string, string>): HierarchyReader {
  return {
    readFile: (p) => files[p],
    listDirectory(dir) {
      const prefix = dir.endsWith('/') ? dir : dir + '/';
      const out = new Map<string, boolean>();
      for (const p of Object.keys(files)) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length).split('/');
        out.set(rest[0], rest.length > 1 || out.get(rest[0]) === true);
      }
      return out.size ? [...out].map(([name, directory]) => ({ name, directory })) : undefined;
    },
  };
}

function sitesXml(sites: Array<{ name: string; apps: Array<{ path: string; vdirs: Array<[string, string]> }> }>): string {
  return `<system.applicationHost><sites>${sites.map((s) => `<site name="${s.name}">${s.apps.map((a) =>
    `<application path="${a.path}">${a.vdirs.map(([p, phys]) => `<virtualDirectory path="${p}" physicalPath="${phys}" />`).join('')}</application>`).join('')}</site>`).join('')}</sites></system.applicationHost>`;
}

function appHost(body: string, sites = ''): string {
  return `<configuration>${sites}${body}</configuration>`;
}

const WEB = (body: string) => `<configuration>${body}</configuration>`;

function analyzeIn(files: Record<string, string>, file: string, extra: Partial<HierarchyOptions> = {}) {
  const reader = memoryReader(files);
  const h = buildHierarchy({ fileName: file, workspaceRoots: ['/ws'], reader, workspaceAppHosts: Object.keys(files).filter((p) => /applicationhost\.config$/i.test(p)), webConfigFolders: Object.keys(files).filter((p) => /\/web\.config$/i.test(p)).map((p) => p.slice(0, p.lastIndexOf('/'))), ...extra });
  const a = analyzeDocument(files[file], { fileName: file, ...hierarchyContext(h) });
  return { h, a, codes: a.diagnostics.map((d) => d.code) };
}

describe('physical paths', () => {
  it('splits Windows and POSIX paths, keeping %VAR% as a segment', () => {
    assert.deepEqual(pathSegments('%SystemDrive%\\inetpub\\wwwroot\\'), ['%SystemDrive%', 'inetpub', 'wwwroot']);
    assert.deepEqual(pathSegments('/srv/www/./shop'), ['srv', 'www', 'shop']);
    assert.equal(sharedSuffix(['ops', 'sites', 'SHOP'], ['D:', 'Sites', 'shop']), 2);
  });

  const sites = readSites(childElements(parseXml(sitesXml([
    { name: 'Shop', apps: [{ path: '/', vdirs: [['/', 'D:\\sites\\shop'], ['/media', 'E:\\media']] }, { path: '/api', vdirs: [['/', 'D:\\sites\\shop\\api']] }] },
    { name: 'Blog', apps: [{ path: '/', vdirs: [['/', '%SystemDrive%\\inetpub\\blog']] }] },
    { name: 'Copy1', apps: [{ path: '/', vdirs: [['/', 'C:\\x\\same']] }] },
    { name: 'Copy2', apps: [{ path: '/', vdirs: [['/', 'D:\\y\\same']] }] },
  ])).root!)[0]);
  const entities = physicalEntities(sites);

  it('maps a folder to the entity whose physical path shares the most trailing segments; below it, the folders are the rest of the path', () => {
    const m = mapFolder('/ws/ops/sites/shop/api', '/ws/ops', entities);
    assert.equal(m.kind, 'mapped');
    assert.deepEqual(m.kind === 'mapped' && m.mapping.configPath, ['Shop', 'api']);
    const deeper = mapFolder('/ws/ops/sites/shop/Views/Home', '/ws/ops', entities);
    assert.deepEqual(deeper.kind === 'mapped' && deeper.mapping.configPath, ['Shop', 'Views', 'Home']);
    const media = mapFolder('C:\\repo\\media', 'C:\\repo', entities);
    assert.deepEqual(media.kind === 'mapped' && media.mapping.configPath, ['Shop', 'media']);
    const blog = mapFolder('/ws/BLOG', '/ws', entities);
    assert.deepEqual(blog.kind === 'mapped' && blog.mapping.configPath, ['Blog'], 'case-insensitive, %SystemDrive% left alone');
  });

  it('an equally good match for two different paths maps nothing; no shared segment maps nothing', () => {
    assert.equal(mapFolder('/ws/same', '/ws', entities).kind, 'ambiguous');
    assert.equal(mapFolder('/ws/unrelated', '/ws', entities).kind, 'none');
  });
});

describe('which applicationHost.config', () => {
  const ah = appHost('', sitesXml([{ name: 'Shop.Web', apps: [{ path: '/', vdirs: [['/', 'C:\\src\\Solution\\Shop.Web']] }] }]));
  const base = { fileName: '/ws/Solution/Shop.Web/web.config', workspaceRoots: ['/ws'] };

  it('Visual Studio layouts: .vs/<solution>/config wins over the older .vs/config; the nearest ancestor wins', () => {
    const files = {
      '/ws/Solution/.vs/config/applicationhost.config': ah,
      '/ws/Solution/.vs/Shop/config/applicationhost.config': ah,
      '/ws/.vs/Other/config/applicationhost.config': ah,
      '/ws/Solution/Shop.Web/web.config': WEB(''),
    };
    const r = chooseApplicationHost({ ...base, reader: memoryReader(files) });
    assert.equal(r.choice.source, 'iisExpress');
    assert.equal(r.choice.path, '/ws/Solution/.vs/Shop/config/applicationhost.config');
    assert.equal(r.choice.inWorkspace, true);
    delete (files as Record<string, string>)['/ws/Solution/.vs/Shop/config/applicationhost.config'];
    assert.equal(chooseApplicationHost({ ...base, reader: memoryReader(files) }).choice.path, '/ws/Solution/.vs/config/applicationhost.config');
  });

  it('a workspace file whose sites map the folder beats an IIS Express file that does not (an operations repository opened in Visual Studio)', () => {
    const files = {
      '/ws/Solution/.vs/Shop/config/applicationhost.config': appHost('', sitesXml([{ name: 'Other', apps: [{ path: '/', vdirs: [['/', 'C:\\src\\Other']] }] }])),
      '/ws/server/applicationHost.config': ah,
    };
    const r = chooseApplicationHost({ ...base, reader: memoryReader(files), workspaceAppHosts: ['/ws/server/applicationHost.config', '/ws/Solution/.vs/Shop/config/applicationhost.config'] });
    assert.deepEqual([r.choice.source, r.choice.path], ['workspace', '/ws/server/applicationHost.config']);
    const alone = chooseApplicationHost({ ...base, reader: memoryReader(files), workspaceAppHosts: [] });
    assert.equal(alone.choice.source, 'iisExpress', 'with nothing that maps, the solution\'s IIS Express file');
  });

  it('the setting wins; an unreadable one falls back with a warning; a workspace file whose sites map the folder beats one that does not', () => {
    const files = { '/ws/a/applicationHost.config': appHost(''), '/ws/z/applicationHost.config': ah, '/etc/iis/applicationHost.config': appHost('') };
    const reader = memoryReader(files);
    const named = chooseApplicationHost({ ...base, reader, explicit: { path: '/etc/iis/applicationHost.config', source: 'setting' }, workspaceAppHosts: Object.keys(files) });
    assert.deepEqual([named.choice.source, named.choice.path, named.choice.inWorkspace], ['setting', '/etc/iis/applicationHost.config', false]);
    const fallback = chooseApplicationHost({ ...base, reader, explicit: { path: '/missing.config', source: 'cli' }, workspaceAppHosts: ['/ws/a/applicationHost.config', '/ws/z/applicationHost.config'] });
    assert.equal(fallback.choice.source, 'workspace');
    assert.equal(fallback.choice.path, '/ws/z/applicationHost.config', 'its site maps Shop.Web');
    assert.match(fallback.choice.warning ?? '', /Cannot read \/missing\.config \(--app-host\)/);
  });

  it('trust boundary: a .vs folder above the workspace is never looked at (a file planted in /tmp/.vs); one inside is', () => {
    const files = {
      '/tmp/.vs/Planted/config/applicationhost.config': ah,
      '/tmp/ws/Solution/Shop.Web/web.config': WEB(''),
    };
    const o = { fileName: '/tmp/ws/Solution/Shop.Web/web.config', workspaceRoots: ['/tmp/ws'] };
    const r = chooseApplicationHost({ ...o, reader: memoryReader(files) });
    assert.equal(r.choice.source, 'default', `not ${r.choice.path}`);
    // The folder given on the command line (trustedFolders) is looked in too; the twin inside the workspace is found.
    assert.equal(chooseApplicationHost({ ...o, reader: memoryReader(files), trustedFolders: ['/tmp/ws', '/tmp'] }).choice.source, 'iisExpress');
    const inside = { ...files, '/tmp/ws/.vs/Shop/config/applicationhost.config': ah };
    assert.equal(chooseApplicationHost({ ...o, reader: memoryReader(inside) }).choice.path, '/tmp/ws/.vs/Shop/config/applicationhost.config');
  });

  it('trust boundary: a .vs file whose real path is outside the workspace (a symbolic link) is not used', () => {
    const files = { '/elsewhere/applicationhost.config': ah, '/ws/Solution/.vs/Shop/config/applicationhost.config': ah };
    const reader: HierarchyReader = {
      ...memoryReader(files),
      realPath: (p) => (p === '/ws/Solution/.vs/Shop/config/applicationhost.config' ? '/elsewhere/applicationhost.config' : normalizePath(p)),
    };
    assert.equal(chooseApplicationHost({ ...base, reader }).choice.source, 'default');
    assert.equal(chooseApplicationHost({ ...base, reader: memoryReader(files) }).choice.source, 'iisExpress', 'the twin without the link');
  });

  it("the workspace's own applicationHost.config wins over Visual Studio's IIS Express file when both map the folder", () => {
    const files = { '/ws/Solution/.vs/Shop/config/applicationhost.config': ah, '/ws/server/applicationHost.config': ah };
    const r = chooseApplicationHost({ ...base, reader: memoryReader(files), workspaceAppHosts: ['/ws/server/applicationHost.config', '/ws/Solution/.vs/Shop/config/applicationhost.config'] });
    assert.deepEqual([r.choice.source, r.choice.path], ['workspace', '/ws/server/applicationHost.config']);
    // Neither maps: the workspace's file in this folder or above it wins too.
    const other = appHost('', sitesXml([{ name: 'Other', apps: [{ path: '/', vdirs: [['/', 'C:\\src\\Other']] }] }]));
    const near = { '/ws/Solution/.vs/Shop/config/applicationhost.config': other, '/ws/applicationHost.config': other };
    const n = chooseApplicationHost({ ...base, reader: memoryReader(near), workspaceAppHosts: ['/ws/applicationHost.config'] });
    assert.deepEqual([n.choice.source, n.choice.path], ['workspace', '/ws/applicationHost.config']);
  });

  it('trust boundary: a named file with ".." or a symbolic link that leads outside is read but not in the workspace', () => {
    const files = { '/etc/applicationHost.config': ah, '/ws/server/applicationHost.config': ah };
    // A reader that resolves '..' as the disk does.
    const disk = (f: Record<string, string>): HierarchyReader => ({ ...memoryReader(f), readFile: (p) => f[normalizePath(p)] });
    const dotdot = chooseApplicationHost({ ...base, reader: disk(files), explicit: { path: '/ws/../etc/applicationHost.config', source: 'setting' } });
    assert.equal(dotdot.choice.source, 'setting');
    assert.equal(dotdot.choice.inWorkspace, false);
    const deeper = chooseApplicationHost({ ...base, reader: disk(files), explicit: { path: '/ws/Solution/../../etc/applicationHost.config', source: 'setting' } });
    assert.equal(deeper.choice.inWorkspace, false);
    assert.equal(deeper.choice.source, 'setting');
    const linked: HierarchyReader = { ...memoryReader(files), realPath: (p) => (normalizePath(p) === '/ws/server/applicationHost.config' ? '/etc/applicationHost.config' : normalizePath(p)) };
    const link = chooseApplicationHost({ ...base, reader: linked, explicit: { path: '/ws/server/applicationHost.config', source: 'setting' } });
    assert.equal(link.choice.inWorkspace, false);
    // The twins: really inside, and a workspace folder that is itself a link to where the file is.
    assert.deepEqual(Object.values(chooseApplicationHost({ ...base, reader: disk(files), explicit: { path: '/ws/./server/x/../applicationHost.config', source: 'setting' } }).choice).slice(0, 1), ['setting']);
    assert.equal(chooseApplicationHost({ ...base, reader: disk(files), explicit: { path: '/ws/./server/x/../applicationHost.config', source: 'setting' } }).choice.inWorkspace, true);
    const wsLink: HierarchyReader = { ...memoryReader(files), realPath: (p) => normalizePath(p).replace(/^\/ws(?=\/|$)/, '/data/ws') };
    assert.equal(chooseApplicationHost({ ...base, reader: wsLink, explicit: { path: '/ws/server/applicationHost.config', source: 'setting' } }).choice.inWorkspace, true);
  });

  it('paths: ".." collapsed without the disk; real paths of missing files through their nearest existing folder', () => {
    assert.equal(normalizePath('/ws/../etc/x'), '/etc/x');
    assert.equal(normalizePath('/ws/a/./b/../../c'), '/ws/c');
    assert.equal(normalizePath('/../..'), '/');
    assert.equal(normalizePath('C:\\ws\\..\\x'), 'C:\\x');
    assert.equal(normalizePath('C:\\..\\..'), 'C:\\');
    const reader = { realPath: (p: string) => (p === '/link' ? '/real' : p === '/' ? '/' : undefined) };
    assert.equal(realPathOf('/link/new/web.config', reader), '/real/new/web.config');
    assert.equal(workspaceRootOf('/link/../etc/x', ['/link'], reader), undefined);
    assert.equal(workspaceRootOf('/real/a', ['/link'], reader), '/link');
  });

  it('the machine file when nothing else is found, else the built-in default model', () => {
    const reader = memoryReader({ 'C:/Windows/System32/inetsrv/config/applicationHost.config': appHost('') });
    assert.equal(chooseApplicationHost({ ...base, reader, machineAppHost: 'C:/Windows/System32/inetsrv/config/applicationHost.config' }).choice.source, 'machine');
    const none = chooseApplicationHost({ ...base, reader: memoryReader({}) });
    assert.equal(none.choice.source, 'default');
    assert.equal(none.appHost.builtIn, true);
    assert.equal(none.appHost.fileName, DEFAULT_APPHOST_NAME);
  });
});

describe('levels and parents', () => {
  it('without applicationHost.config the topmost web.config is an application root, nested ones are folders, and declarations flow down', () => {
    const files = {
      '/ws/app/web.config': WEB('<configSections><section name="mySettings" overrideModeDefault="Deny" type="X, Y" /></configSections><mySettings />'),
      '/ws/app/Areas/web.config': WEB(''),
      '/ws/app/Areas/Admin/web.config': WEB('<mySettings /><system.web><authentication mode="None" /></system.web>'),
    };
    const { h, a, codes } = analyzeIn(files, '/ws/app/Areas/Admin/web.config');
    assert.deepEqual(h.parents.map((p) => p.fileName), ['/ws/app/web.config', '/ws/app/Areas/web.config']);
    assert.deepEqual(h.configPath, ['app', 'Areas', 'Admin']);
    assert.deepEqual(h.fileLevel.candidates, ['directory']);
    assert.equal(h.mapped, false);
    assert.ok(codes.includes('section-not-allowed'), 'authentication is beyond application level');
    const locked = a.diagnostics.find((d) => d.code === 'section-locked');
    assert.ok(locked, 'the parent declared mySettings with overrideModeDefault="Deny"');
    assert.deepEqual(locked.related?.map((r) => r.file), ['/ws/app/web.config']);
    const top = analyzeIn(files, '/ws/app/web.config');
    assert.deepEqual(top.h.fileLevel.candidates, ['site', 'application']);
    assert.ok(!top.codes.includes('section-locked'), 'a file may use what it declares itself');
  });

  it('with a site mapping, the parents are the web.config files of the configuration path above, wherever their folders are', () => {
    const files = {
      '/ws/server/applicationHost.config': appHost('', sitesXml([{ name: 'Shop', apps: [
        { path: '/', vdirs: [['/', 'D:\\sites\\shop']] }, { path: '/api', vdirs: [['/', 'D:\\apps\\shop-api']] }] }])),
      '/ws/sites/shop/web.config': WEB('<system.webServer><staticContent><mimeMap fileExtension=".x" mimeType="a/b" /></staticContent></system.webServer>'),
      '/ws/apps/shop-api/web.config': WEB(''),
      '/ws/apps/shop-api/v1/web.config': WEB('<system.webServer><staticContent><mimeMap fileExtension=".x" mimeType="a/b" /></staticContent></system.webServer>'),
    };
    const { h, a } = analyzeIn(files, '/ws/apps/shop-api/v1/web.config');
    assert.deepEqual(h.configPath, ['Shop', 'api', 'v1']);
    assert.deepEqual(h.parents.map((p) => p.fileName), ['/ws/sites/shop/web.config', '/ws/apps/shop-api/web.config']);
    const dup = a.diagnostics.find((d) => d.code === 'duplicate-collection-entry');
    assert.ok(dup, 'the site root\'s entry reaches the folder of the application');
    assert.deepEqual(dup.related?.map((r) => r.file), ['/ws/sites/shop/web.config']);
  });
});

describe('locks (overrideMode)', () => {
  const sites = sitesXml([{ name: 'Site', apps: [{ path: '/', vdirs: [['/', 'D:\\w\\site']] }, { path: '/app', vdirs: [['/', 'D:\\w\\site\\app']] }] }]);
  const ASP = '<system.webServer><asp /></system.webServer>';
  const run = (appHostBody: string, siteWeb: string, appWeb = WEB(ASP), folderWeb?: string) => {
    const files: Record<string, string> = { '/ws/applicationHost.config': appHost(appHostBody, sites), '/ws/site/web.config': siteWeb, '/ws/site/app/web.config': appWeb };
    if (folderWeb) files['/ws/site/folder/web.config'] = folderWeb;
    return {
      site: analyzeIn(files, '/ws/site/web.config').codes.includes('section-locked'),
      app: analyzeIn(files, '/ws/site/app/web.config').codes.includes('section-locked'),
      folder: folderWeb ? analyzeIn(files, '/ws/site/folder/web.config').codes.includes('section-locked') : undefined,
    };
  };

  it('asp is locked by default; <location path="Site" overrideMode="Allow"> unlocks the site and below; "Site/app" only the application', () => {
    assert.deepEqual(run('', WEB(ASP)), { site: true, app: true, folder: undefined });
    assert.deepEqual(run(`<location path="Site" overrideMode="Allow">${ASP}</location>`, WEB(ASP)), { site: false, app: false, folder: undefined });
    assert.deepEqual(run(`<location path="Site/app" overrideMode="Allow">${ASP}</location>`, WEB(ASP)), { site: true, app: false, folder: undefined });
    assert.deepEqual(run(`<location path="" overrideMode="Allow">${ASP}</location>`, WEB(ASP)), { site: false, app: false, folder: undefined });
  });

  it('legacy allowOverride="false" locks, Inherit changes nothing, and a site web.config may lock its children', () => {
    assert.deepEqual(run(`<location path="" overrideMode="Allow">${ASP}</location><location path="Site" allowOverride="false">${ASP}</location>`, WEB(ASP)), { site: true, app: true, folder: undefined });
    assert.deepEqual(run(`<location path="" overrideMode="Allow">${ASP}</location><location path="Site" allowOverride="true">${ASP}</location>`, WEB(ASP)), { site: false, app: false, folder: undefined });
    assert.deepEqual(run(`<location path="Site" overrideMode="Inherit">${ASP}</location>`, WEB(ASP)), { site: true, app: true, folder: undefined });
    const siteLocks = WEB(`<location path="app" overrideMode="Deny">${ASP}</location>`);
    assert.deepEqual(run(`<location path="Site" overrideMode="Allow">${ASP}</location>`, siteLocks), { site: false, app: true, folder: undefined });
  });

  it('a level never unlocks what a parent locked: the site web.config\'s overrideMode="Allow" does not unlock asp it may not use itself', () => {
    const r = run('', WEB(`<location path="app" overrideMode="Allow">${ASP}</location>`));
    assert.deepEqual(r, { site: true, app: true, folder: undefined });
  });

  it('inheritInChildApplications="false" keeps an unlock from child applications, not from folders', () => {
    const r = run(`<location path="Site" overrideMode="Allow" inheritInChildApplications="false">${ASP}</location>`, WEB(''), WEB(ASP), WEB(ASP));
    assert.deepEqual(r, { site: false, app: true, folder: false });
  });
});

describe('granular locks (lock-violation)', () => {
  const sites = sitesXml([{ name: 'Site', apps: [{ path: '/', vdirs: [['/', 'D:\\w\\site']] }] }]);
  const violations = (appHostBody: string, web: string) => {
    const files = { '/ws/applicationHost.config': appHost(appHostBody, sites), '/ws/site/web.config': WEB(web) };
    const { a } = analyzeIn(files, '/ws/site/web.config');
    return a.diagnostics.filter((d) => d.code === 'lock-violation').map((d) => files['/ws/site/web.config'].slice(d.start, d.end));
  };

  it('lockAllAttributesExcept, lockElements (collection directives too), lockAllElementsExcept', () => {
    assert.deepEqual(violations('<system.webServer><directoryBrowse lockAllAttributesExcept="enabled" /></system.webServer>',
      '<system.webServer><directoryBrowse enabled="true" showFlags="Date" /></system.webServer>'), ['showFlags']);
    assert.deepEqual(violations('<system.webServer><staticContent lockElements="remove,clear" /></system.webServer>',
      '<system.webServer><staticContent><clear /><mimeMap fileExtension=".x" mimeType="a/b" /></staticContent></system.webServer>'), ['clear']);
    assert.deepEqual(violations('<system.webServer><security><requestFiltering lockAllElementsExcept="fileExtensions" /></security></system.webServer>',
      '<system.webServer><security><requestFiltering><fileExtensions allowUnlisted="true" /><hiddenSegments /></requestFiltering></security></system.webServer>'), ['hiddenSegments']);
  });

  it('a lock on a child element binds that element only; a site location\'s lock binds the site\'s web.config', () => {
    assert.deepEqual(violations('<system.webServer><defaultDocument><files lockElements="clear" /></defaultDocument></system.webServer>',
      '<system.webServer><defaultDocument enabled="false"><files><clear /></files></defaultDocument></system.webServer>'), ['clear']);
    assert.deepEqual(violations('<location path="Site"><system.webServer><httpErrors lockAttributes="errorMode" /></system.webServer></location>',
      '<system.webServer><httpErrors errorMode="Custom" existingResponse="Replace" /></system.webServer>'), ['errorMode']);
  });

  it('leaves alone: unlocked attributes, a lock on another site, a file\'s own locks (even for its locations), a <remove> of an entry without lockItem', () => {
    assert.deepEqual(violations('<system.webServer><httpErrors lockAttributes="defaultPath" /></system.webServer>',
      '<system.webServer><httpErrors errorMode="Custom" /></system.webServer>'), []);
    assert.deepEqual(violations('<location path="Other"><system.webServer><httpErrors lockAttributes="errorMode" /></system.webServer></location>',
      '<system.webServer><httpErrors errorMode="Custom" /></system.webServer>'), []);
    assert.deepEqual(violations('', '<system.webServer><httpErrors lockAttributes="errorMode" /></system.webServer><location path="sub"><system.webServer><httpErrors errorMode="Custom" /></system.webServer></location>'), []);
    assert.deepEqual(violations('<system.webServer><modules><add name="A" lockItem="false" /><add name="B" /></modules></system.webServer>',
      '<system.webServer><modules><remove name="A" /><remove name="B" /></modules></system.webServer>'), []);
  });
});

describe('effective configuration (pure)', () => {
  const files = {
    '/ws/applicationHost.config': appHost(
      '<system.webServer><defaultDocument enabled="true"><files><add value="index.html" /><add value="default.htm" /></files></defaultDocument>' +
      '<httpErrors lockAttributes="defaultPath" errorMode="DetailedLocalOnly" /></system.webServer>',
      sitesXml([{ name: 'Site', apps: [{ path: '/', vdirs: [['/', 'D:\\w\\site']] }] }])),
    '/ws/site/web.config': WEB('<system.webServer><defaultDocument><files><remove value="default.htm" /><add value="home.html" /></files></defaultDocument><httpErrors errorMode="Custom" /></system.webServer>'),
  };
  const reader = memoryReader(files);
  const opts: HierarchyOptions = { fileName: '/ws/web.config', workspaceRoots: ['/ws'], reader, workspaceAppHosts: ['/ws/applicationHost.config'], webConfigFolders: ['/ws/site'] };

  it('merges in IIS order: a child\'s entries first in a prepend collection (defaultDocument/files), removed entries gone, attributes overridden, each with its file and line', () => {
    const h = buildPathHierarchy(['Site'], opts);
    const view = effectiveConfiguration(h, 'system.webServer/defaultDocument', bundledSchema());
    const values = view.node.children.get('files')!.entries.map((e) => e.element.attributes[0].value);
    assert.deepEqual(values, ['home.html', 'index.html']);
    assert.match(view.text, /<add value="home\.html" \/> <!-- \[2\] line 1 -->/);
    assert.match(view.text, /<add value="index\.html" \/> <!-- \[1\] line 1 -->/);
    assert.doesNotMatch(view.text, /default\.htm"/);
    const errors = effectiveConfiguration(h, 'system.webServer/httpErrors', bundledSchema());
    assert.equal(errors.node.attributes.get('errorMode')?.value, 'Custom');
    assert.equal(errors.node.attributes.get('errorMode')?.origin.chainFile.fileName, '/ws/site/web.config');
    assert.match(errors.text, /errorMode: \[2\] line 1; lockAttributes: \[1\] line 1/);
  });

  it('the analysed document\'s own text counts as the last file; a section set nowhere says so', () => {
    const h = buildHierarchy({ ...opts, fileName: '/ws/site/web.config' });
    const text = WEB('<system.webServer><httpErrors errorMode="Detailed" /></system.webServer>');
    const current = { fileName: '/ws/site/web.config', text, file: buildConfigFile(parseXml(text), { fileName: '/ws/site/web.config', kind: 'web', declarations: h.declarations, sites: h.sites, fileLevel: h.fileLevel }) };
    const view = effectiveConfiguration(h, 'system.webServer/httpErrors', bundledSchema(), current);
    assert.equal(view.node.attributes.get('errorMode')?.value, 'Detailed');
    assert.match(view.text, /this web\.config: \/ws\/site\/web\.config/);
    const nothing = effectiveConfiguration(h, 'system.webServer/directoryBrowse', bundledSchema(), current);
    assert.match(nothing.text, /not set at any level/);
  });
});
