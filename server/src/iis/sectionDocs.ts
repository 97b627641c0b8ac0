/**
 * Short descriptions of sections, elements and attributes, written in this
 * project's own words for hovers. Facts (what a setting controls) follow
 * Microsoft's IIS configuration reference; no sentence is copied from it.
 *
 * Keys: a section path ("system.webServer/security/access"), an element path
 * inside a section ("<section>/oneToOneMappings/add"), or an attribute
 * ("<element path>@<attribute>").
 * More entries (elements and attributes across sections) are in schemaDocs.ts.
 */
import { SCHEMA_DOCS } from './schemaDocs';

export const DOCS: Readonly<Record<string, string>> = {
  // --- authentication -------------------------------------------------------
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication':
    'Maps client certificates to Windows accounts inside IIS itself (no Active Directory needed): one-to-one mappings pin one exact certificate to one account, many-to-one mappings send every certificate whose subject or issuer fields match a set of rules to one account. IIS logs the request on as the mapped account.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication@enabled': 'Turns IIS client certificate mapping authentication on or off.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication@oneToOneCertificateMappingsEnabled': 'Whether the entries under <oneToOneMappings> are used.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication@manyToOneCertificateMappingsEnabled': 'Whether the rules under <manyToOneMappings> are used.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication@defaultLogonDomain': 'Domain used for mapped accounts whose user name carries no domain.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication@logonMethod': 'The Windows logon type IIS uses for the mapped account (Interactive, Batch, Network or ClearText).',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings': 'Certificates that each map to exactly one account. The certificate is the key of each entry.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings/add': 'One certificate mapped to one account.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings/add@certificate': 'The client certificate, as its base64-encoded DER bytes on a single line: no "BEGIN CERTIFICATE" armour, no line breaks, no spaces. IIS compares this string with the presented certificate exactly.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings/add@userName': 'Account the certificate logs on as.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings/add@password': 'Password of the mapped account; IIS stores it encrypted.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/oneToOneMappings/add@enabled': 'Whether this mapping is used.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/manyToOneMappings': 'Rule sets that map every certificate matching them to one account.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/manyToOneMappings/add': 'A named many-to-one mapping: matching certificates are allowed (or denied) and log on as one account.',
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication/manyToOneMappings/add/rules/add': 'One matching rule: a certificate field (Subject or Issuer), a sub-field (an RDN such as CN or O) and the text it must match.',
  'system.webServer/security/authentication/clientCertificateMappingAuthentication':
    'Maps client certificates to Active Directory accounts through the Windows directory service mapper, which must also be enabled on the HTTPS binding.',
  'system.webServer/security/authentication/anonymousAuthentication': 'Lets requests in without credentials, running them as the anonymous account (IUSR by default) or the application pool identity.',
  'system.webServer/security/authentication/basicAuthentication': 'HTTP Basic authentication: the browser sends user name and password in every request (use only over HTTPS).',
  'system.webServer/security/authentication/digestAuthentication': 'HTTP Digest authentication against domain accounts.',
  'system.webServer/security/authentication/windowsAuthentication': 'Integrated Windows authentication (Negotiate/Kerberos and NTLM).',
  'system.webServer/security/access': 'SSL requirements for a URL: whether HTTPS is required and whether the server asks for, or requires, a client certificate (sslFlags).',
  'system.webServer/security/access@sslFlags': 'Comma-separated flags: None, Ssl (require HTTPS), SslNegotiateCert (accept a client certificate), SslRequireCert (require one), Ssl128 (require 128-bit keys).',
  'system.webServer/security/authorization': 'URL authorization rules of IIS: which users, roles and verbs are allowed or denied.',
  'system.webServer/security/requestFiltering': 'Request filtering: limits and deny lists for URLs, verbs, headers, file extensions and hidden segments.',
  'system.webServer/security/ipSecurity': 'Allows or denies requests by client IP address or domain name.',
  'system.webServer/security/dynamicIpSecurity': 'Blocks clients that open too many concurrent requests or send requests too fast.',
  'system.webServer/security/isapiCgiRestriction': 'The list of ISAPI and CGI binaries IIS is allowed to run.',
  // --- core web server ------------------------------------------------------
  'system.webServer/httpCompression': 'Server-wide compression settings: where compressed files are cached, size and CPU limits, compression schemes and the MIME types to compress.',
  'system.webServer/urlCompression': 'Turns static and dynamic compression on or off for a URL.',
  'system.webServer/staticContent': 'How IIS serves static files: MIME type mappings (mimeMap), client cache headers and document footers.',
  'system.webServer/defaultDocument': 'File names IIS tries, in order, when a request names a folder.',
  'system.webServer/directoryBrowse': 'Whether IIS lists the files of a folder that has no default document.',
  'system.webServer/httpErrors': 'Custom error responses by status code, and whether detailed errors are shown.',
  'system.webServer/httpProtocol': 'HTTP keep-alive and custom response headers.',
  'system.webServer/httpRedirect': 'Redirects requests for a URL to another destination.',
  'system.webServer/handlers': 'Handler mappings: which module or handler serves which paths and verbs.',
  'system.webServer/modules': 'Native and managed modules that run in the request pipeline.',
  'system.webServer/globalModules': 'Native modules loaded into every worker process of the server.',
  'system.webServer/isapiFilters': 'ISAPI filters loaded for the server or a site.',
  'system.webServer/webSocket': 'WebSocket protocol support and its timeouts.',
  'system.webServer/caching': 'Output caching in the IIS kernel and user mode.',
  'system.webServer/asp': 'Classic ASP settings.',
  'system.webServer/fastCgi': 'FastCGI process pools (PHP and similar), their limits and environment.',
  'system.webServer/serverRuntime': 'Request limits and behaviour of the IIS runtime (upload size, alternate hostname, ...).',
  'system.webServer/validation': 'Whether IIS checks that a legacy ASP.NET configuration runs in integrated mode.',
  'system.webServer/aspNetCore': 'Settings of the ASP.NET Core Module: the process to start, its arguments, hosting model and environment variables.',
  'system.webServer/rewrite/rules': 'URL Rewrite inbound rules.',
  'system.webServer/rewrite/outboundRules': 'URL Rewrite rules that rewrite responses.',
  'system.webServer/rewrite/globalRules': 'URL Rewrite rules that run for the whole server, before site rules.',
  'system.webServer/webdav/authoring': 'WebDAV publishing for a site: whether it is on, and its file-system, lock and property settings.',
  'system.webServer/webdav/authoringRules': 'Who may read, write or change the source of content over WebDAV, per URL.',
  'system.webServer/webdav/globalSettings': 'Server-wide WebDAV settings: lock and property stores.',
  // --- applicationHost ------------------------------------------------------
  'system.applicationHost/sites': 'The sites of the server, with their bindings, applications and virtual directories.',
  'system.applicationHost/applicationPools': 'Application pools: the worker processes applications run in, their identity, recycling and limits.',
  // --- ASP.NET / .NET -------------------------------------------------------
  'system.web/authentication': 'ASP.NET authentication mode (Windows, Forms, None). Allowed only in an application root web.config.',
  'system.web/compilation': 'How ASP.NET compiles pages and code: debug builds, target framework, referenced assemblies.',
  'system.web/customErrors': 'ASP.NET custom error pages, and whether remote clients see detailed errors.',
  'system.web/httpRuntime': 'ASP.NET request limits and runtime options (target framework, max request length, execution timeout).',
  'system.web/sessionState': 'Where and how ASP.NET keeps session state.',
  'system.web/machineKey': 'Keys ASP.NET uses to sign and encrypt view state, forms tickets and cookies.',
  'appSettings': 'Application key/value settings read by the application code.',
  'connectionStrings': 'Named database connection strings for the application.',
};

export function describe(key: string): string | undefined {
  return DOCS[key] ?? SCHEMA_DOCS[key];
}
