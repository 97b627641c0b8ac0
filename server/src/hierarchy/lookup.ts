/**
 * Constant-time lookups from an element to its place in a ConfigFile (the
 * section instance or `<location>` it is), built once per file on first use.
 * For requests on large files (hover), where scanning every section of a
 * hosting server's applicationHost.config per request costs milliseconds.
 */
import type { XmlElement } from '../syntax/xml';
import { elementStartingAt } from '../syntax/nodeIndex';
import type { ConfigFile, LocationInfo, SectionInstance, UnknownSectionElement } from './configFile';

/** A lookup from element to the first item naming it, built once per file. */
function indexer<T extends { readonly element: XmlElement }>(items: (file: ConfigFile) => readonly T[]): (file: ConfigFile, el: XmlElement) => T | undefined {
  const indexes = new WeakMap<ConfigFile, Map<XmlElement, T>>();
  return (file, el) => {
    let index = indexes.get(file);
    if (!index) {
      index = new Map();
      for (const item of items(file)) if (!index.has(item.element)) index.set(item.element, item);
      indexes.set(file, index);
    }
    return index.get(el);
  };
}

/** The (first) section instance whose element is `el`. */
export const sectionOf: (file: ConfigFile, el: XmlElement) => SectionInstance | undefined = indexer((f) => f.sections);

/** The (first) `<location>` whose element is `el`. */
export const locationOf: (file: ConfigFile, el: XmlElement) => LocationInfo | undefined = indexer((f) => f.locations);

/** The (first) unknown section-level element whose element is `el`. */
export const unknownSectionOf: (file: ConfigFile, el: XmlElement) => UnknownSectionElement | undefined = indexer((f) => f.unknownSections);

/** The section instance whose element starts at `start` (quick fixes keep offsets in their diagnostic's data). */
export function sectionStartingAt(file: ConfigFile, start: number): SectionInstance | undefined {
  const el = elementStartingAt(file.doc, start);
  return el && sectionOf(file, el);
}
