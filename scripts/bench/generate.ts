/**
 * Deterministic generators of realistic IIS configuration files for the
 * benchmark: an applicationHost.config of a hosting server (configSections
 * from the bundled declarations, application pools, sites with bindings,
 * applications and virtual directories, global system.webServer sections,
 * and per-site / per-application <location> blocks with authentication,
 * client-certificate mappings, access settings and handler lists), grown to a
 * target size; and a typical ~3 KB web.config.
 *
 * A small share of the locations are deliberately wrong the way real files
 * are (a client-certificate mapping saved at application level, a location
 * naming a deleted site), so the rules have something to report.
 */
import declarations from '../../server/data/declarations.json';

/** mulberry32: a tiny seeded PRNG, so every run generates the same files. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['shop', 'blog', 'api', 'portal', 'crm', 'intranet', 'media', 'docs', 'status', 'billing', 'support', 'news', 'forum', 'wiki', 'mail', 'cdn'];
const TLDS = ['com', 'net', 'org', 'de', 'co.uk', 'fr', 'nl', 'io'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The <configSections> a stock IIS 10 server declares (from the bundled declarations). */
function configSections(): string {
  interface Group { sections: string[]; groups: Map<string, Group>; }
  const root: Group = { sections: [], groups: new Map() };
  for (const d of declarations.sections as Array<{ path: string; overrideModeDefault: string; allowDefinition: string; allowLocation: boolean }>) {
    const parts = d.path.split('/');
    let g = root;
    for (const p of parts.slice(0, -1)) {
      let next = g.groups.get(p);
      if (!next) { next = { sections: [], groups: new Map() }; g.groups.set(p, next); }
      g = next;
    }
    const attrs = [`name="${parts[parts.length - 1]}"`];
    if (d.overrideModeDefault === 'Deny') attrs.push('overrideModeDefault="Deny"');
    if (d.allowDefinition !== 'Everywhere') attrs.push(`allowDefinition="${d.allowDefinition}"`);
    if (!d.allowLocation) attrs.push('allowLocation="false"');
    g.sections.push(`<section ${attrs.join(' ')} />`);
  }
  // Written iteratively: a stack of groups still to print, with their indentation.
  const out: string[] = ['    <configSections>'];
  const stack: Array<{ name?: string; g: Group; indent: string; close?: boolean }> = [{ g: root, indent: '        ' }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.close) { out.push(`${item.indent}</sectionGroup>`); continue; }
    if (item.name !== undefined) out.push(`${item.indent}<sectionGroup name="${item.name}">`);
    const inner = item.name !== undefined ? item.indent + '    ' : item.indent;
    for (const s of item.g.sections) out.push(inner + s);
    if (item.name !== undefined) stack.push({ g: item.g, indent: item.indent, close: true });
    const groups = [...item.g.groups.entries()].reverse();
    for (const [name, g] of groups) stack.push({ name, g, indent: inner });
  }
  out.push('    </configSections>');
  return out.join('\n');
}

/**
 * Client certificates for one-to-one mappings: the test certificates of test/cases (made by
 * scripts/test-certificates.js: EC keys, client authentication, valid until 9999), so the mappings are valid; the
 * first is the template of {@link clientCertificate}.
 */
const CLIENT_CERTIFICATES = [
  'MIIBzDCCAXOgAwIBAgICEAAwCgYIKoZIzj0EAwIwODEZMBcGA1UECgwQSUlTIENvbmZpZyBUZXN0czEbMBkGA1UEAwwSSUlTIENvbmZpZyBUZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzk5OTkxMjMxMjM1OTU5WjAuMRkwFwYDVQQKDBBJSVMgQ29uZmlnIFRlc3RzMREwDwYDVQQDDAhjbGllbnQtYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABL6MKTonyInMYSBZu3XoiEC/6rN69w+tYT2dc1uhWD8tPGak7goV3ahta8YRKv6BLV1pyd9yZ+Dzl7OTZzykRZCjdTBzMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMCMB0GA1UdDgQWBBQ2gy4qqAK1xO6RN0cYkah2sbvFpjAfBgNVHSMEGDAWgBSimhPoOoDVKTm4hcXbg36tVLSm4TAKBggqhkjOPQQDAgNHADBEAiAWZrHAF6pLBvSbcoB8kZTqrs5dHeHtUNKWuES2obaSKAIgNE2WCMSH0pzozF6MtBPUn5RSVABzZPBPg6YkTvCkSgs=',
  'MIIBzjCCAXOgAwIBAgICEAEwCgYIKoZIzj0EAwIwODEZMBcGA1UECgwQSUlTIENvbmZpZyBUZXN0czEbMBkGA1UEAwwSSUlTIENvbmZpZyBUZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzk5OTkxMjMxMjM1OTU5WjAuMRkwFwYDVQQKDBBJSVMgQ29uZmlnIFRlc3RzMREwDwYDVQQDDAhjbGllbnQtYjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABH2mKGFx4YQ0lcQ5iH1QGk8AbvH4LJ7OihjhcQCMb0QLCrM+XTGt6NRBkE+haBON11PCCEGKKVzBZM1iuY3qPtijdTBzMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMCMB0GA1UdDgQWBBRrLmCWjmPtv5Bw7JBGs5kZcwVyYDAfBgNVHSMEGDAWgBSimhPoOoDVKTm4hcXbg36tVLSm4TAKBggqhkjOPQQDAgNJADBGAiEAw2OxSIXyrAmnCEzxLLxEfxVKVDDyDyiDvhM31/PKeBsCIQCYZA+Wi8lAyGcEN2yi7Npj6Ez0UlK7sXQ6Ui0jCWsRQw==',
];

/** Offset of the serial number's two content bytes in a DER certificate (INTEGER of length 2 after the version). */
function serialOffset(der: Uint8Array): number {
  for (let i = 0; i + 3 < der.length; i++) if (der[i] === 0x02 && der[i + 1] === 0x02 && der[i + 2] === 0x10) return i + 2;
  throw new Error('no two-byte serial number in the template certificate');
}

const TEMPLATE = Buffer.from(CLIENT_CERTIFICATES[0], 'base64');
const SERIAL_AT = serialOffset(TEMPLATE);
/** How many distinct certificates {@link clientCertificate} makes before it repeats. */
export const DISTINCT_CERTIFICATES = 0x7f00 - 0x1000;

/**
 * The i-th distinct client certificate: the first test certificate with serial number 0x1000 + i (two bytes, so the
 * DER stays the same length and well-formed; the signature no longer matches, which no rule checks). Every mapping of
 * a generated file gets its own, as on a real server, so a re-analysis decodes as many certificates as the file has.
 */
export function clientCertificate(i: number): string {
  const der = Buffer.from(TEMPLATE);
  const serial = 0x1000 + (i % DISTINCT_CERTIFICATES);
  der[SERIAL_AT] = serial >> 8;
  der[SERIAL_AT + 1] = serial & 0xff;
  return der.toString('base64');
}

/** Random base64 of about a kilobyte (encrypted passwords). */
function randomBase64(rand: () => number): string {
  let s = 'MII';
  const n = 900 + Math.floor(rand() * 400);
  for (let i = 0; i < n; i++) s += B64[Math.floor(rand() * 64)];
  return s + '==';
}

function globalWebServer(): string {
  const modules = ['HttpCacheModule', 'StaticCompressionModule', 'DefaultDocumentModule', 'DirectoryListingModule', 'IsapiFilterModule', 'ProtocolSupportModule',
    'StaticFileModule', 'AnonymousAuthenticationModule', 'RequestFilteringModule', 'CustomErrorModule', 'BasicAuthenticationModule', 'WindowsAuthenticationModule',
    'CertificateMappingAuthenticationModule', 'IISCertificateMappingAuthenticationModule', 'IsapiModule', 'HttpLoggingModule', 'DynamicCompressionModule', 'FastCgiModule'];
  return `    <system.webServer>
        <asp />
        <caching enabled="true" enableKernelCache="true" />
        <cgi />
        <defaultDocument enabled="true">
            <files>
                <add value="Default.htm" />
                <add value="Default.asp" />
                <add value="index.htm" />
                <add value="index.html" />
                <add value="iisstart.htm" />
                <add value="default.aspx" />
            </files>
        </defaultDocument>
        <directoryBrowse enabled="false" />
        <globalModules>
${modules.map((m) => `            <add name="${m}" image="%windir%\\System32\\inetsrv\\${m.toLowerCase()}.dll" />`).join('\n')}
        </globalModules>
        <httpCompression directory="%SystemDrive%\\inetpub\\temp\\IIS Temporary Compressed Files">
            <scheme name="gzip" dll="%Windir%\\system32\\inetsrv\\gzip.dll" />
            <staticTypes>
                <add mimeType="text/*" enabled="true" />
                <add mimeType="application/javascript" enabled="true" />
                <add mimeType="*/*" enabled="false" />
            </staticTypes>
        </httpCompression>
        <httpLogging dontLog="false" />
        <httpProtocol>
            <customHeaders>
                <clear />
                <add name="X-Powered-By" value="ASP.NET" />
            </customHeaders>
            <redirectHeaders>
                <clear />
            </redirectHeaders>
        </httpProtocol>
        <security>
            <access sslFlags="None" />
            <applicationDependencies />
            <authentication>
                <anonymousAuthentication enabled="true" userName="IUSR" />
                <basicAuthentication />
                <clientCertificateMappingAuthentication />
                <digestAuthentication />
                <iisClientCertificateMappingAuthentication />
                <windowsAuthentication />
            </authentication>
            <authorization />
            <ipSecurity allowUnlisted="true" />
            <isapiCgiRestriction notListedIsapisAllowed="false" notListedCgisAllowed="false" />
            <requestFiltering>
                <fileExtensions allowUnlisted="true" applyToWebDAV="true">
                    <add fileExtension=".config" allowed="false" />
                    <add fileExtension=".mdb" allowed="false" />
                </fileExtensions>
                <verbs allowUnlisted="true" applyToWebDAV="true" />
                <hiddenSegments applyToWebDAV="true">
                    <add segment="web.config" />
                    <add segment="bin" />
                    <add segment="App_Data" />
                </hiddenSegments>
            </requestFiltering>
        </security>
        <serverRuntime />
        <serverSideInclude ssiExecDisable="false" />
        <staticContent lockAttributes="isDocFooterFileName">
            <mimeMap fileExtension=".css" mimeType="text/css" />
            <mimeMap fileExtension=".htm" mimeType="text/html" />
            <mimeMap fileExtension=".js" mimeType="application/javascript" />
            <mimeMap fileExtension=".json" mimeType="application/json" />
            <mimeMap fileExtension=".svg" mimeType="image/svg+xml" />
        </staticContent>
        <tracing>
            <traceFailedRequests />
            <traceProviderDefinitions />
        </tracing>
        <urlCompression />
        <validation />
    </system.webServer>`;
}

interface SiteParts { site: string; pool: string; locations: string; }

function siteParts(i: number, rand: () => number): SiteParts {
  const name = `${WORDS[i % WORDS.length]}${i}.example.${TLDS[i % TLDS.length]}`;
  const pool = `    <add name="${name}" managedRuntimeVersion="${rand() < 0.5 ? 'v4.0' : ''}" managedPipelineMode="Integrated" startMode="${rand() < 0.2 ? 'AlwaysRunning' : 'OnDemand'}">
                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:20:00" loadUserProfile="true" />
                <recycling logEventOnRecycle="Time, Requests, Schedule, Memory, IsapiUnhealthy, OnDemand, ConfigChange, PrivateMemory">
                    <periodicRestart time="1.05:00:00" />
                </recycling>
            </add>`;
  const apps: string[] = [];
  const appPaths: string[] = ['/'];
  const appCount = 1 + Math.floor(rand() * 3);
  for (let a = 1; a < appCount; a++) appPaths.push(`/${WORDS[(i + a * 7) % WORDS.length]}-app${a}`);
  for (const p of appPaths) {
    const vdirs = [`<virtualDirectory path="/" physicalPath="D:\\vhosts\\${name}\\${p === '/' ? 'httpdocs' : p.slice(1)}" />`];
    if (rand() < 0.4) vdirs.push(`<virtualDirectory path="/static" physicalPath="\\\\fileserver\\static\\${name}" userName="HOSTING\\svc-static" password="[enc:IISWASOnlyCngProvider:${randomBase64(rand).slice(0, 60)}:enc]" />`);
    apps.push(`                <application path="${p}" applicationPool="${name}">
                    ${vdirs.join('\n                    ')}
                </application>`);
  }
  const bindings = [`<binding protocol="http" bindingInformation="*:80:${name}" />`, `<binding protocol="http" bindingInformation="*:80:www.${name}" />`];
  // Sites that require SSL have an https binding (a real server's do; one without it answers 403.4 to every request).
  const https = rand() < 0.7;
  if (https) bindings.push(`<binding protocol="https" bindingInformation="*:443:${name}" sslFlags="1" />`);
  const site = `            <site name="${name}" id="${i + 2}" serverAutoStart="true">
${apps.join('\n')}
                <bindings>
                    ${bindings.join('\n                    ')}
                </bindings>
                <logFile directory="D:\\logs\\${name}" />
                <traceFailedRequestsLogging directory="D:\\logs\\${name}\\FailedReqLogFiles" />
            </site>`;

  const locs: string[] = [];
  const certMapping = https && rand() < 0.3;
  locs.push(`    <location path="${name}" overrideMode="Allow">
        <system.webServer>
            <security>
                <access sslFlags="${certMapping ? 'Ssl, SslNegotiateCert, SslRequireCert' : https && rand() < 0.5 ? 'Ssl' : 'None'}" />
                <authentication>
                    <anonymousAuthentication enabled="${certMapping ? 'false' : 'true'}" userName="" />
                    <basicAuthentication enabled="${rand() < 0.2 ? 'true' : 'false'}" />
                    <windowsAuthentication enabled="false" />${certMapping ? `
                    <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
                        <oneToOneMappings>
                            <add userName="HOSTING\\cert-${i}" password="[enc:IISCngProvider:${randomBase64(rand).slice(0, 80)}:enc]" certificate="${clientCertificate(i)}" />
                        </oneToOneMappings>
                    </iisClientCertificateMappingAuthentication>` : ''}
                </authentication>
                <requestFiltering>
                    <requestLimits maxAllowedContentLength="${30000000 + Math.floor(rand() * 100) * 1000000}" />
                </requestFiltering>
            </security>
            <defaultDocument>
                <files>
                    <clear />
                    <add value="index.php" />
                    <add value="default.aspx" />
                </files>
            </defaultDocument>
            <httpErrors errorMode="DetailedLocalOnly" />
        </system.webServer>
    </location>`);
  if (rand() < 0.33) {
    // Hosting panels write a full handler list per site.
    const handlers: string[] = [];
    for (const ext of ['php', 'aspx', 'ashx', 'asmx', 'axd', 'cshtml', 'svc', 'cer', 'dll', 'exe']) {
      handlers.push(`                <add name="${ext.toUpperCase()}-handler" path="*.${ext}" verb="GET,HEAD,POST" modules="${ext === 'php' ? 'FastCgiModule' : 'IsapiModule'}" scriptProcessor="C:\\Program Files\\PHP\\v8.2\\php-cgi.exe|-d host=${name}" resourceType="Either" requireAccess="Script" />`);
    }
    locs.push(`    <location path="${name}">
        <system.webServer>
            <handlers accessPolicy="Read, Script">
                <clear />
${handlers.join('\n')}
                <add name="StaticFile" path="*" verb="*" modules="StaticFileModule,DefaultDocumentModule,DirectoryListingModule" resourceType="Either" requireAccess="Read" />
            </handlers>
        </system.webServer>
    </location>`);
  }
  for (const p of appPaths.slice(1)) {
    // About one in 25 applications has a client-certificate mapping at application level: IIS never reads it there.
    const misplaced = rand() < 0.04;
    locs.push(`    <location path="${name}${p}" overrideMode="Allow">
        <system.webServer>
            <security>
                <authentication>
                    <windowsAuthentication enabled="true">
                        <providers>
                            <clear />
                            <add value="Negotiate" />
                            <add value="NTLM" />
                        </providers>
                    </windowsAuthentication>${misplaced ? `
                    <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">
                        <manyToOneMappings>
                            <add name="Partners" userName="HOSTING\\partner" password="[enc:IISCngProvider:${randomBase64(rand).slice(0, 80)}:enc]">
                                <rules>
                                    <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Partner CA" />
                                </rules>
                            </add>
                        </manyToOneMappings>
                    </iisClientCertificateMappingAuthentication>` : ''}
                </authentication>
                <ipSecurity allowUnlisted="false">
                    <add ipAddress="10.0.0.0" subnetMask="255.0.0.0" allowed="true" />
                    <add ipAddress="192.168.${i % 256}.0" subnetMask="255.255.255.0" allowed="true" />
                </ipSecurity>
            </security>
            <directoryBrowse enabled="false" />
        </system.webServer>
    </location>`);
  }
  if (rand() < 0.01) {
    // A location left behind for a site that was deleted.
    locs.push(`    <location path="old-${name}">
        <system.webServer>
            <directoryBrowse enabled="true" />
        </system.webServer>
    </location>`);
  }
  return { site, pool, locations: locs.join('\n') };
}

/** An applicationHost.config of at least `targetBytes` characters (ASCII, so characters = bytes). */
export function generateApplicationHost(targetBytes: number, seed = 1): string {
  const rand = prng(seed);
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<!--
    IIS configuration sections of a shared hosting server (generated for the IIS Config benchmark).
-->
<configuration>
${configSections()}
    <configProtectedData>
        <providers>
            <add name="IISWASOnlyCngProvider" type="Microsoft.ApplicationHost.CngProtectedConfigurationProvider" description="Uses Win32 Crypto CNG to encrypt and decrypt" keyContainerName="iisWasKey" cspProviderName="" useMachineContainer="true" useOAEP="false" />
        </providers>
    </configProtectedData>
    <system.applicationHost>
`;
  const webServer = globalWebServer();
  const fixed = head.length + webServer.length + 2000;
  const pools: string[] = [], sites: string[] = [], locations: string[] = [];
  let size = fixed;
  for (let i = 0; size < targetBytes; i++) {
    const p = siteParts(i, rand);
    pools.push(p.pool); sites.push(p.site); locations.push(p.locations);
    size += p.pool.length + p.site.length + p.locations.length + 3;
  }
  return `${head}        <applicationPools>
            <add name="DefaultAppPool" />
${pools.map((p) => '        ' + p).join('\n')}
            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" loadUserProfile="true" setProfileEnvironment="false" />
            </applicationPoolDefaults>
        </applicationPools>
        <listenerAdapters>
            <add name="http" />
        </listenerAdapters>
        <log>
            <centralBinaryLogFile enabled="true" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
            <centralW3CLogFile enabled="true" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
        </log>
        <sites>
            <site name="Default Web Site" id="1" serverAutoStart="false">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                </bindings>
            </site>
${sites.join('\n')}
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
                <traceFailedRequestsLogging directory="%SystemDrive%\\inetpub\\logs\\FailedReqLogFiles" />
            </siteDefaults>
            <applicationDefaults applicationPool="DefaultAppPool" />
            <virtualDirectoryDefaults allowSubDirConfig="true" />
        </sites>
        <webLimits />
    </system.applicationHost>
    <system.web>
        <compilation debug="false" targetFramework="4.8" />
    </system.web>
${webServer}
${locations.join('\n')}
</configuration>
`;
}

/**
 * A hosting server with what the server model's rules look at: ASP.NET Core apps (in process, sharing their site's
 * pool), WebDAV and the ASP.NET Core Module registered, managed modules, httpModules and validation in locations.
 */
export function generateApplicationHostWithAddOns(bytes: number, seed = 1): string {
  let text = generateApplicationHost(bytes, seed);
  text = text.replace('<add name="HttpCacheModule"', '<add name="WebDAVModule" image="%windir%\\System32\\inetsrv\\webdav.dll" />\n            <add name="AspNetCoreModuleV2" image="%ProgramFiles%\\IIS\\Asp.Net Core Module\\V2\\aspnetcorev2.dll" />\n            <add name="HttpCacheModule"');
  const apps = [...text.matchAll(/<location path="([^"/]+)\/([^"]+)" overrideMode="Allow">/g)].slice(0, 12);
  const extra = apps.map((m, i) => `    <location path="${m[1]}/${m[2]}">
        <system.webServer>
            <handlers>
                <add name="aspNetCore" path="*" verb="*" modules="${i % 5 === 4 ? 'AspNetCoreModule' : 'AspNetCoreModuleV2'}" resourceType="Unspecified" />
            </handlers>
            <aspNetCore processPath="${i % 6 === 5 ? '' : 'dotnet'}" arguments=".\\App${i}.dll" hostingModel="${i % 3 === 0 ? 'OutOfProcess' : 'inprocess'}" />
            <modules>
                <add name="Audit${i}" type="Hosting.Audit${i}, Hosting" preCondition="managedHandler" />
            </modules>${i % 4 === 0 ? `
            <validation validateIntegratedModeConfiguration="${i % 8 === 0 ? 'false' : 'true'}" />` : ''}
        </system.webServer>
        <system.web>
            <httpModules>
                <add name="Legacy${i}" type="Legacy.Module${i}, Legacy" />
            </httpModules>
            <httpRuntime maxRequestLength="${i % 2 ? 102400 : 2048}" />
        </system.web>
    </location>`);
  return text.replace('</configuration>', `${extra.join('\n')}\n</configuration>`);
}

/** A typical ~3 KB web.config of an ASP.NET application. */
export function generateWebConfig(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <configSections>
    <section name="entityFramework" type="System.Data.Entity.Internal.ConfigFile.EntityFrameworkSection, EntityFramework, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" requirePermission="false" />
  </configSections>
  <connectionStrings>
    <add name="DefaultConnection" connectionString="Data Source=sql01;Initial Catalog=Shop;Integrated Security=True" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
    <add key="ClientValidationEnabled" value="true" />
    <add key="UnobtrusiveJavaScriptEnabled" value="true" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <httpRuntime targetFramework="4.8" maxRequestLength="51200" enableVersionHeader="false" />
    <customErrors mode="RemoteOnly" defaultRedirect="~/Error" />
    <authentication mode="Forms">
      <forms loginUrl="~/Account/Login" timeout="2880" requireSSL="true" />
    </authentication>
    <sessionState mode="InProc" timeout="20" />
  </system.web>
  <system.webServer>
    <modules runAllManagedModulesForAllRequests="false">
      <remove name="FormsAuthentication" />
    </modules>
    <handlers>
      <remove name="ExtensionlessUrlHandler-Integrated-4.0" />
      <add name="ExtensionlessUrlHandler-Integrated-4.0" path="*." verb="*" type="System.Web.Handlers.TransferRequestHandler" preCondition="integratedMode,runtimeVersionv4.0" />
    </handlers>
    <staticContent>
      <remove fileExtension=".woff2" />
      <mimeMap fileExtension=".woff2" mimeType="font/woff2" />
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />
    </staticContent>
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
        <add name="X-Content-Type-Options" value="nosniff" />
        <add name="X-Frame-Options" value="SAMEORIGIN" />
      </customHeaders>
    </httpProtocol>
    <rewrite>
      <rules>
        <rule name="HTTPS" stopProcessing="true">
          <match url="(.*)" />
          <conditions>
            <add input="{HTTPS}" pattern="off" ignoreCase="true" />
          </conditions>
          <action type="Redirect" url="https://{HTTP_HOST}/{R:1}" redirectType="Permanent" />
        </rule>
      </rules>
    </rewrite>
    <defaultDocument>
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpErrors errorMode="DetailedLocalOnly" existingResponse="Replace">
      <remove statusCode="404" />
      <error statusCode="404" path="/NotFound" responseMode="ExecuteURL" />
    </httpErrors>
    <security>
      <requestFiltering removeServerHeader="true">
        <requestLimits maxAllowedContentLength="52428800" />
      </requestFiltering>
    </security>
  </system.webServer>
  <location path="admin">
    <system.web>
      <authorization>
        <allow roles="Administrators" />
        <deny users="*" />
      </authorization>
    </system.web>
  </location>
</configuration>
`;
}
