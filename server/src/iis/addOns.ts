/**
 * IIS add-ons and native modules: which sections an add-on declares when it is
 * installed, which native modules (`<globalModules>` entries) it registers,
 * and the catalogue of native modules that IIS itself ships (installed or not,
 * depending on the role services chosen). The server model (model/) reads an
 * applicationHost.config against these rows to say which add-ons a server has.
 *
 * Every row cites where the fact comes from: the add-on's schema file (as in
 * ../shared/reference/iis-schema), the applicationHost.config files of real
 * servers and IIS Express installs (../shared/corpus/applicationhost), and
 * Microsoft's documentation.
 */

export type AddOnId = 'urlRewrite' | 'arr' | 'aspNetCore' | 'iisnode' | 'webdav' | 'httpPlatformHandler' | 'cors';

export interface AddOn {
  readonly id: AddOnId;
  readonly name: string;
  readonly url: string;
  /** Section paths, or section-group paths (every section below them), the add-on declares in applicationHost.config. */
  readonly sections: readonly string[];
  /** Names of the native modules it registers in `<globalModules>` (any of them means installed). */
  readonly globalModules: readonly string[];
  readonly source: string;
}

export const ADD_ONS: readonly AddOn[] = [
  {
    id: 'urlRewrite', name: 'URL Rewrite', url: 'https://www.iis.net/downloads/microsoft/url-rewrite',
    sections: ['system.webServer/rewrite'], globalModules: ['RewriteModule'],
    source: 'rewrite_schema.xml (sections system.webServer/rewrite/*); RewriteModule (rewrite.dll) in the globalModules of mattgillard/iis-reverse-proxy and c1982/IIS-SharedGitConfig applicationHost.config',
  },
  {
    id: 'arr', name: 'Application Request Routing', url: 'https://www.iis.net/downloads/microsoft/application-request-routing',
    sections: ['system.webServer/proxy', 'system.webServer/diskCache', 'webFarms'], globalModules: ['ApplicationRequestRouting'],
    source: 'arr_schema.xml and webfarm.xml (system.webServer/proxy, system.webServer/diskCache, webFarms); ApplicationRequestRouting (requestRouter.dll) in mattgillard/iis-reverse-proxy applicationHost.config',
  },
  {
    id: 'aspNetCore', name: 'ASP.NET Core Module', url: 'https://learn.microsoft.com/aspnet/core/host-and-deploy/aspnet-core-module',
    sections: ['system.webServer/aspNetCore'], globalModules: ['AspNetCoreModuleV2', 'AspNetCoreModule'],
    source: 'aspnetcore_schema.xml / aspnetcore_schema_v2.xml (system.webServer/aspNetCore); AspNetCoreModule (aspnetcore.dll, V1) and AspNetCoreModuleV2 (aspnetcorev2.dll) in the globalModules of the IIS Express files of the corpus (VS2017 and VS2019+)',
  },
  {
    id: 'iisnode', name: 'iisnode', url: 'https://github.com/Azure/iisnode',
    sections: ['system.webServer/iisnode'], globalModules: ['iisnode'],
    source: 'tjanczuk/iisnode README and src/samples (handlers modules="iisnode", section system.webServer/iisnode)',
  },
  {
    id: 'webdav', name: 'WebDAV Publishing (IIS role service)', url: 'https://learn.microsoft.com/iis/configuration/system.webserver/webdav/',
    sections: ['system.webServer/webdav'], globalModules: ['WebDAVModule'],
    source: 'WebDAV_schema.xml (system.webServer/webdav/*); WebDAVModule (webdav.dll) in the IIS Express globalModules of the corpus (commented out there by default)',
  },
  {
    id: 'httpPlatformHandler', name: 'HttpPlatformHandler', url: 'https://www.iis.net/downloads/microsoft/httpplatformhandler',
    sections: ['system.webServer/httpPlatform'], globalModules: ['httpPlatformHandler'],
    source: 'learn.microsoft.com/iis/extensions/httpplatformhandler/httpplatformhandler-configuration-reference (handlers modules="httpPlatformHandler", section system.webServer/httpPlatform)',
  },
  {
    id: 'cors', name: 'IIS CORS Module', url: 'https://www.iis.net/downloads/microsoft/iis-cors-module',
    sections: ['system.webServer/cors'], globalModules: ['CorsModule'],
    source: 'learn.microsoft.com/iis/extensions/cors-module/cors-module-configuration-reference (section system.webServer/cors, module CorsModule)',
  },
];

/** The add-on that declares a section (or a group holding its sections), if any. */
export function addOnForSection(path: string): AddOn | undefined {
  return ADD_ONS.find((a) => a.sections.some((s) => s === path || path.startsWith(s + '/') || s.startsWith(path + '/')));
}

/** The add-on that registers a native module of this name (case-insensitive), if any. */
export function addOnForModule(name: string): AddOn | undefined {
  const n = name.toLowerCase();
  return ADD_ONS.find((a) => a.globalModules.some((m) => m.toLowerCase() === n));
}

/**
 * Native modules IIS 10 itself ships (each installed with its role service),
 * by their `<globalModules>` names. Source: the globalModules of the full-IIS
 * and IIS Express applicationHost.config files of ../shared/corpus/applicationhost
 * (c1982/IIS-SharedGitConfig, dotnet/aspnetcore IIS.SubApp.config, the IIS
 * Express 10 files), and learn.microsoft.com/iis/get-started/introduction-to-iis/iis-modules-overview.
 */
export const IIS_NATIVE_MODULES: readonly string[] = [
  'HttpLoggingModule', 'UriCacheModule', 'FileCacheModule', 'TokenCacheModule', 'HttpCacheModule', 'DynamicCompressionModule',
  'StaticCompressionModule', 'DefaultDocumentModule', 'DirectoryListingModule', 'ProtocolSupportModule', 'HttpRedirectionModule',
  'ServerSideIncludeModule', 'StaticFileModule', 'AnonymousAuthenticationModule', 'CertificateMappingAuthenticationModule',
  'UrlAuthorizationModule', 'BasicAuthenticationModule', 'WindowsAuthenticationModule', 'DigestAuthenticationModule',
  'IISCertificateMappingAuthenticationModule', 'IpRestrictionModule', 'DynamicIpRestrictionModule', 'RequestFilteringModule',
  'CustomLoggingModule', 'CustomErrorModule', 'TracingModule', 'FailedRequestsTracingModule', 'RequestMonitorModule',
  'IsapiModule', 'IsapiFilterModule', 'CgiModule', 'FastCgiModule', 'WebDAVModule', 'ConfigurationValidationModule',
  'WebSocketModule', 'ApplicationInitializationModule', 'ManagedEngine', 'ManagedEngine64', 'ManagedEngineV4.0_32bit',
  'ManagedEngineV4.0_64bit', 'WebMatrixSupportModule',
];

/**
 * The module name handlers of managed (.NET) types run under in the
 * Integrated pipeline (the schema default of handlers/add/@modules). The
 * ASP.NET managed engine (a `<globalModules>` entry whose image is
 * webengine.dll or webengine4.dll) provides it; without one, every managed
 * handler answers 500.21 "Handler … has a bad module ManagedPipelineHandler in
 * its module list" (the classic symptom of ASP.NET not registered with IIS).
 * Source: IIS_schema.xml (handlers/add/@modules defaultValue); KB "HTTP Error
 * 500.21" answers (register ASP.NET with aspnet_regiis -i / the ASP.NET role service).
 */
export const MANAGED_PIPELINE_HANDLER = 'ManagedPipelineHandler';

/** Is this `<globalModules>` image the ASP.NET managed engine (webengine.dll, webengine4.dll)? */
export function isManagedEngineImage(image: string | undefined): boolean {
  return !!image && /(^|[\\/])webengine4?\.dll$/i.test(image.trim());
}
