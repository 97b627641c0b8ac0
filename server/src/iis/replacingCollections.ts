/**
 * Collections whose runtime reader lets a later `<add>` replace an entry with
 * the same key instead of failing. The schema files do not say so (they mark
 * no `allowDuplicates` there), so the facts live here, each with its source.
 *
 * Key: section path, then the element path inside the section ('' for a
 * collection on the section element itself).
 */
const REPLACING: Readonly<Record<string, string>> = {
  'appSettings|': '.NET reads <appSettings> into a KeyValueConfigurationCollection, which overrides ThrowOnDuplicate to false: an <add> with a key that is already present (in the same file or inherited) replaces the value (dotnet/runtime, System.Configuration.ConfigurationManager, KeyValueConfigurationCollection.cs; ASP.NET MVC templates rely on it with webpages:Enabled in Views/web.config).',
};

/** The source that says duplicates replace earlier entries in this collection, if any. */
export function duplicatesReplace(sectionPath: string, elementPath: readonly string[]): string | undefined {
  return REPLACING[`${sectionPath}|${elementPath.join('/')}`];
}
