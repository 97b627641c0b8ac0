/**
 * Where .NET's own configuration classes differ from IIS's copy of their
 * schema (ASPNET_schema.xml and FX_schema.xml, the IIS 10 snapshot of 2015,
 * much of it from the .NET 2.0 era). .NET, not IIS, reads these sections, so
 * .NET's classes decide:
 * - attributes and elements that newer .NET Framework versions added are
 *   valid even when the bundled schema lacks them;
 * - a few attributes the IIS copy marks required are optional in .NET.
 *
 * Each row names the .NET Framework version that added it (or why it is optional).
 */
export interface FrameworkAttribute {
  /** Section path, plus the element path inside it ('' for the section element). */
  readonly section: string;
  readonly element: string;
  readonly attribute: string;
  readonly since: string;
}

export const NEWER_FRAMEWORK_ATTRIBUTES: readonly FrameworkAttribute[] = [
  // SameSite cookie support (.NET Framework 4.7.2).
  { section: 'system.web/httpCookies', element: '', attribute: 'sameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/sessionState', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/authentication', element: 'forms', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/anonymousIdentification', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  { section: 'system.web/roleManager', element: '', attribute: 'cookieSameSite', since: '.NET Framework 4.7.2' },
  // SMTP over SSL and SPN settings (SmtpNetworkElement, .NET Framework 4.0); the mail format (SmtpSection, 4.5).
  { section: 'system.net/mailSettings/smtp', element: 'network', attribute: 'enableSsl', since: '.NET Framework 4.0' },
  { section: 'system.net/mailSettings/smtp', element: 'network', attribute: 'targetName', since: '.NET Framework 4.0' },
  { section: 'system.net/mailSettings/smtp', element: 'network', attribute: 'clientDomain', since: '.NET Framework 4.0' },
  { section: 'system.net/mailSettings/smtp', element: '', attribute: 'deliveryFormat', since: '.NET Framework 4.5' },
  // ServicePointManagerElement.EncryptionPolicy (.NET Framework 4.0).
  { section: 'system.net/settings', element: 'servicePointManager', attribute: 'encryptionPolicy', since: '.NET Framework 4.0' },
];

/** Child elements newer .NET Framework versions added (their content is not checked). */
export const NEWER_FRAMEWORK_ELEMENTS: readonly FrameworkAttribute[] = [
  // SettingsSection: <httpListener> and <webUtility> (.NET Framework 4.5), <windowsAuthentication> (4.5.1).
  { section: 'system.net/settings', element: '', attribute: 'httpListener', since: '.NET Framework 4.5' },
  { section: 'system.net/settings', element: '', attribute: 'webUtility', since: '.NET Framework 4.5' },
  { section: 'system.net/settings', element: '', attribute: 'windowsAuthentication', since: '.NET Framework 4.5.1' },
];

/** Attributes the IIS copy marks required that .NET does not require. */
export const NOT_REQUIRED_IN_FRAMEWORK: readonly FrameworkAttribute[] = [
  // A listener <add name="…"/> may refer to a <sharedListeners> entry by name alone.
  { section: 'system.diagnostics', element: 'sources/source/listeners/add', attribute: 'type', since: 'shared listener reference' },
  { section: 'system.diagnostics', element: 'trace/listeners/add', attribute: 'type', since: 'shared listener reference' },
];

function has(list: readonly FrameworkAttribute[], section: string, elementPath: readonly string[], name: string): boolean {
  const element = elementPath.join('/');
  return list.some((r) => r.section === section && r.element === element && r.attribute === name);
}

export function isNewerFrameworkAttribute(section: string, elementPath: readonly string[], attribute: string): boolean {
  return has(NEWER_FRAMEWORK_ATTRIBUTES, section, elementPath, attribute);
}

/** `elementPath` is the parent's path inside the section; `name` the child element. */
export function isNewerFrameworkElement(section: string, elementPath: readonly string[], name: string): boolean {
  return has(NEWER_FRAMEWORK_ELEMENTS, section, elementPath, name);
}

export function isOptionalInFramework(section: string, elementPath: readonly string[], attribute: string): boolean {
  return has(NOT_REQUIRED_IN_FRAMEWORK, section, elementPath, attribute);
}
