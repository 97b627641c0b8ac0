/**
 * Explanations for attribute values that look plausible (they appear in old
 * documentation or in other products) but that the IIS 7+ schema rejects.
 * The generic `invalid-value` rule appends the note to its message.
 *
 * One entry per (section, attribute, value token); wording is ours, facts are
 * cited per entry. Keep notes to one or two plain-text sentences.
 */

interface ValueNoteEntry {
  /** Section path, e.g. system.webServer/security/access. */
  readonly section: string;
  readonly attribute: string;
  /** The offending token (for flags: one of the comma-separated names), compared case-insensitively. */
  readonly token: string;
  readonly note: string;
  readonly source: string;
}

const HTTP_ERRORS_VOCABULARY = 'IIS\'s <httpErrors> says Custom, Detailed and DetailedLocalOnly for what ASP.NET\'s <customErrors> calls On, Off and RemoteOnly.';
const HTTP_ERRORS_SOURCE = 'IIS configuration reference, httpErrors (errorMode: DetailedLocalOnly, Custom, Detailed); ASP.NET reference, customErrors (mode: On, Off, RemoteOnly)';

const NOTES: readonly ValueNoteEntry[] = [
  ...['On', 'Off', 'RemoteOnly'].map((token) => ({
    section: 'system.webServer/httpErrors', attribute: 'errorMode', token, note: HTTP_ERRORS_VOCABULARY, source: HTTP_ERRORS_SOURCE,
  })),
  {
    section: 'system.webServer/security/access',
    attribute: 'sslFlags',
    token: 'SslMapCert',
    note: 'SslMapCert is a flag of the IIS 6 metabase; no IIS 7 or later schema has it (the flags are None, Ssl, SslNegotiateCert, SslRequireCert and Ssl128). ' +
      'Certificate mapping is switched on by the <iisClientCertificateMappingAuthentication> section (or <clientCertificateMappingAuthentication> for Active Directory mapping), not by sslFlags.',
    source: 'IIS schema (IIS_schema.xml, access/@sslFlags, identical from IIS 7.0 to IIS 10) against the access reference page, which still lists SslMapCert; see ../shared/reference/notes/05-client-cert-mapping.md §5.3',
  },
];

/**
 * Our explanation for an invalid `value` of `attributeName` in `sectionPath`,
 * or undefined when there is nothing to add. For flags attributes every
 * comma-separated token is looked at.
 */
export function valueNote(sectionPath: string, attributeName: string, value: string): string | undefined {
  const tokens = value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const notes: string[] = [];
  for (const n of NOTES) {
    if (n.section !== sectionPath || n.attribute !== attributeName) continue;
    if (tokens.includes(n.token.toLowerCase())) notes.push(n.note);
  }
  return notes.length ? notes.join(' ') : undefined;
}

/**
 * Values that belong to another attribute's vocabulary, and the value this attribute uses for the same thing: the
 * quick fix of invalid-value offers it first. One entry per (section, attribute).
 */
const SYNONYMS: ReadonlyArray<{ section: string; attribute: string; map: Readonly<Record<string, string>>; source: string }> = [
  {
    // <customErrors mode="On|Off|RemoteOnly"> (ASP.NET) against <httpErrors errorMode="Custom|Detailed|DetailedLocalOnly"> (IIS).
    section: 'system.webServer/httpErrors', attribute: 'errorMode', map: { on: 'Custom', off: 'Detailed', remoteonly: 'DetailedLocalOnly' },
    source: 'IIS configuration reference, httpErrors (errorMode) and ASP.NET customErrors (mode): the same three behaviours under two vocabularies',
  },
];

/** The value this attribute uses for what `value` means in a sibling vocabulary (customErrors' "On" → httpErrors' "Custom"). */
export function valueSynonym(sectionPath: string, attributeName: string, value: string): string | undefined {
  const e = SYNONYMS.find((s) => s.section === sectionPath && s.attribute === attributeName);
  return e?.map[value.trim().toLowerCase()];
}
