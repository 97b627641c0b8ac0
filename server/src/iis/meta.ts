/**
 * Attributes the configuration system itself understands on any section or
 * element, whatever the section's schema says (locking, redirection,
 * encryption, XML namespaces, XML Document Transform).
 */
const META_ATTRIBUTES = new Set([
  'lockAttributes', 'lockAllAttributesExcept', 'lockElements', 'lockAllElementsExcept', 'lockItem',
  'configSource', 'configProtectionProvider', 'xmlns',
]);

export function isMetaAttribute(name: string): boolean {
  return META_ATTRIBUTES.has(name) || name.startsWith('xmlns:') || name.startsWith('xdt:');
}
