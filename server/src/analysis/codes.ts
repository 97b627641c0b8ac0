/**
 * Every diagnostic code the engine can emit, with its default severity and a
 * one-line summary. The codes are a public interface (documented in the
 * README, used in severity settings and suppression comments): never rename
 * one; retire it instead.
 */
import type { Severity } from './types';

export interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

export const CODES: readonly CodeInfo[] = [
  { code: 'xml-syntax', severity: 'error', summary: 'The file is not well-formed XML (IIS answers 500.19 "Configuration file is not well-formed XML").' },
  { code: 'file-too-large', severity: 'warning', summary: 'Validation limited: the file is larger than iisConfig.maxFileSize (CLI --max-file-size, default 32 MB), so it was not checked.' },
  { code: 'ignored-at-level', severity: 'warning', summary: 'A section (or attribute/element) is placed at a level where IIS accepts it but never reads it.' },
  { code: 'unknown-location-path', severity: 'warning', summary: 'A <location path> names no site, application or directory that IIS knows, or is not a valid location path.' },
  { code: 'unknown-section', severity: 'error', summary: 'An element at section level that no section declaration knows: a misspelled section, or a section of a module (URL Rewrite, ARR, iisnode, …) that is not installed or declared (500.19).' },
  { code: 'unknown-element', severity: 'error', summary: 'A child element the section\'s schema does not have at that place (names are case-sensitive; IIS answers 500.19 "Unrecognized element").' },
  { code: 'unknown-attribute', severity: 'error', summary: 'An attribute the schema does not define on that element (names are case-sensitive; IIS answers 500.19 "Unrecognized attribute").' },
  { code: 'unexpected-text', severity: 'warning', summary: 'Text inside a configuration element, which holds only attributes and child elements: IIS skips it, .NET rejects it in the sections it reads.' },
  { code: 'invalid-value', severity: 'error', summary: 'An attribute value that is not valid for its type or validator (bool, enum, flags, number range, time span, path, name), with what is allowed.' },
  { code: 'missing-required-attribute', severity: 'error', summary: 'An element lacks an attribute its schema marks required (IIS answers 500.19 "Missing required attribute").' },
  { code: 'rule-without-match', severity: 'information', summary: 'A URL Rewrite rule without <match>: IIS accepts it, and its empty pattern matches every URL (write <match url=".*" /> if that is meant).' },
  { code: 'duplicate-collection-entry', severity: 'error', summary: 'Two entries with the same key in one collection (IIS answers 500.19 "Cannot add duplicate collection entry"), also when the first is inherited from a parent level (applicationHost.config, a parent web.config); <remove> and <clear> are applied first.' },
  { code: 'duplicate-section', severity: 'error', summary: 'The same section twice in one file for the same location path (IIS answers 500.19 "Sections must only appear once per config file").' },
  { code: 'repeated-section-group', severity: 'information', summary: 'A section group (such as <system.webServer>) written twice at the same level: IIS reads both, but a section that appears in both is a duplicate-section.' },
  { code: 'section-not-allowed', severity: 'error', summary: 'A section where its declaration forbids it: AppHostOnly in a web.config, MachineOnly or MachineToWebRoot below machine level, MachineToApplication below an application root ("beyond application level"), allowLocation="false" inside a <location>.' },
  { code: 'section-locked', severity: 'error', summary: 'A web.config sets a section that is locked at its level (overrideModeDefault="Deny", or <location overrideMode="Deny"> / allowOverride="false" above, not unlocked): IIS answers 500.19 (0x80070021).' },
  { code: 'lock-violation', severity: 'error', summary: 'A web.config sets an attribute or element that a parent level locked (lockAttributes, lockElements, lockAll…Except), even to the same value, or removes/clears an entry locked with lockItem="true" (500.19 "Lock violation").' },
  { code: 'location-conflict', severity: 'error', summary: 'A <location> with both overrideMode and allowOverride, or a section set both outside any <location> and in <location path="."> of the same file.' },
  { code: 'certificate-invalid', severity: 'error', summary: 'A one-to-one mapping certificate that is not one line of base64 of one DER X.509 certificate (PEM armour, line breaks, spaces, truncated, other bytes): IIS compares the string exactly, so it never matches.' },
  { code: 'certificate-expired', severity: 'warning', summary: 'A one-to-one mapping certificate whose validity ended: the TLS handshake rejects it, so the mapping cannot succeed.' },
  { code: 'certificate-not-yet-valid', severity: 'warning', summary: 'A one-to-one mapping certificate whose validity has not started yet.' },
  { code: 'certificate-not-client-auth', severity: 'warning', summary: 'A one-to-one mapping certificate whose extended key usage lacks Client Authentication, so no client can present it.' },
  { code: 'mapping-disabled', severity: 'warning', summary: 'Certificate mappings of a kind that is switched off (oneToOne/manyToOneCertificateMappingsEnabled="false"); a single mapping with enabled="false" is reported as information.' },
  { code: 'no-mappings', severity: 'warning', summary: 'Client certificate mapping is switched on, but no enabled mapping of an enabled kind exists at that level or below.' },
  { code: 'client-cert-not-negotiated', severity: 'warning', summary: 'Certificate mapping is switched on, but no access/@sslFlags at that level or below asks for a client certificate (SslNegotiateCert or SslRequireCert).' },
  { code: 'ssl-flags-inconsistent', severity: 'warning', summary: 'access/@sslFlags requires a client certificate (SslRequireCert) without requiring HTTPS (Ssl).' },
  { code: 'certificate-subfield-unknown', severity: 'warning', summary: 'A many-to-one rule whose certificateSubField is not a distinguished-name field of certificates (CN, O, OU, L, S, C, E, …).' },
  { code: 'match-criteria-empty', severity: 'warning', summary: 'A many-to-one rule with an empty matchCriteria.' },
  { code: 'mapping-ad-and-iis', severity: 'information', summary: 'Active Directory and IIS client certificate mapping are both switched on for the same paths; which one applies depends on the HTTPS binding\'s DS mapper.' },
  { code: 'no-authentication-possible', severity: 'warning', summary: 'Anonymous authentication is off and no enabled authentication module can set a user at that path (IIS answers 401.2); lists the modules considered and why none applies.' },
  { code: 'password-not-encrypted', severity: 'warning', summary: 'A certificate mapping password stored in clear text instead of [enc:…:enc] (the value is never repeated).' },
  // The server model (what IIS does when the site starts and the request arrives): server/src/model, docs/SERVER-MODEL.md.
  { code: 'handler-module-missing', severity: 'error', summary: 'A handlers entry names a module that is neither a native module of <globalModules> nor a managed module in effect (IIS answers 500.21 "Handler has a bad module in its module list"), e.g. AspNetCoreModule where only AspNetCoreModuleV2 is installed.' },
  { code: 'integrated-mode-conflict', severity: 'error', summary: 'system.web/httpModules or httpHandlers entries, or <identity impersonate="true">, in an application whose pool runs the Integrated pipeline without validateIntegratedModeConfiguration="false" (500.22 / 500.23 / 500.24).' },
  { code: 'aspnetcore-pool-shared', severity: 'error', summary: 'Two ASP.NET Core applications in one application pool where one of them runs in process: two in-process apps answer 500.35, in-process with out-of-process 500.34.' },
  { code: 'aspnetcore-hosting-model-unknown', severity: 'error', summary: 'An <aspNetCore hostingModel> that the ASP.NET Core Module does not know (it accepts inprocess and outofprocess, in any case): the module fails to load the configuration (500.0).' },
  { code: 'aspnetcore-process-path-empty', severity: 'error', summary: 'An <aspNetCore> without a processPath, or with an empty one: the ASP.NET Core Module requires it and answers 500.0 / 502.5.' },
  { code: 'aspnetcore-launcher-placeholder', severity: 'error', summary: '%LAUNCHER_PATH% or %LAUNCHER_ARGS% left in a web.config that full IIS runs: only Visual Studio fills them (for IIS Express), so the app cannot start (502.5 / 500.30).' },
  { code: 'aspnetcore-v1-in-process', severity: 'warning', summary: 'hostingModel="inprocess" with the version 1 module (AspNetCoreModule): V1 ignores it and runs the app out of process.' },
  { code: 'application-pool-undefined', severity: 'error', summary: 'An application (or <applicationDefaults>) names an application pool that <applicationPools> does not define: WAS ignores the application and IIS answers 503.' },
  { code: 'pool-runtime-version-invalid', severity: 'error', summary: 'A managedRuntimeVersion other than "" (no managed code), v2.0 or v4.0 (v4.8, "No Managed Code"): the pool cannot load a CLR and answers 503.' },
  { code: 'pool-identity-incomplete', severity: 'error', summary: 'An application pool with identityType="SpecificUser" but no userName or password: WAS cannot start it (503).' },
  { code: 'enabled-protocols-invalid', severity: 'error', summary: 'enabledProtocols lists https: it names listener protocols (http, net.tcp, …); HTTPS is a binding of the http protocol, and WAS rejects the application.' },
  { code: 'binding-conflict', severity: 'error', summary: 'Two sites listen on the same protocol, IP address, port and host name: the second one does not start (a specific address and * do not conflict: the specific one wins for its traffic).' },
  { code: 'binding-information-invalid', severity: 'error', summary: 'A bindingInformation that W3SVC cannot read (not "IP:port:host", port out of range, IPv6 without brackets): the site does not start.' },
  { code: 'ssl-required-without-https', severity: 'error', summary: 'access/@sslFlags requires SSL at a site (or below) that has no https binding: IIS answers 403.4 on every request.' },
  { code: 'request-limit-mismatch', severity: 'warning', summary: 'An IIS request limit (requestLimits maxAllowedContentLength, maxQueryString, maxUrl) and its ASP.NET counterpart (httpRuntime maxRequestLength, maxQueryStringLength, maxUrlLength) disagree: the smaller one wins, so raising one alone silently caps requests (404.13, 404.15, 404.14, or ASP.NET\'s "Maximum request length exceeded").' },
  { code: 'webdav-intercepts-verbs', severity: 'warning', summary: 'WebDAV is in the pipeline of an application that serves PUT or DELETE itself (an API): WebDAV answers them with 405, which looks like a CORS failure.' },
  { code: 'config-sections-not-first', severity: 'error', summary: '<configSections> is not the first child of <configuration>: .NET rejects the whole file (500.19, "Only one <configSections> element allowed. It must be the first child element").' },
  { code: 'config-sections-in-location', severity: 'error', summary: '<configSections> inside a <location>: section declarations are only read at the top of a file, so the file is rejected.' },
  { code: 'config-source-missing', severity: 'warning', summary: 'A configSource file that is not there: the application fails with "Unable to open configSource file" unless the file is deployed separately (secrets often are).' },
  { code: 'config-source-invalid', severity: 'error', summary: 'A configSource that .NET rejects: not a relative path below the file\'s folder, or a file whose root element is not the section.' },
  { code: 'location-path-invalid', severity: 'error', summary: 'A <location path> with a character .NET rejects in location paths (\\ ? : * " < > |): the whole application fails.' },
  { code: 'pool-runtime-mismatch', severity: 'error', summary: 'A .NET 4 setting (compilation/@targetFramework, httpRuntime/@targetFramework, …) in an application whose pool runs CLR v2.0: ASP.NET 2.0 answers "Unrecognized attribute".' },
  { code: 'httperrors-absolute-path', severity: 'error', summary: 'An absolute path in a web.config\'s httpErrors (responseMode="File", prefixLanguageFilePath): IIS answers 500.19 unless applicationHost.config sets allowAbsolutePathsWhenDelegated="true".' },
  { code: 'rewrite-pattern-invalid', severity: 'error', summary: 'A URL Rewrite pattern (<match url>, a condition\'s pattern, an outbound or pre-condition pattern) that does not compile under its patternSyntax as the module\'s ECMAScript dialect reads it (IIS answers 500.52); the range is the offending construct.' },
  { code: 'rewrite-pattern-never-matches', severity: 'warning', summary: 'A distributed rule (<rules>) whose <match url> needs a leading "/": the URL it sees is relative to its folder and has none, so it never matches (with negate="true": always).' },
  { code: 'rewrite-backreference-invalid', severity: 'warning', summary: 'A {R:n} or {C:n} back-reference beyond the capture groups of the pattern or conditions it refers to (or {R:n} in a rule without a pattern): it is always empty.' },
  { code: 'rewrite-server-variable-not-allowed', severity: 'error', summary: 'A distributed rule sets a server variable or request header that is not in <allowedServerVariables> of applicationHost.config (IIS answers 500.50); information when default IIS settings are assumed.' },
  { code: 'rewrite-proxy-not-enabled', severity: 'error', summary: 'A Rewrite action to an absolute http(s) URL needs Application Request Routing with system.webServer/proxy/@enabled="true" on the server (else 404.4); information when default IIS settings are assumed.' },
  { code: 'rewrite-reference-unknown', severity: 'warning', summary: 'A {Name:…} that is no string function, rewrite map or provider, an outbound preCondition or customTags name that is not defined, or a server variable that does not exist ({HTTP_HOTS}); with did-you-mean fixes.' },
  { code: 'rewrite-redirect-loop', severity: 'warning', summary: 'A Redirect rule whose target the rules redirect again (found by running them): the classic HTTPS, canonical-host, lower-case or trailing-slash loop.' },
];

const byCode = new Map(CODES.map((c) => [c.code, c]));

export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}
