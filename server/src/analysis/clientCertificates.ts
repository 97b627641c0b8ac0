/**
 * Shared facts and helpers for the client-certificate rules: section paths,
 * `access/@sslFlags` reading, which mapping sections IIS actually reads
 * (runtime-level table), and the effective settings of a file (cached per
 * analysed file).
 *
 * Facts: ../shared/reference/notes/05-client-cert-mapping.md (schema of the
 * mapping sections and of access/@sslFlags; the runtime level of
 * iisClientCertificateMappingAuthentication; the DS mapper for Active
 * Directory mapping).
 */
import { shown } from '../util/strings';
import type { ConfigFile, SectionInstance } from '../hierarchy/configFile';
import { EffectiveSettings, Scope } from '../hierarchy/effectiveSettings';
import type { SchemaRegistry } from '../iis/schemaLoader';
import { runtimeLevelRows } from '../iis/runtimeLevels';

const AUTH = 'system.webServer/security/authentication/';
export const IIS_MAPPING = AUTH + 'iisClientCertificateMappingAuthentication';
export const AD_MAPPING = AUTH + 'clientCertificateMappingAuthentication';
export const ANONYMOUS = AUTH + 'anonymousAuthentication';
export const BASIC = AUTH + 'basicAuthentication';
export const DIGEST = AUTH + 'digestAuthentication';
export const WINDOWS = AUTH + 'windowsAuthentication';
export const ACCESS = 'system.webServer/security/access';

/** sslFlags values (schema: None=0, Ssl=8, SslNegotiateCert=32, SslRequireCert=64, Ssl128=256). */
const FLAG_BITS: Readonly<Record<string, number>> = { none: 0, ssl: 8, sslnegotiatecert: 32, sslrequirecert: 64, ssl128: 256 };

export interface SslFlags {
  readonly ssl: boolean;
  readonly negotiateCert: boolean;
  readonly requireCert: boolean;
  /** IIS asks the client for a certificate (SslNegotiateCert or SslRequireCert). */
  readonly asksForCertificate: boolean;
}

/**
 * Reads an sslFlags value: comma-separated flag names (any letter case, as the
 * configuration system accepts them) or a number. Names the schema does not
 * have (SslMapCert) are left to the invalid-value rule and count for nothing here.
 */
export function parseSslFlags(value: string): SslFlags {
  let bits = 0;
  const v = value.trim();
  if (/^\d+$/.test(v)) bits = Number(v);
  else for (const t of v.split(',')) bits |= FLAG_BITS[t.trim().toLowerCase()] ?? 0;
  const negotiateCert = (bits & 32) !== 0, requireCert = (bits & 64) !== 0;
  return { ssl: (bits & 8) !== 0, negotiateCert, requireCert, asksForCertificate: negotiateCert || requireCert };
}

/**
 * Is this section instance read by IIS where it is? False when the runtime-level
 * table has strong evidence that IIS ignores the whole section at this level
 * (the iisClientCertificateMappingAuthentication row). Weaker rows, and rows
 * that only cover some attributes, do not count here.
 */
export function isReadWhereItIs(section: SectionInstance, inAppHost: boolean): boolean {
  for (const row of runtimeLevelRows(section.path)) {
    if (row.scope !== 'section' || row.evidence !== 'strong' || row.onlyWhen) continue;
    if (row.appHostOnly && !inAppHost) return false;
    if (!section.level.candidates.some((c) => row.levels.includes(c))) return false;
  }
  return true;
}

const cache = new WeakMap<ConfigFile, EffectiveSettings>();

/** The effective settings of an analysed file (built once per file model). */
export function effectiveSettings(file: ConfigFile, schema: SchemaRegistry): EffectiveSettings {
  let s = cache.get(file);
  if (!s) {
    // The previous version of the file (incremental analysis), when its settings were built: reuse its scopes.
    const basis = file.basis && cache.get(file.basis);
    s = new EffectiveSettings(file, schema, basis);
    cache.set(file, s);
    (file as { basis?: ConfigFile }).basis = undefined;
  }
  return s;
}

/** Plain-text name of a scope for messages: `server level`, `<location path="Site/App">`, `this web.config`. */
export function scopeName(scope: Scope | undefined, file: ConfigFile): string {
  if (!scope || scope.key === '') return file.kind === 'applicationHost' ? 'server level' : 'this web.config';
  return `<location path="${shown(scope.path, 40)}">`;
}

/** Where a section instance is, for messages. */
export function instancePlace(section: SectionInstance | undefined, file: ConfigFile): string {
  if (!section) return 'the schema default';
  if (section.location) return `<location path="${shown(section.location.path, 40)}">`;
  return file.kind === 'applicationHost' ? 'server level' : 'this web.config';
}

export function isTrue(value: string): boolean {
  return value.trim().toLowerCase() === 'true';
}
