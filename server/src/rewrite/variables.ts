/**
 * Names a URL Rewrite expression may use: IIS server variables, the
 * conventions for request and response headers, and the string functions.
 * Every list cites its source.
 */

/**
 * IIS server variables. Source: Microsoft, "IIS Server Variables"
 * (learn.microsoft.com/iis/web-dev-reference/server-variables), the table of
 * variables; plus URL_PATH_INFO and SSI_EXEC_DISABLED, which the URL Rewrite
 * Module Configuration Reference lists among the variables safe for output
 * caching ("Interaction with IIS Output Caching").
 */
export const SERVER_VARIABLES: readonly string[] = [
  'ALL_HTTP', 'ALL_RAW', 'APPL_MD_PATH', 'APPL_PHYSICAL_PATH', 'APP_POOL_CONFIG', 'APP_POOL_ID', 'AUTH_PASSWORD', 'AUTH_TYPE',
  'AUTH_USER', 'CACHE_URL', 'CERT_COOKIE', 'CERT_FLAGS', 'CERT_ISSUER', 'CERT_KEYSIZE', 'CERT_SECRETKEYSIZE', 'CERT_SERIALNUMBER',
  'CERT_SERVER_ISSUER', 'CERT_SERVER_SUBJECT', 'CERT_SUBJECT', 'CONTENT_LENGTH', 'CONTENT_TYPE', 'CRYPT_CIPHER_ALG_ID',
  'CRYPT_HASH_ALG_ID', 'CRYPT_KEYEXCHANGE_ALG_ID', 'CRYPT_PROTOCOL', 'DOCUMENT_ROOT', 'FORWARDED_URL', 'GATEWAY_INTERFACE', 'HTTPS',
  'HTTPS_KEYSIZE', 'HTTPS_SECRETKEYSIZE', 'HTTPS_SERVER_ISSUER', 'HTTPS_SERVER_SUBJECT', 'HTTP_METHOD', 'HTTP_URL', 'HTTP_VERSION',
  'INSTANCE_ID', 'INSTANCE_META_PATH', 'INSTANCE_NAME', 'LOCAL_ADDR', 'LOGON_USER', 'MANAGED_PIPELINE_MODE', 'PATH_INFO',
  'PATH_TRANSLATED', 'QUERY_STRING', 'REMOTE_ADDR', 'REMOTE_HOST', 'REMOTE_PORT', 'REMOTE_USER', 'REQUEST_FILENAME', 'REQUEST_FLAGS',
  'REQUEST_METHOD', 'REQUEST_URI', 'SCRIPT_FILENAME', 'SCRIPT_NAME', 'SCRIPT_TRANSLATED', 'SERVER_ADDR', 'SERVER_NAME', 'SERVER_PORT',
  'SERVER_PORT_SECURE', 'SERVER_PROTOCOL', 'SERVER_SOFTWARE', 'UNENCODED_URL', 'UNMAPPED_REMOTE_USER', 'URL',
  'URL_PATH_INFO', 'SSI_EXEC_DISABLED',
];

/**
 * Request headers most rules read, as HTTP_* variables (any header is one:
 * dashes become underscores, letters capitals, "HTTP_" in front — URL Rewrite
 * Module Configuration Reference, "Using server variables in rewrite rules").
 * Used only to recognise a misspelt header variable ({HTTP_HOTS}); any other
 * HTTP_* name is accepted as a custom header. Header names: RFC 9110 (HTTP
 * semantics) and the de-facto proxy headers X-Forwarded-*, X-Original-URL
 * (set by URL Rewrite: "Preserving Original URL").
 */
export const COMMON_HEADER_VARIABLES: readonly string[] = [
  'HTTP_HOST', 'HTTP_USER_AGENT', 'HTTP_REFERER', 'HTTP_ACCEPT', 'HTTP_ACCEPT_ENCODING', 'HTTP_ACCEPT_LANGUAGE', 'HTTP_ACCEPT_CHARSET',
  'HTTP_AUTHORIZATION', 'HTTP_CACHE_CONTROL', 'HTTP_CONNECTION', 'HTTP_CONTENT_TYPE', 'HTTP_CONTENT_LENGTH', 'HTTP_COOKIE',
  'HTTP_ORIGIN', 'HTTP_PRAGMA', 'HTTP_RANGE', 'HTTP_UPGRADE', 'HTTP_VIA', 'HTTP_IF_MODIFIED_SINCE', 'HTTP_IF_NONE_MATCH',
  'HTTP_X_FORWARDED_FOR', 'HTTP_X_FORWARDED_PROTO', 'HTTP_X_FORWARDED_HOST', 'HTTP_X_FORWARDED_PORT', 'HTTP_X_ORIGINAL_URL',
  'HTTP_X_ORIGINAL_HOST', 'HTTP_X_REQUESTED_WITH', 'HTTP_X_REAL_IP',
];

/**
 * Response headers outbound rules read, as RESPONSE_* variables (URL Rewrite
 * Module 2.0 Configuration Reference, "Accessing Response Headers from Rewrite
 * Rules"), plus RESPONSE_STATUS, which its outbound examples use.
 */
export const COMMON_RESPONSE_VARIABLES: readonly string[] = [
  'RESPONSE_CONTENT_TYPE', 'RESPONSE_CONTENT_ENCODING', 'RESPONSE_CONTENT_LENGTH', 'RESPONSE_LOCATION', 'RESPONSE_STATUS',
  'RESPONSE_SERVER', 'RESPONSE_SET_COOKIE', 'RESPONSE_CACHE_CONTROL', 'RESPONSE_X_POWERED_BY',
];

/**
 * String functions: ToLower, UrlEncode, UrlDecode (URL Rewrite Module
 * Configuration Reference, "String functions"), HtmlEncode (URL Rewrite
 * Module 2.0 Configuration Reference, Functionality Overview), EscapeDataString
 * (URL Rewrite 2.1, as listed by the issue this tool was built for; not in
 * Microsoft's reference pages).
 */
export const FUNCTIONS: readonly string[] = ['ToLower', 'UrlEncode', 'UrlDecode', 'HtmlEncode', 'EscapeDataString'];

const knownVariables = new Set(SERVER_VARIABLES);
const knownFunctions = new Map(FUNCTIONS.map((f) => [f.toLowerCase(), f]));

/** The function of this name (names compare case-insensitively), if any. */
export function functionNamed(name: string): string | undefined {
  return knownFunctions.get(name.toLowerCase());
}

export type VariableKind = 'server' | 'request-header' | 'response-header' | 'unknown';

/** What a `{NAME}` names. Server variable names compare case-insensitively. */
export function variableKind(name: string): VariableKind {
  const upper = name.toUpperCase();
  if (knownVariables.has(upper)) return 'server';
  if (upper.startsWith('HTTP_') && upper.length > 5) return 'request-header';
  if (upper.startsWith('RESPONSE_') && upper.length > 9) return 'response-header';
  return 'unknown';
}
