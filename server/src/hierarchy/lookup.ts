/**
 * Constant-time lookups from an element to its place in a ConfigFile (the
 * section instance or `<location>` it is), built once per file on first use.
 * For requests on large files (hover), where scanning every section of a
 * hosting server's applicationHost.config per request costs milliseconds.
 */
import type { XmlElement } from '../syntax/xml';
import type { ConfigFile, LocationInfo, SectionInstance } from './configFile';

const sectionIndexes = new WeakMap<ConfigFile, Map<XmlElement, SectionInstance>>();
const locationIndexes = new WeakMap<ConfigFile, Map<XmlElement, LocationInfo>>();

/** The (first) section instance whose element is `el`. */
export function sectionOf(file: ConfigFile, el: XmlElement): SectionInstance | undefined {
  let index = sectionIndexes.get(file);
  if (!index) {
    index = new Map();
    for (const s of file.sections) if (!index.has(s.element)) index.set(s.element, s);
    sectionIndexes.set(file, index);
  }
  return index.get(el);
}

/** The (first) `<location>` whose element is `el`. */
export function locationOf(file: ConfigFile, el: XmlElement): LocationInfo | undefined {
  let index = locationIndexes.get(file);
  if (!index) {
    index = new Map();
    for (const l of file.locations) if (!index.has(l.element)) index.set(l.element, l);
    locationIndexes.set(file, index);
  }
  return index.get(el);
}
