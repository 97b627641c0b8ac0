/**
 * The hierarchy's part of `duplicate-collection-entry` (rules/duplicateCollectionEntry.ts
 * owns the code and compares keys with collections.ts): the entries a
 * collection of the analysed web.config already has from the levels above —
 * applicationHost.config (or the built-in default IIS 10 model), the parent
 * web.config files, and this file's own settings for a parent path — after
 * their `<clear>` and `<remove>` directives, in IIS's merge order
 * (inheritance.ts). Also the words for such an entry and the quick fix that
 * puts a `<remove>` before the new entry (so it replaces the inherited one).
 */
import type { RuleContext } from './rules/rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from './types';
import type { SectionInstance } from '../hierarchy/configFile';
import { builtInProfileOf, isBuiltInAppHostName } from '../hierarchy/defaultAppHost';
import { profileInfo } from '../iis/serverProfiles';
import { CollectionEntry, keyAttributes } from './collections';
import { SchemaPlace, schemaIndex } from './schemaWalk';
import { EffectiveNode, chainOf, contributionsAt, lineOf, mergeSection, nodeAt, targetOf } from './inheritance';
import { encodeAttributeValue, getAttribute } from '../syntax/xml';
import { indentBefore, styleOf } from '../syntax/format';
import { baseNameOf } from './messages';
import { elementStartingAt } from '../syntax/nodeIndex';

const bases = new WeakMap<SectionInstance, EffectiveNode | null>();

/** What the levels above give the section of `section` (merged), or null when nothing / no hierarchy. */
function inheritedBase(ctx: Pick<RuleContext, 'context' | 'file' | 'text' | 'schema'>, section: SectionInstance): EffectiveNode | null {
  const cached = bases.get(section);
  if (cached !== undefined) return cached;
  let base: EffectiveNode | null = null;
  const h = ctx.context.hierarchy;
  if (h && ctx.file.kind === 'web') {
    const chain = chainOf(h, { fileName: ctx.context.fileName, text: ctx.text, file: ctx.file });
    const target = targetOf(h, chain[chain.length - 1], section.location);
    if (target) {
      // Files above, and this file's own settings for a shorter path (e.g. its top level for a <location path="sub">).
      const before = contributionsAt(h, chain, section.path, target, (c) => !c.chainFile.current || c.target.length < target.length);
      if (before.length) base = mergeSection(section.path, before, ctx.schema);
    }
  }
  bases.set(section, base);
  return base;
}

/** The entries the collection at `place` inherits (undefined: none known). */
export function inheritedCollectionEntries(ctx: RuleContext, place: SchemaPlace): readonly CollectionEntry[] | undefined {
  const base = inheritedBase(ctx, place.section);
  const node = base ? nodeAt(base, place.path) : undefined;
  return node?.entries.map((e) => e.entry);
}

/** How a detail names the place an inherited entry comes from (file name and line; the path is in related information). */
export function describeInheritedEntry(ctx: Pick<RuleContext, 'context'>, entry: CollectionEntry): string {
  const o = entry.origin;
  if (!o) return 'An entry inherited from a parent configuration file';
  if (o.file === '') return 'An entry this file sets for a parent path';
  if (isBuiltInAppHostName(o.file)) return `An entry of the assumed ${profileInfo(builtInProfileOf(o.file)).assumption}`;
  const h = ctx.context.hierarchy;
  const f = h && [h.appHost, ...h.parents].find((x) => x.fileName === o.file);
  return `An entry of ${baseNameOf(o.file)}${f ? ` (line ${lineOf(f.text, o.start)})` : ''}`;
}

/** The short name a message gives to where an inherited entry comes from. */
export function inheritedFrom(ctx: Pick<RuleContext, 'context'>, entry: CollectionEntry): string {
  const o = entry.origin;
  if (!o) return 'a parent level';
  if (o.file === '') return 'this file\'s settings for a parent path';
  if (isBuiltInAppHostName(o.file)) return `the assumed ${profileInfo(builtInProfileOf(o.file)).assumption}`;
  const h = ctx.context.hierarchy;
  return h && h.appHost.fileName === o.file ? 'applicationHost.config' : 'a parent web.config';
}

/** Quick fix for a duplicate of an inherited entry: put a `<remove>` with the entry's key before it. */
export function insertRemoveFix(diagnostic: Diagnostic, analysis: DocumentAnalysis, entryStart: number): CodeAction | undefined {
  const el = elementStartingAt(analysis.doc, entryStart);
  const place = el && schemaIndex(analysis.file, analysis.schema).placeOf(el);
  const collection = place?.parent?.node.collection;
  if (!place || !collection?.removeElement) return undefined;
  const attrs = keyAttributes(collection)
    .map((a) => getAttribute(place.element, a.name))
    .filter((a): a is NonNullable<typeof a> => !!a)
    .map((a) => ` ${a.name}="${encodeAttributeValue(a.value)}"`);
  if (!attrs.length) return undefined;
  const directive = `<${collection.removeElement}${attrs.join('')} />`;
  const text = analysis.text;
  const indent = indentBefore(text, entryStart);
  const edit = indent !== undefined
    ? { start: entryStart - indent.length, end: entryStart - indent.length, newText: `${indent}${directive}${styleOf(analysis.doc).eol}` }
    : { start: entryStart, end: entryStart, newText: directive };
  return { title: `Insert ${directive} before it (replace the inherited entry)`, kind: 'quickfix', diagnostic, isPreferred: true, edits: [edit] };
}
