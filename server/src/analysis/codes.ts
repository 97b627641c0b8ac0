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
