/**
 * Where IIS actually *reads* a section, for the sections whose documented
 * runtime levels are narrower than what their `<section>` declaration lets the
 * configuration system accept. Settings placed elsewhere are accepted without
 * a 500.19 and then silently ignored.
 *
 * One row per section (or per attribute set / child element). Every row cites
 * its source. Facts come from Microsoft's IIS configuration reference
 * (https://learn.microsoft.com/iis/configuration/<doc>) as collected in the
 * project's reference table of documented levels; evidence is 'strong' where
 * Microsoft states the setting is ignored (or a support case shows it), and
 * 'medium'/'weak' where the reference only names the levels. Rows with weaker
 * evidence produce information diagnostics instead of warnings.
 */
import type { LevelKind } from '../hierarchy/levels';

export type Evidence = 'strong' | 'medium' | 'weak';

export interface RuntimeLevelRow {
  /** Section path (e.g. system.webServer/security/access). */
  readonly section: string;
  /**
   * What the row covers: the whole section element, only the attributes on the
   * section element itself, or one child element (named in `element`).
   */
  readonly scope: 'section' | 'attributes' | 'element';
  readonly element?: string;
  /** Levels at which IIS reads it. */
  readonly levels: readonly LevelKind[];
  /** IIS reads it only from applicationHost.config (web.config copies are ignored). */
  readonly appHostOnly?: boolean;
  /**
   * Report only when the element sets this attribute to this value (case-insensitive).
   * Used where only turning a feature on at the wrong level is a mistake.
   */
  readonly onlyWhen?: { readonly attribute: string; readonly value: string };
  readonly evidence: Evidence;
  /** Our own one-line wording of what the source says. */
  readonly summary: string;
  /** Path of the page under https://learn.microsoft.com/iis/configuration/ and any other source. */
  readonly doc: string;
  readonly source: string;
}

export const RUNTIME_LEVELS: readonly RuntimeLevelRow[] = [
  {
    section: 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
    scope: 'section', levels: ['server', 'site'], evidence: 'strong',
    summary: 'IIS reads one-to-one and many-to-one certificate mappings only at server and site level; copies at an application or below are ignored and requests fail with 401.2.',
    doc: 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
    source: 'IIS configuration reference ("can be configured at the server and site level"); Microsoft IIS Support blog, "IIS Client Certificate Authentication results in 401-Unauthorized for sub-applications" (2020-04-28)',
  },
  {
    section: 'system.webServer/httpCompression',
    scope: 'attributes', levels: ['server'], evidence: 'strong',
    summary: 'The attributes of <httpCompression> (directory, size limits, CPU thresholds, …) take effect only at server level; set at a site or below they are ignored.',
    doc: 'system.webServer/httpCompression',
    source: 'IIS configuration reference, httpCompression ("These attributes can only be configured at server level. Configuration at a site level or lower will be ignored.")',
  },
  {
    section: 'system.webServer/httpCompression', scope: 'element', element: 'scheme',
    levels: ['server'], evidence: 'strong',
    summary: 'Compression schemes (<scheme>) are read only at server level.',
    doc: 'system.webServer/httpCompression',
    source: 'IIS configuration reference, httpCompression, child elements table ("can only be configured at server level")',
  },
  {
    section: 'system.webServer/httpCompression', scope: 'element', element: 'staticTypes',
    levels: ['server', 'site'], evidence: 'medium',
    summary: 'Static compression MIME types are read at server level, and from IIS 10 also at site level.',
    doc: 'system.webServer/httpCompression',
    source: 'IIS configuration reference, httpCompression, child elements table (IIS 10 and later: site level)',
  },
  {
    section: 'system.webServer/httpCompression', scope: 'element', element: 'dynamicTypes',
    levels: ['server', 'site'], evidence: 'medium',
    summary: 'Dynamic compression MIME types are read at server level, and from IIS 10 also at site level.',
    doc: 'system.webServer/httpCompression',
    source: 'IIS configuration reference, httpCompression, child elements table ("For IIS 10.0 and later, can also be configured at the site level")',
  },
  {
    section: 'system.webServer/webdav/authoring',
    scope: 'section', levels: ['server', 'site'], appHostOnly: true, evidence: 'strong',
    summary: 'WebDAV authoring settings are read only from applicationHost.config, at site level (stock files also carry a server-level default); elsewhere and in web.config they are ignored.',
    doc: 'system.webServer/webdav/authoring',
    source: 'IIS configuration reference, webdav/authoring ("configurable only at the site level in the ApplicationHost.config file … at other levels or in Web.config files are ignored")',
  },
  {
    section: 'system.webServer/webdav/globalSettings',
    scope: 'section', levels: ['server'], appHostOnly: true, evidence: 'strong',
    summary: 'WebDAV global settings are read only at the global level of applicationHost.config; site, application and web.config copies are ignored.',
    doc: 'system.webServer/webdav/globalSettings',
    source: 'IIS configuration reference, webdav/globalSettings ("only configurable at the global level … Any settings at the site or application level or in Web.config files are ignored")',
  },
  {
    section: 'system.webServer/webdav/authoringRules',
    scope: 'section', levels: ['server', 'site', 'application', 'virtualDirectory', 'directory'], appHostOnly: true, evidence: 'strong',
    summary: 'WebDAV authoring rules are read per URL from applicationHost.config only; they cannot be delegated, so web.config copies are ignored.',
    doc: 'system.webServer/webdav/authoringRules',
    source: 'IIS configuration reference, webdav/authoringRules ("cannot be delegated, so any <authoringRules> elements in Web.config files are ignored")',
  },
  {
    section: 'system.webServer/security/dynamicIpSecurity',
    scope: 'section', levels: ['server', 'site'], evidence: 'medium',
    summary: 'Dynamic IP restrictions are documented for server and site level only.',
    doc: 'system.webServer/security/dynamicIpSecurity',
    source: 'IIS configuration reference, dynamicIpSecurity ("configured at the server or site level"); same on denyByConcurrentRequests and denyByRequestRate',
  },
  {
    section: 'system.webServer/isapiFilters',
    scope: 'section', levels: ['server', 'site'], evidence: 'medium',
    summary: 'ISAPI filters are documented for server and site level; the declaration (MachineToApplication) also admits non-root applications.',
    doc: 'system.webServer/isapiFilters',
    source: 'IIS configuration reference, isapiFilters ("You can add an ISAPI filter at the server level and the site level")',
  },
  {
    section: 'system.webServer/webSocket',
    scope: 'section', levels: ['server', 'site', 'application'], evidence: 'weak',
    summary: 'WebSocket settings are documented for server, site and application level (not for virtual directories or folders).',
    doc: 'system.webServer/webSocket',
    source: 'IIS configuration reference, webSocket ("configured at the server, site, or application level")',
  },
  {
    section: 'system.ftpServer/security/authentication',
    scope: 'section', levels: ['server'], evidence: 'medium',
    summary: 'Global FTP authentication is documented for server level only; per-site FTP authentication lives in sites/site/ftpServer/security/authentication.',
    doc: 'system.ftpServer/security/authentication',
    source: 'IIS configuration reference, system.ftpServer/security/authentication ("configured at the server level")',
  },
  {
    section: 'system.ftpServer/providerDefinitions',
    scope: 'section', levels: ['server'], evidence: 'medium',
    summary: 'FTP provider definitions are documented for the global level of applicationHost.config only.',
    doc: 'system.ftpServer/providerDefinitions',
    source: 'IIS configuration reference, system.ftpServer/providerDefinitions ("configured at the global level in ApplicationHost.config")',
  },
  {
    section: 'system.webServer/security/authentication/clientCertificateMappingAuthentication',
    scope: 'section', levels: ['server'], evidence: 'weak', onlyWhen: { attribute: 'enabled', value: 'true' },
    summary: 'Active Directory client certificate mapping relies on the DS mapper of the HTTPS binding, which is a server-wide setting; the reference documents enabling it only for a server.',
    doc: 'system.webServer/security/authentication/clientCertificateMappingAuthentication',
    source: 'IIS configuration reference, clientCertificateMappingAuthentication (only How-To: "for a server"); TechNet cc780105 (IIS 6: DS mapping only at the master level). Only enabling it is reported: enabled="false" below the server repeats the default and changes nothing',
  },
];

// Not in the table, on purpose:
// - system.ftpServer/security/ipSecurity: the reference names site and URL level only, but stock
//   applicationHost.config files carry a server-level default, so the omission reads as imprecise wording.
// - system.webServer/fastCgi: the reference is *wider* than the declaration (AppHostOnly); the declaration wins.

const bySection = new Map<string, RuntimeLevelRow[]>();
for (const row of RUNTIME_LEVELS) {
  const list = bySection.get(row.section) ?? [];
  list.push(row);
  bySection.set(row.section, list);
}

export function runtimeLevelRows(section: string): readonly RuntimeLevelRow[] {
  return bySection.get(section) ?? [];
}

/**
 * Does IIS ignore the row's part of a section set at a place of these candidate levels? `inAppHost`: the place is in
 * applicationHost.config. Ignored only when every level the place may be is outside the levels IIS reads (and, for
 * applicationHost.config-only rows, whenever the place is a web.config).
 */
export function ignoredAt(row: RuntimeLevelRow, candidates: readonly LevelKind[], inAppHost: boolean): false | 'webConfig' | 'level' {
  if (row.appHostOnly && !inAppHost) return 'webConfig';
  if (candidates.some((c) => row.levels.includes(c))) return false;
  return 'level';
}
