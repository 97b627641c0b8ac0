/**
 * Collection entries as IIS sees them: the keys of `<add>` entries (unique key
 * or combined key, with the schema's defaults for key attributes that are not
 * written — a missing `subStatusCode` of an httpErrors `<error>` is -1), and
 * the effective list of a collection element after its `<remove>` and
 * `<clear>` directives are applied in document order.
 *
 * Key values compare as the schema says: case-insensitively unless the key
 * attribute is `caseSensitive`; numbers, booleans and enum names by value.
 *
 * Entries inherited from parent files (the configuration hierarchy) can be
 * passed in as `inherited`: they come first, `<clear>` drops them and
 * `<remove>` removes them, and an `<add>` with the key of an inherited entry
 * is a duplicate too (IIS answers 500.19 "Cannot add duplicate collection
 * entry" for both).
 */
import type { XmlElement } from '../syntax/xml';
import { getAttribute } from '../syntax/xml';
import type { AttributeSchema, CollectionSchema } from '../iis/schema';
import { collectionKeys, effectiveDefault } from '../iis/schemaLoader';
import { normalizeForKey } from '../iis/values';

export interface EntryKey {
  /** Normalised key: equal keys mean the same entry for IIS. */
  readonly key: string;
  /** For messages: `name "DefaultConnection"`, or `statusCode 404, subStatusCode -1`. */
  readonly text: string;
  /** The key attributes (one unique key, or the combined-key set). */
  readonly attributes: readonly AttributeSchema[];
  /** At least one key attribute is written on the element. */
  readonly explicit: boolean;
}

/** An entry of a collection: a local `<add>` (with its element) or one inherited from a parent file. */
export interface CollectionEntry {
  readonly key: EntryKey;
  /** The `<add>` element in this file; undefined for an inherited entry. */
  readonly element?: XmlElement;
  /** Where an inherited entry comes from (for related information). */
  readonly origin?: { readonly file: string; readonly start: number; readonly end: number };
}

export interface DuplicateEntry {
  /** The later entry, which IIS rejects. */
  readonly entry: CollectionEntry & { readonly element: XmlElement };
  /** The entry already in the collection with the same key (local or inherited). */
  readonly first: CollectionEntry;
}

export interface EffectiveCollection {
  /** Entries in effect at the end of the element, in order (inherited first). */
  readonly entries: readonly CollectionEntry[];
  readonly duplicates: readonly DuplicateEntry[];
  /** `<remove>` directives whose key matched nothing before them (no local or inherited entry). */
  readonly unmatchedRemoves: readonly { readonly element: XmlElement; readonly key: EntryKey }[];
  /** A `<clear>` was applied. */
  readonly cleared: boolean;
}

export interface EffectiveOptions {
  /** Entries the collection already has from parent files, in order. */
  readonly inherited?: readonly CollectionEntry[];
}

/** The key attributes of a collection (unique key, else the combined key set; [] when unkeyed). */
export function keyAttributes(collection: CollectionSchema): AttributeSchema[] {
  return collectionKeys(collection);
}

/**
 * The key of an `<add>` entry (or of a `<remove>` directive, whose attributes
 * are the keys). Undefined for an unkeyed collection.
 */
export function entryKey(collection: CollectionSchema, element: XmlElement): EntryKey | undefined {
  const attrs = collectionKeys(collection);
  if (!attrs.length) return undefined;
  const parts: string[] = [];
  const shown: string[] = [];
  let explicit = false;
  for (const a of attrs) {
    const written = getAttribute(element, a.name);
    if (written) explicit = true;
    const raw = written ? written.value : effectiveDefault(a) ?? '';
    parts.push(normalizeForKey(a, raw));
    shown.push(`${a.name} "${raw}"`);
  }
  return { key: JSON.stringify(parts), text: shown.join(', '), attributes: attrs, explicit };
}

/**
 * The effective entries of one collection element (`owner`: the element whose
 * children are the collection's directives), applying `<clear>`, `<remove>` and
 * `<add>` in order. Collections with `allowDuplicates` never have duplicates;
 * entries with no key attribute written at all are not compared (the rules
 * for required and unknown attributes speak about those).
 */
export function effectiveEntries(owner: XmlElement, collection: CollectionSchema, options: EffectiveOptions = {}): EffectiveCollection {
  let entries: CollectionEntry[] = [...(options.inherited ?? [])];
  // First entry in effect per key (kept in step with `entries`), and every entry in effect per key (for <remove>),
  // so large collections stay linear: a <remove> marks its entries dead instead of filtering the list.
  let firstByKey = new Map<string, CollectionEntry>();
  let allByKey = new Map<string, CollectionEntry[]>();
  const dead = new Set<CollectionEntry>();
  const track = (e: CollectionEntry) => {
    const list = allByKey.get(e.key.key);
    if (list) list.push(e); else allByKey.set(e.key.key, [e]);
  };
  for (const e of entries) { if (!firstByKey.has(e.key.key)) firstByKey.set(e.key.key, e); track(e); }
  // Entries of this file rejected as duplicates of an inherited entry, by key: a later entry of this file with the
  // same key is reported against the earlier one (two identical entries in one file are an error whatever the
  // parents hold), not against the inherited entry again.
  let rejectedLocal = new Map<string, CollectionEntry>();
  const duplicates: DuplicateEntry[] = [];
  const unmatchedRemoves: Array<{ element: XmlElement; key: EntryKey }> = [];
  let cleared = false;
  const keyed = collectionKeys(collection).length > 0;
  for (const c of owner.children) {
    if (c.type !== 'element') continue;
    if (collection.clearElement && c.name === collection.clearElement) {
      entries = [];
      firstByKey = new Map();
      allByKey = new Map();
      rejectedLocal = new Map();
      cleared = true;
    } else if (collection.removeElement && c.name === collection.removeElement) {
      if (!keyed) continue;
      const key = entryKey(collection, c)!;
      rejectedLocal.delete(key.key);
      if (!firstByKey.has(key.key)) { unmatchedRemoves.push({ element: c, key }); continue; }
      for (const e of allByKey.get(key.key) ?? []) dead.add(e);
      allByKey.delete(key.key);
      firstByKey.delete(key.key);
    } else if (collection.addElement.includes(c.name)) {
      const key = keyed ? entryKey(collection, c) : undefined;
      if (!key) { entries.push({ key: { key: `#${c.start}`, text: '', attributes: [], explicit: false }, element: c }); continue; }
      if (!collection.allowDuplicates && key.explicit) {
        const first = firstByKey.get(key.key);
        if (first && (first.key.explicit || !first.element)) {
          const earlier = first.element ? undefined : rejectedLocal.get(key.key);
          duplicates.push({ entry: { key, element: c }, first: earlier ?? first });
          if (!first.element && !earlier) rejectedLocal.set(key.key, { key, element: c });
          continue; // IIS stops at the duplicate; keep the first for further comparisons
        }
      }
      const entry: CollectionEntry = { key, element: c };
      entries.push(entry);
      track(entry);
      const existing = firstByKey.get(key.key);
      // Keep the first entry that counts for comparisons (written key, or inherited).
      if (!existing || (!existing.key.explicit && existing.element)) firstByKey.set(key.key, entry);
    }
  }
  return { entries: dead.size ? entries.filter((e) => !dead.has(e)) : entries, duplicates, unmatchedRemoves, cleared };
}
