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

/** One section's part of the index: its places in document order and the elements its schema does not know. */
export interface SectionRecord extends SectionWalk {
  readonly places: readonly SchemaPlace[];
  readonly unknown: readonly UnknownChild[];
  /** The places of `places` by element. */
  readonly byElement: ReadonlyMap<XmlElement, SchemaPlace>;
  /** The `stamp` of the latest index this record belongs to. */
  stamp?: object;
}

export interface SchemaIndex {
  readonly sections: readonly SectionRecord[];
  /** Every element with a known schema position, in document order. */
  readonly places: readonly SchemaPlace[];
  readonly unknown: readonly UnknownChild[];
  placeOf(el: XmlElement): SchemaPlace | undefined;
  /** Is `el` one of `unknown` (a child its parent's schema does not have)? */
  isUnknown(el: XmlElement): boolean;
  /** The record of a section element. */
  recordOf(sectionElement: XmlElement): SectionRecord | undefined;
  /** The record of a section instance of the file (constant time). */
  recordOfSection(section: SectionInstance): SectionRecord | undefined;
  /**
   * For an index built from a previous one: per record (same order as `sections`), the same section's record in the
   * previous version (the record itself when nothing inside the section changed), undefined for a new section.
   */
  readonly previous?: readonly (SectionRecord | undefined)[];
  /** For an index built from a previous one: the records walked again or new, with the previous record (if any). */
  readonly rebuilt?: readonly { readonly record: SectionRecord; readonly old: SectionRecord | undefined }[];
  /** Unique to this index: its records carry it (a record of a section that is gone keeps an old one). */
  readonly stamp: object;
}

/** What an incremental rebuild may reuse: the previous index, and the elements whose subtrees changed. */
export interface SchemaIndexReuse {
  readonly prev: SchemaIndex;
  readonly changed: ReadonlySet<XmlElement>;
  /** Filled with the places created (not reused) by this build, for the records that were walked again. */
  readonly fresh?: Set<SchemaPlace>;
  /** An element whose place the caller wants (the parent of the re-parsed nodes): set in `found.place`. */
  readonly watch?: { readonly element: XmlElement; place?: SchemaPlace };
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
export function schemaIndex(file: ConfigFile, registry: SchemaRegistry, reuse?: SchemaIndexReuse): SchemaIndex {
  let byRegistry = cache.get(file);
  if (!byRegistry) cache.set(file, (byRegistry = new WeakMap()));
  let index = byRegistry.get(registry);
  if (!index) byRegistry.set(registry, (index = buildIndex(file, registry, reuse)));
  return index;
}

/**
 * The latest record of every section instance, per schema: an instance is reused by the next version of its file
 * when nothing about it changed, and so is its record when nothing inside it changed.
 */
const latestRecords = new WeakMap<SchemaRegistry, WeakMap<SectionInstance, SectionRecord>>();

function buildIndex(file: ConfigFile, registry: SchemaRegistry, reuse?: SchemaIndexReuse): SchemaIndex {
  let latest = latestRecords.get(registry);
  if (!latest) latestRecords.set(registry, (latest = new WeakMap()));
  let byElement = recordsByElement.get(registry);
  if (!byElement) recordsByElement.set(registry, (byElement = new WeakMap()));
  return (reuse && splicedIndex(file, registry, reuse, latest, byElement)) ?? fullIndex(file, registry, reuse, latest, byElement);
}

/** The latest record of every section element, per schema (see `recordOf`: a record counts if it carries the index's stamp). */
const recordsByElement = new WeakMap<SchemaRegistry, WeakMap<XmlElement, SectionRecord>>();

/** Every section of the file in turn: a record reused when nothing inside its section changed, else walked again. */
function fullIndex(file: ConfigFile, registry: SchemaRegistry, reuse: SchemaIndexReuse | undefined,
  latest: WeakMap<SectionInstance, SectionRecord>, byElement: WeakMap<XmlElement, SectionRecord>): SchemaIndex {
  const records: SectionRecord[] = [];
  const previous: Array<SectionRecord | undefined> = [];
  const rebuilt: Array<{ record: SectionRecord; old: SectionRecord | undefined }> = [];
  const stamp = {};
  for (const section of file.sections) {
    const old = reuse ? latest.get(section) : undefined;
    let record: SectionRecord;
    if (old && !reuse!.changed.has(section.element)) record = old;
    else {
      record = walkSection(section, registry, old, reuse?.fresh, reuse?.watch);
      latest.set(section, record);
      if (reuse) rebuilt.push({ record, old });
    }
    record.stamp = stamp;
    byElement.set(section.element, record);
    records.push(record);
    previous.push(old);
  }
  return makeIndex(file, records, () => previous, rebuilt, stamp, latest, byElement);
}

/**
 * The index of the next version of the previous index's file when the sections of one top-level element (one
 * `<location>`, or one section or group outside any) changed and nothing else did: the previous list of records with
 * that element's records replaced, in time proportional to that element's sections (plus a copy of the list). The
 * index keeps the previous stamp, and the records it drops get another, so "carries the index's stamp" still means
 * "is in the index". Undefined when that does not apply (a full rebuild, reusing records, follows).
 */
function splicedIndex(file: ConfigFile, registry: SchemaRegistry, reuse: SchemaIndexReuse,
  latest: WeakMap<SectionInstance, SectionRecord>, byElement: WeakMap<XmlElement, SectionRecord>): SchemaIndex | undefined {
  const delta = file.delta;
  const prev = reuse.prev as SchemaIndex & { readonly fileStamp?: object };
  if (!delta || file.kind === 'web' || delta.structural || !delta.paths || delta.changed.length !== 1 || prev.fileStamp !== delta.from) return undefined;
  const top = delta.changed[0];
  const part = file.parts.get(top);
  if (!part || part.stamp !== file.partsStamp) return undefined;
  const oldSections = delta.replaced[0]?.sections ?? [];
  const list = prev.sections;
  // Where the element's records start: sections before it end before it starts (their offsets did not move), those
  // inside and after it start after its start.
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].section.element.start < top.start) lo = mid + 1; else hi = mid;
  }
  if (lo + oldSections.length > list.length) return undefined;
  for (let k = 0; k < oldSections.length; k++) if (list[lo + k].section !== oldSections[k] || list[lo + k].stamp !== prev.stamp) return undefined;
  // The neighbours are outside the element, on either side (the list is in document order).
  const end = lo + oldSections.length;
  if (lo > 0 && (list[lo - 1].section.element.end > top.start || topLevelElement(list[lo - 1].section.element) === top)) return undefined;
  if (end < list.length && (list[end].section.element.start < top.end || topLevelElement(list[end].section.element) === top)) return undefined;

  const stamp = prev.stamp;
  const slice: SectionRecord[] = [];
  const olds: Array<SectionRecord | undefined> = [];
  const rebuilt: Array<{ record: SectionRecord; old: SectionRecord | undefined }> = [];
  for (const section of part.sections) {
    const old = latest.get(section);
    let record: SectionRecord;
    if (old && old.stamp === stamp && !reuse.changed.has(section.element)) record = old;
    else {
      record = walkSection(section, registry, old, reuse.fresh, reuse.watch);
      latest.set(section, record);
      rebuilt.push({ record, old });
    }
    slice.push(record);
    olds.push(old);
  }
  // The records dropped (sections gone, or walked again) leave the index.
  const kept = new Set(slice);
  const gone = {};
  for (let k = lo; k < end; k++) if (!kept.has(list[k])) list[k].stamp = gone;
  for (const record of slice) { record.stamp = stamp; byElement.set(record.section.element, record); }
  const records = list.slice(0, lo).concat(slice, list.slice(end));
  const previous = () => {
    const out: Array<SectionRecord | undefined> = list.slice(0, lo);
    for (const o of olds) out.push(o);
    for (let k = end; k < list.length; k++) out.push(list[k]);
    return out;
  };
  return makeIndex(file, records, previous, rebuilt, stamp, latest, byElement);
}

/** The top-level element (a child of the root) that contains `el`. */
function topLevelElement(el: XmlElement): XmlElement {
  let e = el;
  while (e.parent && e.parent.parent) e = e.parent;
  return e;
}

function makeIndex(file: ConfigFile, records: readonly SectionRecord[], previousOf: () => readonly (SectionRecord | undefined)[],
  rebuilt: readonly { readonly record: SectionRecord; readonly old: SectionRecord | undefined }[], stamp: object,
  latest: WeakMap<SectionInstance, SectionRecord>, byElement: WeakMap<XmlElement, SectionRecord>): SchemaIndex & { readonly fileStamp: object } {
  let places: SchemaPlace[] | undefined, unknown: UnknownChild[] | undefined, previous: readonly (SectionRecord | undefined)[] | undefined;
  const recordOf = (el: XmlElement) => {
    const r = byElement.get(el);
    return r && r.stamp === stamp ? r : undefined;
  };
  return {
    sections: records,
    get previous() { return (previous ??= previousOf()); },
    rebuilt,
    stamp,
    fileStamp: file.stamp,
    get places() {
      if (!places) {
        places = [];
        for (const r of records) for (const p of r.places) places.push(p);
        // Sections come in document order and each walk is depth-first in document order: usually nothing to sort.
        if (!inOrder(places)) places.sort((x, y) => x.element.start - y.element.start);
      }
      return places;
    },
    get unknown() {
      if (!unknown) {
        unknown = [];
        for (const r of records) for (const u of r.unknown) unknown.push(u);
        if (!inOrder(unknown)) unknown.sort((x, y) => x.element.start - y.element.start);
      }
      return unknown;
    },
    placeOf(el) {
      // The section element above `el` (sections are a few levels below the root), then its record.
      for (let e: XmlElement | undefined = el; e; e = e.parent) {
        const r = recordOf(e);
        if (r) return r.byElement.get(el);
      }
      return undefined;
    },
    isUnknown(el) {
      for (let e = el.parent; e; e = e.parent) {
        const r = recordOf(e);
        if (r) return r.unknown.some((u) => u.element === el);
      }
      return false;
    },
    recordOf,
    recordOfSection: (section) => latest.get(section),
  };
}

/**
 * The places of one section, depth first in document order (iteratively). With the section's previous record, a
 * place whose element and parent place are unchanged is reused (its schema node is the same).
 */
function walkSection(section: SectionInstance, registry: SchemaRegistry, old: SectionRecord | undefined, fresh: Set<SchemaPlace> | undefined,
  watch?: { readonly element: XmlElement; place?: SchemaPlace }): SectionRecord {
  const content = sectionContent(section, registry);
  const schema = registry.get(section.path);
  const places: SchemaPlace[] = [];
  const unknown: UnknownChild[] = [];
  if (content === 'checked' && schema) {
    // The latest place made for each element (a place is made once per element, in the walk of its section's latest
    // record): with the section's previous record, the same as that record's place of the element, without indexing it.
    let previous = latestPlaces.get(registry);
    if (!previous) latestPlaces.set(registry, (previous = new WeakMap()));
    const made = previous;
    let root = old ? previous.get(section.element) : undefined;
    if (!root || root.parent !== undefined || root.section !== section) {
      root = new Place(section.element, registry.node(section.path)!, section, schema, undefined);
      fresh?.add(root);
      made.set(section.element, root);
    }
    const stack: SchemaPlace[] = [root];
    const kids: SchemaPlace[] = [];
    while (stack.length) {
      const place = stack.pop()!;
      places.push(place);
      if (watch && place.element === watch.element) watch.place = place;
      kids.length = 0;
      for (const c of place.element.children) {
        if (c.type !== 'element') continue;
        const was = old ? previous.get(c) : undefined;
        if (was && was.parent === place) { kids.push(was); continue; }
        const node = childSchema(place.node, c.name);
        if (!node) { unknown.push({ element: c, parent: place }); continue; }
        const created = new Place(c, node, section, schema, place);
        fresh?.add(created);
        made.set(c, created);
        kids.push(created);
      }
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
  return new Record(section, content, schema, places, unknown);
}

const latestPlaces = new WeakMap<SchemaRegistry, WeakMap<XmlElement, SchemaPlace>>();

/** A schema place; its path (element names from the section down) is built when first asked for. */
class Place implements SchemaPlace {
  private names: readonly string[] | undefined;
  constructor(
    readonly element: XmlElement, readonly node: SchemaNode, readonly section: SectionInstance,
    readonly sectionSchema: SectionSchema, readonly parent: SchemaPlace | undefined,
  ) {}

  get path(): readonly string[] {
    return (this.names ??= this.parent ? [...this.parent.path, this.element.name] : []);
  }
}

/** A section's record; its places by element are indexed when first asked for (hover, an incremental rebuild). */
class Record implements SectionRecord {
  private index: Map<XmlElement, SchemaPlace> | undefined;
  stamp?: object;
  constructor(
    readonly section: SectionInstance, readonly content: SectionContent, readonly schema: SectionSchema | undefined,
    readonly places: readonly SchemaPlace[], readonly unknown: readonly UnknownChild[],
  ) {}

  get byElement(): ReadonlyMap<XmlElement, SchemaPlace> {
    if (!this.index) {
      this.index = new Map();
      for (const p of this.places) this.index.set(p.element, p);
    }
    return this.index;
  }
}

function inOrder(list: ReadonlyArray<{ readonly element: XmlElement }>): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1].element.start > list[i].element.start) return false;
  return true;
}

/** The docs key of a place: `section/child/add` (directive names as written). */
export function placeKey(place: Pick<SchemaPlace, 'section' | 'path'>): string {
  return [place.section.path, ...place.path].join('/');
}
