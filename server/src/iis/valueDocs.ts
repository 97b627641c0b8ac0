/**
 * What one value of an enum or flags attribute means, for completion items and
 * the hover of a value, in this project's own words. Keys:
 * "<element path>@<attribute>", as in schemaDocs.ts; values by their schema
 * name. Facts follow the IIS configuration reference and the URL Rewrite and
 * ASP.NET Core Module references; no sentence is copied.
 */
const WS = 'system.webServer';
const RW = `${WS}/rewrite/rules/rule`;

const VALUE_DOCS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [`${WS}/httpErrors@errorMode`]: {
    DetailedLocalOnly: 'Detailed error pages for requests from the server itself, custom pages for everyone else (the default).',
    Custom: 'Custom error pages for every request.',
    Detailed: 'IIS\'s detailed error page for every request: shows internals to visitors.',
  },
  [`${WS}/httpErrors@existingResponse`]: {
    Auto: 'Replace the response unless the application set its own flag to keep it (the default).',
    Replace: 'Always replace the application\'s error response with the custom page.',
    PassThrough: 'Leave the application\'s error response as it is.',
  },
  [`${WS}/httpErrors@defaultResponseMode`]: {
    File: 'Serve the path as a static file (the default).',
    ExecuteURL: 'Run the path as a URL of the site (it can be a page or a handler).',
    Redirect: 'Send the client a 302 redirect to the path.',
  },
  [`${WS}/httpErrors/error@responseMode`]: {
    File: 'Serve the path as a static file.',
    ExecuteURL: 'Run the path as a URL of the site.',
    Redirect: 'Send the client a 302 redirect to the path.',
  },
  [`${WS}/staticContent/clientCache@cacheControlMode`]: {
    NoControl: 'Send no caching header (the default).',
    DisableCache: 'Send Cache-Control: no-cache.',
    UseMaxAge: 'Send Cache-Control: max-age from cacheControlMaxAge.',
    UseExpires: 'Send an Expires date from httpExpires.',
  },
  [`${WS}/security/access@sslFlags`]: {
    None: 'No HTTPS requirement and no client certificate.',
    Ssl: 'Require HTTPS (plain HTTP gets 403.4).',
    SslNegotiateCert: 'Ask the client for a certificate and accept requests without one.',
    SslRequireCert: 'Require a client certificate (requests without one get 403.7).',
    Ssl128: 'Require 128-bit encryption.',
  },
  [`${RW}@patternSyntax`]: {
    ECMAScript: 'Patterns are regular expressions (the default).',
    Wildcard: 'Patterns use * and ? wildcards.',
    ExactMatch: 'A pattern matches only the identical string.',
  },
  [`${RW}/action@type`]: {
    None: 'Do nothing (the rule only sets server variables or stops processing).',
    Rewrite: 'Serve another URL of the server without telling the client.',
    Redirect: 'Send the client a redirect to the URL.',
    CustomResponse: 'Answer with the given status code and reason.',
    AbortRequest: 'Drop the connection.',
  },
  [`${RW}/action@redirectType`]: {
    Permanent: '301 Moved Permanently (the default): clients and search engines remember the new URL.',
    Found: '302 Found: a temporary redirect.',
    SeeOther: '303 See Other: fetch the new URL with GET.',
    Temporary: '307 Temporary Redirect: repeat the request, same method, at the new URL.',
  },
  [`${RW}/conditions@logicalGrouping`]: {
    MatchAll: 'Every condition must match (the default).',
    MatchAny: 'One matching condition is enough.',
  },
  [`${RW}/conditions/add@matchType`]: {
    Pattern: 'Match the input against the pattern (the default).',
    IsFile: 'The input is the path of an existing file.',
    IsDirectory: 'The input is the path of an existing folder.',
  },
  'system.applicationHost/applicationPools/add@managedPipelineMode': {
    Integrated: 'One pipeline for IIS and ASP.NET modules (the default).',
    Classic: 'ASP.NET runs as an ISAPI extension, as on IIS 6.',
  },
  'system.applicationHost/applicationPools/add@startMode': {
    OnDemand: 'Start the worker process at the first request (the default).',
    AlwaysRunning: 'Start the worker process with IIS and keep it running.',
  },
  'system.applicationHost/applicationPools/add/processModel@identityType': {
    LocalSystem: 'The built-in Local System account: full control of the machine.',
    LocalService: 'The built-in Local Service account.',
    NetworkService: 'The built-in Network Service account.',
    SpecificUser: 'The account named by userName and password.',
    ApplicationPoolIdentity: 'A virtual account per pool, IIS AppPool\\<name> (the default).',
  },
  'system.web/customErrors@mode': {
    RemoteOnly: 'Custom error pages for remote requests, ASP.NET details for local ones (the default).',
    On: 'Custom error pages for every request.',
    Off: 'ASP.NET\'s detailed error page for every request: shows internals to visitors.',
  },
  'system.web/authentication@mode': {
    None: 'No ASP.NET authentication.',
    Windows: 'The user IIS authenticated (the default).',
    Forms: 'ASP.NET forms authentication with a login page and a cookie.',
    Passport: 'Microsoft Passport (obsolete).',
    Federated: 'Claims-based sign-in through a federation provider (WIF).',
  },
  'system.web/sessionState@mode': {
    Off: 'No session state.',
    InProc: 'Sessions in the worker process memory (the default): lost on recycle.',
    StateServer: 'Sessions in the ASP.NET State Service.',
    SQLServer: 'Sessions in a SQL Server database.',
    Custom: 'Sessions in a custom provider.',
  },
};

/** What `value` of `attribute` at `elementKey` means, if described. */
export function valueDoc(elementKey: string, attribute: string, value: string): string | undefined {
  const table = VALUE_DOCS[`${elementKey}@${attribute}`];
  if (!table) return undefined;
  return table[value] ?? Object.entries(table).find(([k]) => k.toLowerCase() === value.toLowerCase())?.[1];
}
