/**
 * The schema position of every element of a file's sections: which schema
 * node (section, element, collection entry, remove/clear directive) each XML
 * element is, which elements the schema does not know, and which sections are
 * not checked at all (and why). Built once per analysis and shared by the
 * schema rules, hover and completion.
 *
 * A section's content is not checked when:
 * - it has no schema (declared, but no `<sectionSchema>`: system.serviceModel,
 *   system.web.extensions, custom sections);
 * - its declaration says IIS never interprets it (custom .NET sections declared
 *   with a type in `<configSections>`, runtime/assemblyBinding, …);
 * - it is redirected (`configSource`): the element must be empty;
 * - it is encrypted (`configProtectionProvider`): the content is `<EncryptedData>`.
 */
import type { ConfigFile, SectionInstance } from '../hierarchy/configFile';
import type { XmlElement } from '../syntax/xml';
import { getAttribute } from '../syntax/xml';
import { SchemaNode, SchemaRegistry, childSchema } from '../iis/schemaLoader';
import type { SectionSchema } from '../iis/schema';

export type SectionContent = 'checked' | 'noSchema' | 'unchecked' | 'configSource' | 'encrypted';

export interface SchemaPlace {
  readonly element: XmlElement;
  readonly node: SchemaNode;
  readonly section: SectionInstance;
  readonly sectionSchema: SectionSchema;
  /** Element names from the section element (excluded) down to this element. */
  readonly path: readonly string[];
  readonly parent: SchemaPlace | undefined;
}

export interface UnknownChild {
  readonly element: XmlElement;
  /** The place of the parent element, whose schema has no child of this name. */
  readonly parent: SchemaPlace;
}

export interface SectionWalk {
  readonly section: SectionInstance;
  readonly content: SectionContent;
  readonly schema: SectionSchema | undefined;
}

export interface SchemaIndex {
  readonly sections: readonly SectionWalk[];
  /** Every element with a known schema position, in document order. */
  readonly places: readonly SchemaPlace[];
  readonly unknown: readonly UnknownChild[];
  placeOf(el: XmlElement): SchemaPlace | undefined;
  /** Is `el` one of `unknown` (a child its parent's schema does not have)? */
  isUnknown(el: XmlElement): boolean;
}

/** Is the section read by .NET (its schema mirrors a .NET configuration class)? */
export function isManagedSection(schema: SectionSchema | undefined): boolean {
  return !!schema?.sources.some((s) => /^(ASPNET|FX)_schema\.xml$/i.test(s));
}

export function sectionContent(section: SectionInstance, registry: SchemaRegistry): SectionContent {
  const el = section.element;
  if (getAttribute(el, 'configSource')) return 'configSource';
  if (getAttribute(el, 'configProtectionProvider')) return 'encrypted';
  if (section.declaration.contentUnchecked) return 'unchecked';
  if (!registry.get(section.path)) return 'noSchema';
  return 'checked';
}

const cache = new WeakMap<ConfigFile, WeakMap<SchemaRegistry, SchemaIndex>>();

/** The schema index of a file (cached per file and schema). */
export function schemaIndex(file: ConfigFile, registry: SchemaRegistry): SchemaIndex {
  let byRegistry = cache.get(file);
  if (!byRegistry) cache.set(file, (byRegistry = new WeakMap()));
  let index = byRegistry.get(registry);
  if (!index) byRegistry.set(registry, (index = buildIndex(file, registry)));
  return index;
}

function buildIndex(file: ConfigFile, registry: SchemaRegistry): SchemaIndex {
  const sections: SectionWalk[] = [];
  const places: SchemaPlace[] = [];
  const unknown: UnknownChild[] = [];
  const byElement = new Map<XmlElement, SchemaPlace>();
  for (const section of file.sections) {
    const content = sectionContent(section, registry);
    const schema = registry.get(section.path);
    sections.push({ section, content, schema });
    if (content !== 'checked' || !schema) continue;
    const root: SchemaPlace = { element: section.element, node: registry.node(section.path)!, section, sectionSchema: schema, path: [], parent: undefined };
    // Iterative depth-first walk in document order.
    const stack: SchemaPlace[] = [root];
    while (stack.length) {
      const place = stack.pop()!;
      places.push(place);
      byElement.set(place.element, place);
      const kids: SchemaPlace[] = [];
      for (const c of place.element.children) {
        if (c.type !== 'element') continue;
        const node = childSchema(place.node, c.name);
        if (!node) { unknown.push({ element: c, parent: place }); continue; }
        kids.push({ element: c, node, section, sectionSchema: schema, path: [...place.path, c.name], parent: place });
      }
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
  // Sections come in document order and each walk is depth-first in document order: usually nothing to sort.
  if (!inOrder(places)) places.sort((a, b) => a.element.start - b.element.start);
  if (!inOrder(unknown)) unknown.sort((a, b) => a.element.start - b.element.start);
  let unknownSet: Set<XmlElement> | undefined;
  return {
    sections, places, unknown, placeOf: (el) => byElement.get(el),
    isUnknown: (el) => (unknownSet ??= new Set(unknown.map((u) => u.element))).has(el),
  };
}

function inOrder(list: ReadonlyArray<{ readonly element: XmlElement }>): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1].element.start > list[i].element.start) return false;
  return true;
}

/** The docs key of a place: `section/child/add` (directive names as written). */
export function placeKey(place: Pick<SchemaPlace, 'section' | 'path'>): string {
  return [place.section.path, ...place.path].join('/');
}
