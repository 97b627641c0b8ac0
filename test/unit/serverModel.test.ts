/** The server model (server/src/model): pools, sites, bindings, add-ons, the pipeline at a path, request resolution. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseXml } from '../../server/src/syntax/xml';
import { buildConfigFile } from '../../server/src/hierarchy/configFile';
import type { HierarchyFile } from '../../server/src/hierarchy/hierarchy';
import { chainOf } from '../../server/src/hierarchy/chain';
import {
  appHostHierarchy, applicationAt, applicationsInPool, bitness, handlersAt, isInstalled, modulesAt, parseBindingInformation, pipelineMode,
  poolOf, resolveConfigPath, resolveRequest, selectHandler, serverModel, siteForRequest, siteNamed, handlerPathMatches, preconditionsMet,
} from '../../server/src/model';

const APPHOST = `<?xml version="1.0"?>
<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost">
      <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
    <sectionGroup name="system.webServer">
      <section name="globalModules" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
      <section name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
      <section name="handlers" overrideModeDefault="Deny" />
      <sectionGroup name="rewrite">
        <section name="rules" overrideModeDefault="Allow" />
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <applicationPools>
      <add name="DefaultAppPool" />
      <add name="Classic" managedPipelineMode="Classic" enable32BitAppOnWin64="true" />
      <add name="Core" managedRuntimeVersion="" />
      <applicationPoolDefaults managedRuntimeVersion="v4.0">
        <processModel identityType="ApplicationPoolIdentity" />
      </applicationPoolDefaults>
    </applicationPools>
    <sites>
      <site name="Shop" id="1">
        <application path="/">
          <virtualDirectory path="/" physicalPath="D:\\sites\\shop" />
        </application>
        <application path="/api" applicationPool="Core">
          <virtualDirectory path="/" physicalPath="D:\\sites\\api" />
        </application>
        <bindings>
          <binding protocol="http" bindingInformation="*:80:shop.example.com" />
          <binding protocol="https" bindingInformation="*:443:shop.example.com" sslFlags="1" />
        </bindings>
        <applicationDefaults applicationPool="Classic" />
      </site>
      <site name="Fallback" id="2" serverAutoStart="false">
        <application path="/">
          <virtualDirectory path="/" physicalPath="D:\\sites\\fallback" />
        </application>
      </site>
      <siteDefaults>
        <bindings>
          <binding protocol="http" bindingInformation="*:80:" />
        </bindings>
      </siteDefaults>
      <applicationDefaults applicationPool="DefaultAppPool" />
    </sites>
  </system.applicationHost>
  <system.webServer>
    <globalModules>
      <add name="StaticFileModule" image="%windir%\\System32\\inetsrv\\static.dll" />
      <add name="RewriteModule" image="%SystemRoot%\\system32\\inetsrv\\rewrite.dll" />
      <add name="ManagedEngineV4.0_64bit" image="%windir%\\Microsoft.NET\\Framework64\\v4.0.30319\\webengine4.dll" preCondition="integratedMode,runtimeVersionv4.0,bitness64" />
    </globalModules>
  </system.webServer>
  <location path="" overrideMode="Allow">
    <system.webServer>
      <modules>
        <add name="StaticFileModule" />
        <add name="WebDAVModule" />
      </modules>
      <handlers>
        <add name="PageHandlerFactory-Integrated-4.0" path="*.aspx" verb="GET,HEAD,POST,DEBUG" type="System.Web.UI.PageHandlerFactory" preCondition="integratedMode,runtimeVersionv4.0" />
        <add name="PageHandlerFactory-ISAPI-4.0_64bit" path="*.aspx" verb="GET,HEAD,POST,DEBUG" modules="IsapiModule" preCondition="classicMode,runtimeVersionv4.0,bitness64" />
        <add name="ExtensionlessUrlHandler-Integrated-4.0" path="*." verb="GET,HEAD,POST,DEBUG" type="System.Web.Handlers.TransferRequestHandler" preCondition="integratedMode,runtimeVersionv4.0" />
        <add name="StaticFile" path="*" verb="*" modules="StaticFileModule" resourceType="Either" requireAccess="Read" />
      </handlers>
    </system.webServer>
  </location>
</configuration>
`;

const WEB_API = `<configuration>
  <system.webServer>
    <modules>
      <remove name="WebDAVModule" />
    </modules>
    <handlers>
      <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
    </handlers>
  </system.webServer>
</configuration>
`;

function appHostFile(text = APPHOST): HierarchyFile {
  return { fileName: '/srv/applicationHost.config', text, file: buildConfigFile(parseXml(text), { fileName: '/srv/applicationHost.config', kind: 'applicationHost' }), configPath: [], builtIn: false };
}

describe('server model', () => {
  const hf = appHostFile();
  const m = serverModel(hf.file);

  it('reads pools with applicationPoolDefaults applied, then the schema defaults', () => {
    assert.equal(m.pools?.size, 3);
    const def = m.pools!.get('defaultapppool')!;
    assert.equal(def.managedRuntimeVersion.value, 'v4.0');
    assert.equal(def.managedRuntimeVersion.from, 'applicationPoolDefaults');
    assert.equal(def.managedPipelineMode.value, 'Integrated');
    assert.equal(def.managedPipelineMode.from, 'schema');
    assert.equal(def.identityType.value, 'ApplicationPoolIdentity');
    const classic = m.pools!.get('classic')!;
    assert.equal(pipelineMode(classic), 'Classic');
    assert.equal(bitness(classic), 32);
    assert.equal(m.pools!.get('core')!.managedRuntimeVersion.value, '');
    assert.equal(m.pools!.get('core')!.managedRuntimeVersion.from, 'own');
  });

  it('applies the site\'s applicationDefaults before the server\'s, and siteDefaults to sites without bindings', () => {
    const shop = siteNamed(m, 'shop')!;
    assert.equal(shop.name, 'Shop');
    assert.equal(shop.applications[0].applicationPool.value, 'Classic');
    assert.equal(shop.applications[0].applicationPool.from, 'siteApplicationDefaults');
    assert.equal(shop.applications[1].applicationPool.value, 'Core');
    const fallback = siteNamed(m, 'Fallback')!;
    assert.equal(fallback.applications[0].applicationPool.value, 'DefaultAppPool');
    assert.equal(fallback.applications[0].applicationPool.from, 'applicationDefaults');
    assert.equal(fallback.bindingsFrom, 'siteDefaults');
    assert.equal(fallback.bindings[0].information, '*:80:');
    assert.equal(fallback.serverAutoStart.value, 'false');
    assert.equal(shop.serverAutoStart.from, 'schema');
    assert.equal(poolOf(m, shop.applications[1])?.name, 'Core');
    assert.deepEqual(applicationsInPool(m, 'classic').map((a) => a.configPath.join('/')), ['Shop']);
  });

  it('says which add-ons are installed from the file\'s own declarations and globalModules; unknown for the built-in model', () => {
    assert.equal(isInstalled(m, 'urlRewrite'), true);
    assert.equal(isInstalled(m, 'aspNetCore'), false);
    assert.equal(isInstalled(m, 'arr'), false);
    assert.equal(m.kind, 'iis');
    const builtIn = serverModel(buildConfigFile(parseXml('<configuration/>'), { fileName: 'default', kind: 'applicationHost' }), { builtIn: true });
    assert.equal(isInstalled(builtIn, 'urlRewrite'), undefined);
    assert.equal(builtIn.pools, undefined, 'no <applicationPools>: pools are unknown, not empty');
  });

  it('resolves configuration paths and URLs to a site and application (longest path, bindings as HTTP.sys chooses)', () => {
    const r = resolveConfigPath(m, ['Shop', 'API', 'values', 'x.json']);
    assert.equal(r.application?.path, '/api');
    assert.equal(r.rest, '/values/x.json');
    assert.equal(applicationAt(siteNamed(m, 'Shop')!, '/apix')?.path, '/');
    assert.equal(siteForRequest(m, { protocol: 'http', host: 'shop.example.com', port: 80 })?.site.name, 'Shop');
    assert.equal(siteForRequest(m, { protocol: 'http', host: 'other.example.com', port: 80 })?.site.name, 'Fallback');
    assert.equal(siteForRequest(m, { protocol: 'https', host: 'other.example.com', port: 443 }), undefined);
    const u = resolveRequest(m, 'http://shop.example.com/api/orders/1');
    assert.ok(!('error' in u));
    assert.deepEqual(u.configPath, ['Shop', 'api', 'orders', '1']);
    assert.equal(u.application?.path, '/api');
    const p = resolveRequest(m, 'shop/index.aspx');
    assert.ok(!('error' in p));
    assert.equal(p.site?.name, 'Shop');
    assert.equal(p.fileName, 'index.aspx');
  });

  it('reads bindingInformation as W3SVC does', () => {
    assert.deepEqual(parseBindingInformation('*:80:'), { endpoint: { ip: '*', port: 80, host: '' } });
    assert.deepEqual(parseBindingInformation('[::1]:8080:Local'), { endpoint: { ip: '::1', port: 8080, host: 'local' } });
    for (const bad of ['*:80', '*:0:', '*:70000:', '::1:80:', '10.0.0.300:80:', '*:http:', '[::1:80:']) {
      assert.ok(parseBindingInformation(bad).problem, `${bad} should be malformed`);
    }
  });

  it('merges modules and handlers down the hierarchy, and picks the handler IIS would', () => {
    const web = { fileName: '/srv/api/web.config', text: WEB_API, file: buildConfigFile(parseXml(WEB_API), { fileName: '/srv/api/web.config', kind: 'web' }) };
    const h = { ...appHostHierarchy(hf), configPath: ['Shop', 'api'] };
    const chain = chainOf(h, web);
    const modules = modulesAt(h, chain, ['Shop', 'api']).entries.map((e) => e.name);
    assert.deepEqual(modules, ['StaticFileModule'], '<remove> drops the inherited WebDAVModule');
    const handlers = handlersAt(h, chain, ['Shop', 'api']).entries;
    assert.equal(handlers[0].name, 'aspNetCore', 'the deeper level\'s handlers come first (mergeAppend="false")');
    assert.equal(selectHandler(handlers, { fileName: 'x.aspx', urlPath: '/x.aspx', verb: 'PUT' }, undefined).handler?.name, 'aspNetCore');
    // At the site root, the pool is Classic: the integrated handler is skipped for its precondition.
    const root = chainOf(appHostHierarchy(hf));
    const rootHandlers = handlersAt(appHostHierarchy(hf), root, ['Shop']).entries;
    const classic = m.pools!.get('classic')!;
    const choice = selectHandler(rootHandlers, { fileName: 'default.aspx', urlPath: '/default.aspx', verb: 'GET' }, classic);
    assert.equal(choice.handler?.name, 'StaticFile', 'the ISAPI handler needs bitness64 and the pool runs 32-bit');
    assert.deepEqual(choice.skipped.map((s) => s.handler.name), ['PageHandlerFactory-Integrated-4.0', 'PageHandlerFactory-ISAPI-4.0_64bit']);
    const integrated = m.pools!.get('defaultapppool')!;
    assert.equal(selectHandler(rootHandlers, { fileName: 'about', urlPath: '/home/about', verb: 'GET' }, integrated).handler?.name, 'ExtensionlessUrlHandler-Integrated-4.0');
    assert.equal(selectHandler(rootHandlers, { fileName: 'about', urlPath: '/home/about', verb: 'PUT' }, integrated).handler?.name, 'StaticFile');
  });

  it('matches handler paths and preconditions as IIS does', () => {
    assert.ok(handlerPathMatches('*.aspx', 'Default.ASPX', '/Default.ASPX'));
    assert.ok(handlerPathMatches('*.', 'about', '/home/about'));
    assert.ok(!handlerPathMatches('*.', 'a.css', '/a.css'));
    assert.ok(handlerPathMatches('trace.axd', 'Trace.axd', '/trace.axd'));
    assert.ok(!handlerPathMatches('*.aspx', 'x.aspx.cs', '/x.aspx.cs'));
    const core = m.pools!.get('core')!;
    assert.deepEqual(preconditionsMet('integratedMode,runtimeVersionv4.0', core), { met: false, unmet: ['runtimeVersionv4.0'] });
    assert.equal(preconditionsMet('integratedMode', undefined).met, undefined);
  });
});
