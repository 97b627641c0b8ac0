/** Location paths resolve to configuration levels the way IIS resolves them. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseXml } from '../../server/src/syntax/xml';
import { readSites, resolveLocationPath, resolveRelativeLocation, STANDALONE_WEB_CONFIG_LEVEL, describeLevels, normalizeUrlPath } from '../../server/src/hierarchy/levels';

const sitesXml = `<sites>
  <site name="Default Web Site" id="1">
    <application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" /><virtualDirectory path="/Docs" physicalPath="D:\\docs" /></application>
    <application path="/Sub/App"><virtualDirectory path="/" physicalPath="C:\\app" /><virtualDirectory path="/img" physicalPath="C:\\img" /></application>
    <application path="/Sub"><virtualDirectory path="/" physicalPath="C:\\sub" /></application>
  </site>
  <site name="Bare" id="2" />
</sites>`;
const sites = readSites(parseXml(sitesXml).root!);

describe('resolveLocationPath', () => {
  const cases: Array<[string, string[], string]> = [
    ['', ['server'], 'server level'],
    ['.', ['server'], 'server level'],
    ['Default Web Site', ['site'], 'site `Default Web Site`'],
    ['default web site/', ['site'], 'site `Default Web Site`'],
    ['Default Web Site/Sub/App', ['application'], 'application `/Sub/App` of site `Default Web Site`'],
    ['Default Web Site/sub/app/img', ['virtualDirectory'], 'virtual directory `/img` of application `/Sub/App`'],
    ['Default Web Site/Sub/App/img/x.png', ['directory'], 'folder or file `/img/x.png` of application `/Sub/App`'],
    ['Default Web Site/Sub', ['application'], 'application `/Sub` of site'],
    ['Default Web Site/Subway', ['directory'], 'folder or file `/Subway` of site `Default Web Site`'],
    ['Default Web Site/Docs', ['virtualDirectory'], 'virtual directory `/Docs` of site'],
    ['Bare', ['site'], 'site `Bare`'],
  ];
  for (const [path, kinds, desc] of cases) {
    it(`"${path}" → ${kinds.join('/')}`, () => {
      const r = resolveLocationPath(path, sites);
      assert.deepEqual(r.candidates, kinds);
      assert.ok(r.description.includes(desc), r.description);
      assert.equal(r.unknownSite, undefined);
    });
  }

  it('names no site: unknownSite, with a guess at the kind', () => {
    const r = resolveLocationPath('Default Website/Sub', sites);
    assert.equal(r.unknownSite, true);
    assert.deepEqual(r.candidates, ['application', 'virtualDirectory', 'directory']);
  });

  it('without <sites>: one segment is a site, deeper is below the site', () => {
    assert.deepEqual(resolveLocationPath('Shop', undefined).candidates, ['site']);
    const below = resolveLocationPath('Shop/App/x', undefined);
    assert.deepEqual(below.candidates, ['application', 'virtualDirectory', 'directory']);
    assert.equal(below.site, 'Shop');
  });
});

describe('web.config levels', () => {
  it('a standalone web.config may be a site root or an application root', () => {
    assert.deepEqual(STANDALONE_WEB_CONFIG_LEVEL.candidates, ['site', 'application']);
    assert.equal(resolveRelativeLocation(STANDALONE_WEB_CONFIG_LEVEL, '.'), STANDALONE_WEB_CONFIG_LEVEL);
    assert.equal(resolveRelativeLocation(STANDALONE_WEB_CONFIG_LEVEL, ''), STANDALONE_WEB_CONFIG_LEVEL);
    assert.deepEqual(resolveRelativeLocation(STANDALONE_WEB_CONFIG_LEVEL, 'Admin').candidates, ['application', 'virtualDirectory', 'directory']);
  });
});

describe('helpers', () => {
  it('describeLevels and normalizeUrlPath', () => {
    assert.equal(describeLevels(['site', 'server']), 'server and site');
    assert.equal(describeLevels(['application', 'server', 'site'], 'or'), 'server, site or application');
    assert.equal(normalizeUrlPath('a\\b//c/'), '/a/b/c');
    assert.equal(normalizeUrlPath(''), '/');
  });
});
