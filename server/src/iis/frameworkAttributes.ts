/**
 * Attributes of .NET Framework configuration sections (system.web/*, …) that
 * .NET versions newer than the IIS 10 schema snapshot (2015, ASPNET_schema.xml
 * and FX_schema.xml) accept. .NET, not IIS, reads these sections, so an
 * attribute .NET knows is valid even when the bundled IIS schema lacks it.
 *
 * Each row names the .NET version that added it.
 */
export interface FrameworkAttribute {
  /** Section path, plus the element path inside it ('' for the section element). */
  readonly section: string;
  readonly element: string;
  readonly attribute: string;
  readonly since: string;
}

export const NEWER_FRAMEWORK_ATTRIBUTES: readonly FrameworkAttribute[] = [
  // SameSite cookie support (.NET Framework 4.7.2, and the November 2019 updates that changed its default).
  { section: 'system.web/httpCookies', element: '', attribute: 'sameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/sessionState', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/authentication', element: 'forms', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/anonymousIdentification', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/roleManager', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
];

export function isNewerFrameworkAttribute(section: string, elementPath: readonly string[], attribute: string): boolean {
  const element = elementPath.join('/');
  return NEWER_FRAMEWORK_ATTRIBUTES.some((r) => r.section === section && r.element === element && r.attribute === attribute);
}
