/**
 * What IIS does when a site starts and a request arrives, as data: the values
 * WAS, W3SVC, the pipeline, ASP.NET and the ASP.NET Core Module accept, their
 * defaults, and what they answer when a setting is wrong. Each row cites its
 * source (Microsoft documentation, the component's source code, or the
 * public report of the failure; ../shared/reference/notes/07-runtime-failures.md
 * lists them). Rules and the server model read these rows; messages quote
 * them in our own words.
 */

export interface RuntimeFact {
  /** What IIS (or the component) answers. */
  readonly answer: string;
  readonly source: string;
}

/** Failures by diagnostic code (and variant), each with IIS's answer and the source. */
export const RUNTIME_FAILURES = {
  addOnMissing: {
    answer: '500.19 (0x8007000d) on every request',
    source: 'KB 942055 (HTTP 500.19, 0x8007000d: an element of a module that is not installed); cisagov/cset#1552; aspnet/IISIntegration#1542',
  },
  handlerModuleMissing: {
    answer: '500.21 ("Handler … has a bad module … in its module list")',
    source: 'dotnet/core#3970 (AspNetCoreModule named where only AspNetCoreModuleV2 is installed); IIS 500.21 error page',
  },
  integratedHttpModules: {
    answer: '500.22 ("An ASP.NET setting has been detected that does not apply in Integrated managed pipeline mode")',
    source: 'learn.microsoft.com/iis/application-frameworks/building-and-running-aspnet-applications/aspnet-20-breaking-changes-on-iis (migration errors 1); learn.microsoft.com/iis/configuration/system.webserver/validation',
  },
  integratedHttpHandlers: {
    answer: '500.23',
    source: 'aspnet-20-breaking-changes-on-iis (migration errors 1); system.webserver/validation',
  },
  integratedImpersonate: {
    answer: '500.24',
    source: 'aspnet-20-breaking-changes-on-iis (migration errors 2); system.webserver/validation',
  },
  ancmMultipleInProcess: {
    answer: '500.35 ("ANCM Multiple In-Process Applications in same Process")',
    source: 'learn.microsoft.com/aspnet/core/test/troubleshoot-azure-iis (500.35); dotnet/aspnetcore#6111',
  },
  ancmMixedHosting: {
    answer: '500.34 ("ANCM Mixed Hosting Models Not Supported")',
    source: 'learn.microsoft.com/aspnet/core/test/troubleshoot-azure-iis (500.34); aspnet/AspNetCoreModule#213',
  },
  ancmConfigLoad: {
    answer: '500.0 (ANCM configuration load error, logged to the event log)',
    source: 'dotnet/aspnetcore src/Servers/IIS/AspNetCoreModuleV2/CommonLib/ShimOptions.cpp and ConfigurationSection.cpp (GetRequiredString); StartupTests.cs ("Unknown hosting model \'bogus\'")',
  },
  ancmLauncherPlaceholder: {
    answer: '502.5 (out-of-process) or 500.30 (in-process): the process cannot start',
    source: 'learn.microsoft.com/aspnet/core/host-and-deploy/aspnet-core-module (Visual Studio replaces %LAUNCHER_PATH% / %LAUNCHER_ARGS% for IIS Express); aspnet/Hosting#844; aspnet/IISIntegration#410',
  },
  ancmV1InProcess: {
    answer: 'no error: the application silently runs out of process',
    source: 'learn.microsoft.com/aspnet/core/host-and-deploy/aspnet-core-module (in-process hosting requires ASP.NET Core Module V2; V1 has no hostingModel)',
  },
  poolUndefined: {
    answer: '503 on every request; WAS logs that the application has an invalid AppPoolId and ignores it',
    source: 'technet cc735211 (WAS event 5010 family: application ignored); mvolo "503 Service Unavailable" troubleshooting post; winterdom 2014/11/05 (root application inheriting a deleted DefaultAppPool)',
  },
  poolRuntime: {
    answer: '503 (WAS cannot pre-load the .NET runtime the pool names)',
    source: 'MicrosoftDocs/iis-docs#447; aspnet/IISIntegration#1383; learn.microsoft.com/iis/configuration/system.applicationhost/applicationpools/add (managedRuntimeVersion: "" for no managed code, v2.0, v4.0)',
  },
  poolIdentity: {
    answer: '503: WAS cannot log the identity on (events 5057 / 5059) and disables the pool',
    source: 'learn.microsoft.com/iis/configuration/system.applicationhost/applicationpools/add/processmodel (SpecificUser uses userName and password); docs.flexera.com (WAS 5057/5059)',
  },
  enabledProtocols: {
    answer: 'WAS rejects the application ("HTTPS is not allowed in enabledProtocols"): HTTPS is a binding protocol, not an enabled protocol',
    source: 'technet dd364101; learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/application (enabledProtocols: http, net.tcp, net.pipe, net.msmq, msmq.formatname)',
  },
  bindingConflict: {
    answer: 'the second site does not start (W3SVC 1004 / 1007: the binding is already in use)',
    source: 'technet cc786887; daweins "port collision" post; learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding',
  },
  bindingInvalid: {
    answer: 'the site does not start (W3SVC 1003: invalid binding)',
    source: 'learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding (bindingInformation "IP:port:host header"); Stack Overflow 61908594',
  },
  sslWithoutHttps: {
    answer: '403.4 ("SSL required") on every request',
    source: 'learn.microsoft.com/iis/configuration/system.webserver/security/access (sslFlags Ssl); itprotoday "HTTP 403.4"',
  },
  uploadTooLarge: {
    answer: '404.13 from IIS request filtering ("Content Length Too Large"), or ASP.NET\'s "Maximum request length exceeded"',
    source: 'learn.microsoft.com/iis/configuration/system.webserver/security/requestfiltering/requestlimits; learn.microsoft.com/dotnet/api/system.web.configuration.httpruntimesection.maxrequestlength; vexedlogic and openillumi write-ups',
  },
  queryTooLong: {
    answer: '404.15 from IIS (query string too long) or 400 from ASP.NET',
    source: 'requestlimits reference (maxQueryString); httpruntimesection.maxquerystringlength; jonschneider 2016/01',
  },
  urlTooLong: {
    answer: '404.14 from IIS (URL too long) or 400 from ASP.NET',
    source: 'requestlimits reference (maxUrl); httpruntimesection.maxurllength',
  },
  webdav: {
    answer: '405 Method Not Allowed for PUT and DELETE (WebDAV handles them before the application), often mistaken for a CORS failure',
    source: 'projectkudu/kudu#179; VirtoCommerce/vc-platform#1778; nopSolutions/nopCommerce#2856',
  },
  configSectionsNotFirst: {
    answer: '500.19 / ConfigurationErrorsException ("Only one <configSections> element allowed. It must be the first child element of the root <configuration> element")',
    source: '../shared/reference/notes/04-errors-locking-location.md (JexusManager tests of the IIS message); gluck/il-repack#417; net-commons/common-logging#118',
  },
  configSectionsInLocation: {
    answer: '500.19 / ConfigurationErrorsException: section declarations are read only at the top of a file, never inside <location>',
    source: 'dotnet/runtime src/libraries/System.Configuration.ConfigurationManager/src/System/Configuration/BaseConfigurationRecord.cs (configSections inside location is rejected); gluck/il-repack#417',
  },
  configSourceMissing: {
    answer: 'ASP.NET "Unable to open configSource file" / 500.19 when the file is not deployed',
    source: 'mono/mono#205; smartstore/SmartStoreNET#1271',
  },
  configSourceInvalid: {
    answer: 'ConfigurationErrorsException: a configSource file must contain the section\'s element as its root',
    source: 'dotnet/runtime BaseConfigurationRecord.cs (configSource root element must be the section name); umbraco/Umbraco-CMS#5003',
  },
  locationPathChars: {
    answer: 'ConfigurationErrorsException for the whole application ("invalid character in location path")',
    source: 'dotnet/runtime BaseConfigurationRecord.cs NormalizeLocationSubPath (s_invalidSubPathCharactersArray = \\ ? : * " < > |)',
  },
  targetFrameworkV2: {
    answer: 'ASP.NET 2.0 answers "Unrecognized attribute \'targetFramework\'" for the whole application',
    source: 'nvisionative/nvQuickSite#140; learn.microsoft.com/dotnet/framework/configure-apps/file-schema/web/compilation-element (targetFramework is .NET 4)',
  },
  httpErrorsAbsolutePath: {
    answer: '500.19 ("Absolute physical path … is not allowed in system.webServer/httpErrors section in web.config file")',
    source: 'learn.microsoft.com/iis/configuration/system.webserver/httperrors (allowAbsolutePathsWhenDelegated, default false, locked in the stock applicationHost.config); tjanczuk/iisnode#578',
  },
} as const satisfies Record<string, RuntimeFact>;

/**
 * `managedRuntimeVersion` values WAS accepts. "" means no managed code;
 * v1.1 exists only on servers with .NET 1.1 (Classic pipeline).
 * Source: learn.microsoft.com/iis/configuration/system.applicationhost/applicationpools/add.
 */
export const RUNTIME_VERSIONS: readonly string[] = ['', 'v1.1', 'v2.0', 'v4.0'];

/** Common wrong values and what they meant (quick fix targets). Source: iis-docs#447 (v4.5/v4.8), IIS Manager's "No Managed Code" label. */
export function runtimeVersionFix(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  if (v === 'no managed code' || v === 'none' || v === 'nomanagedcode') return '';
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major === 4) return 'v4.0';
  if (major === 2 || major === 3) return 'v2.0';
  return undefined;
}

/**
 * `enabledProtocols` values: the listener protocols WAS knows. HTTPS is not one
 * (it is a binding protocol served by the `http` listener).
 * Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/application; technet dd364101.
 */
export const ENABLED_PROTOCOLS: readonly string[] = ['http', 'net.tcp', 'net.pipe', 'net.msmq', 'msmq.formatname'];

/**
 * Binding protocols whose bindingInformation is "IP:port:host header" (IP `*`
 * for all unassigned addresses, IPv6 in brackets; host may be empty).
 * Source: learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding.
 */
export const IP_PORT_HOST_PROTOCOLS: readonly string[] = ['http', 'https', 'ftp'];

/**
 * Request limits: IIS request filtering against ASP.NET's httpRuntime, the
 * smaller of each pair wins. Defaults and units:
 * requestLimits maxAllowedContentLength 30000000 bytes, maxUrl 4096, maxQueryString 2048
 * (learn.microsoft.com/iis/configuration/system.webserver/security/requestfiltering/requestlimits);
 * httpRuntime maxRequestLength 4096 KB, maxUrlLength 260, maxQueryStringLength 2048
 * (learn.microsoft.com/dotnet/api/system.web.configuration.httpruntimesection). Maxima: the IIS
 * attributes are uint (IIS_schema.xml); maxRequestLength's validator allows up to 2097151 KB
 * (HttpRuntimeSection, IntegerValidator), the other two are int.
 */
export interface LimitPair {
  readonly id: 'content' | 'queryString' | 'url';
  readonly iis: { readonly attribute: string; readonly default: number; readonly max: number };
  readonly aspNet: { readonly attribute: string; readonly default: number; readonly max: number };
  /** How many IIS units make one ASP.NET unit (1024 bytes per KB for content length). */
  readonly aspNetUnit: number;
  /** Unit words for messages. */
  readonly unit: string;
  readonly failure: 'uploadTooLarge' | 'queryTooLong' | 'urlTooLong';
  /** What the limit caps, in words ("uploads"). */
  readonly what: string;
  /** What IIS answers above its limit, and what ASP.NET answers above its own. */
  readonly iisAnswer: string;
  readonly aspNetAnswer: string;
}

export const LIMIT_PAIRS: readonly LimitPair[] = [
  { id: 'content', iis: { attribute: 'maxAllowedContentLength', default: 30000000, max: 4294967295 }, aspNet: { attribute: 'maxRequestLength', default: 4096, max: 2097151 }, aspNetUnit: 1024, unit: 'bytes', what: 'uploads', failure: 'uploadTooLarge', iisAnswer: '404.13 from IIS', aspNetAnswer: 'ASP.NET\'s "Maximum request length exceeded" (500)' },
  { id: 'queryString', iis: { attribute: 'maxQueryString', default: 2048, max: 4294967295 }, aspNet: { attribute: 'maxQueryStringLength', default: 2048, max: 2147483647 }, aspNetUnit: 1, unit: 'characters', what: 'query strings', failure: 'queryTooLong', iisAnswer: '404.15 from IIS', aspNetAnswer: '400 from ASP.NET (query string longer than maxQueryStringLength)' },
  { id: 'url', iis: { attribute: 'maxUrl', default: 4096, max: 4294967295 }, aspNet: { attribute: 'maxUrlLength', default: 260, max: 2147483647 }, aspNetUnit: 1, unit: 'characters', what: 'URLs', failure: 'urlTooLong', iisAnswer: '404.14 from IIS', aspNetAnswer: '400 from ASP.NET (URL longer than maxUrlLength)' },
];

export const REQUEST_LIMITS_SECTION = 'system.webServer/security/requestFiltering';
export const HTTP_RUNTIME_SECTION = 'system.web/httpRuntime';

/**
 * Handler and module preconditions (preCondition="integratedMode,runtimeVersionv4.0,bitness64"):
 * a handler or module applies only in pools that satisfy all of them.
 * Source: learn.microsoft.com/iis/configuration/system.webserver/handlers/add (preCondition);
 * learn.microsoft.com/iis/configuration/system.webserver/modules/add (managedHandler).
 */
export const PRECONDITIONS = {
  integratedMode: { pipeline: 'Integrated' },
  classicMode: { pipeline: 'Classic' },
  ISAPIMode: { pipeline: 'Classic' },
  'runtimeVersionv1.1': { runtime: 'v1.1' },
  'runtimeVersionv2.0': { runtime: 'v2.0' },
  'runtimeVersionv4.0': { runtime: 'v4.0' },
  bitness32: { bitness: 32 },
  bitness64: { bitness: 64 },
} as const;

/**
 * The ASP.NET Core Module's hostingModel values, compared case-insensitively;
 * empty or absent means out of process. Any other value stops the module with
 * a configuration load error. processPath is required and may not be empty.
 * Source: dotnet/aspnetcore src/Servers/IIS/AspNetCoreModuleV2/CommonLib/ShimOptions.cpp.
 */
export const ANCM_HOSTING_MODELS = { inprocess: 'inprocess', outofprocess: 'outofprocess' } as const;

/** Placeholders Visual Studio fills for IIS Express only. Source: aspnet-core-module docs; aspnet/Hosting#844. */
export const ANCM_LAUNCHER_PLACEHOLDERS: readonly string[] = ['%LAUNCHER_PATH%', '%LAUNCHER_ARGS%'];

/** The ASP.NET Core Module's native module names: V1 (no in-process hosting) and V2. Source: corpus IIS Express globalModules. */
export const ANCM_V1 = 'AspNetCoreModule';
export const ANCM_V2 = 'AspNetCoreModuleV2';

/**
 * IIS Express runs one site per process when Visual Studio starts it
 * (`iisexpress.exe /site:Name`), so applications of different sites never
 * share a worker process there even when they name the same pool.
 * Source: learn.microsoft.com/iis/extensions/using-iis-express/running-iis-express-from-the-command-line.
 */
export const IIS_EXPRESS_ONE_SITE_PER_PROCESS = true;

/**
 * How to tell an IIS Express applicationhost.config from a full IIS one: IIS
 * Express names its native modules' images under %IIS_BIN% (full IIS:
 * %windir%\System32\inetsrv). Source: the globalModules of the corpus files.
 */
export const IIS_EXPRESS_IMAGE_MARKER = '%IIS_BIN%';

/** Verbs WebDAV takes over when its module and handler are in the pipeline. Source: the stock WebDAV handler's verb list (IIS Express applicationhost.config). */
export const WEBDAV_VERBS: readonly string[] = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'PUT', 'COPY', 'DELETE', 'MOVE', 'LOCK', 'UNLOCK'];

/**
 * What `appcmd migrate config "Site/App"` writes: each system.web/httpModules
 * entry as a system.webServer/modules entry with preCondition="managedHandler"
 * (so it keeps running only for managed requests, as in Classic mode), each
 * httpHandlers entry as a system.webServer/handlers entry with
 * preCondition="integratedMode", and it turns the migration error off
 * (validateIntegratedModeConfiguration="false"), since the old sections stay.
 * Source: learn.microsoft.com/iis/application-frameworks/building-and-running-aspnet-applications/aspnet-integration-with-iis
 * ("Migrating ASP.NET applications to Integrated mode"; the server disables the
 * message after migrating with AppCmd).
 */
export const MIGRATE = {
  modulePreCondition: 'managedHandler',
  handlerPreCondition: 'integratedMode',
} as const;

/** .NET 4 attributes ASP.NET 2.0 (CLR v2.0 pools) rejects. Source: compilation-element and httpruntime-element docs (.NET 4 additions); nvQuickSite#140. */
export const DOTNET4_ATTRIBUTES: ReadonlyArray<{ readonly section: string; readonly attribute: string }> = [
  { section: 'system.web/compilation', attribute: 'targetFramework' },
  { section: 'system.web/httpRuntime', attribute: 'targetFramework' },
  { section: 'system.web/httpRuntime', attribute: 'requestValidationMode' },
  { section: 'system.web/httpRuntime', attribute: 'maxUrlLength' },
  { section: 'system.web/httpRuntime', attribute: 'maxQueryStringLength' },
  { section: 'system.web/httpRuntime', attribute: 'requestPathInvalidCharacters' },
  { section: 'system.web/httpRuntime', attribute: 'encoderType' },
];

/** Characters .NET rejects in a location sub-path. Source: BaseConfigurationRecord.cs s_invalidSubPathCharactersArray. */
export const LOCATION_PATH_INVALID_CHARS = '\\?:*"<>|';
