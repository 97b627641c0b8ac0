/**
 * `duplicate-collection-entry`: two entries with the same key in one
 * collection of one file (IIS answers 500.19 "Cannot add duplicate collection
 * entry of type 'add' with unique key attribute 'name' set to '…'"). Keys,
 * defaults of key attributes, `<remove>`/`<clear>` and case-sensitivity are
 * computed by ../collections.ts. The quick fix removes the later entry.
 *
 * Entries inherited from parent files: {@link inheritedEntries} is the hook
 * where the configuration hierarchy supplies them (none when the file is read
 * on its own); an `<add>` that repeats an inherited key is reported the same
 * way, with the parent entry as related information.
 *
 * Left alone: collections that allow duplicates (legacy .NET ones such as
 * system.web/authorization), unkeyed collections, entries that write no key
 * attribute at all (the required/unknown-attribute rules speak about those),
 * XML Document Transform files (their entries are merged into another file).
 */
import { isBuiltInAppHostName } from '../../hierarchy/defaultAppHost';
import { duplicatesReplace } from '../../iis/replacingCollections';
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis, RelatedInformation } from '../types';
import { removalRange } from '../../syntax/format';
import { CollectionEntry, effectiveEntries } from '../collections';
import { SchemaPlace, isManagedSection, schemaIndex } from '../schemaWalk';
import { describeInheritedEntry, inheritedCollectionEntries, inheritedFrom, insertRemoveFix } from '../inheritedEntries';
import { assumptionNote } from '../inheritance';
import { getAttribute } from '../../syntax/xml';
import { shown } from '../messages';

interface Data {
  readonly entryStart: number;
  readonly entryEnd: number;
  /** The first entry is inherited from a level above (the fix may insert a <remove>). */
  readonly inherited?: boolean;
}

/**
 * Entries the collection at `place` already has from parent files. The file
 * read on its own has none; the configuration hierarchy extends this.
 */
export function inheritedEntries(ctx: RuleContext, place: SchemaPlace): readonly CollectionEntry[] | undefined {
  return inheritedCollectionEntries(ctx, place);
}

export const duplicateCollectionEntryRule: Rule = {
  id: 'duplicate-collection-entry',
  codes: ['duplicate-collection-entry'],
  checkPlace(place: SchemaPlace, ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    const collection = place.node.collection;
    if (!collection || collection.allowDuplicates || duplicatesReplace(place.sectionSchema.name, place.path)) return;
    if (place.node.kind === 'remove' || place.node.kind === 'clear') return;
    const result = effectiveEntries(place.element, collection, { inherited: inheritedEntries(ctx, place) });
    for (const d of result.duplicates) {
      const el = d.entry.element;
      const keyKind = d.entry.key.attributes.length > 1 || d.entry.key.attributes[0]?.isCombinedKey ? 'combined key' : 'key';
      const related: RelatedInformation[] = d.first.element
        ? [{ message: 'The first entry with this key', start: d.first.element.start, end: d.first.element.startTagEnd }]
        : d.first.origin && !isBuiltInAppHostName(d.first.origin.file) ? [{ message: 'The inherited entry with this key', ...d.first.origin }] : [];
      // The key as written, filled in: <mimeMap fileExtension=".json">, <remove fileExtension=".json" />.
      const keyAttrs = d.entry.key.attributes.map((a) => getAttribute(el, a.name)).filter((a): a is NonNullable<typeof a> => !!a)
        .map((a) => `${a.name}="${shown(a.value, 30)}"`).join(' ');
      const tag = `<${el.name}${keyAttrs ? ' ' + keyAttrs : ''}>`;
      const refusal = isManagedSection(place.sectionSchema)
        ? '.NET, which reads this section, stops with a configuration error ("The entry has already been added").'
        : 'IIS answers 500.19 ("Cannot add duplicate collection entry").';
      const assumed = isBuiltInAppHostName(d.first.origin?.file);
      const message = d.first.element
        ? `${tag} repeats the ${keyKind} of an earlier entry in this collection; remove one of them.`
        : `${tag} is already inherited from ${inheritedFrom(ctx, d.first)}; put <${collection.removeElement ?? 'remove'}${keyAttrs ? ' ' + keyAttrs : ''} /> before it.`;
      const detail = d.first.element
        ? `Two entries with the same ${keyKind} (${d.entry.key.text}): ${refusal} Put a <${collection.removeElement ?? 'remove'}> before the second if it is meant to replace the first.`
        : `${describeInheritedEntry(ctx, d.first)} has the same ${keyKind} (${d.entry.key.text}): ${refusal} A <${collection.removeElement ?? 'remove'}> before it replaces the inherited entry.${assumed ? ` ${assumptionNote(ctx.context.hierarchy)}` : ''}`;
      ctx.report({
        code: 'duplicate-collection-entry', start: el.nameStart, end: el.nameEnd, related, message, detail,
        // Inherited from the assumed default IIS 10 configuration: a warning, since the real server may differ.
        ...(assumed ? { severity: 'warning' as const } : {}),
        data: { entryStart: el.start, entryEnd: el.end, ...(d.first.element ? {} : { inherited: true }) } satisfies Data,
      });
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data) return [];
    const range = removalRange(analysis.text, { start: data.entryStart, end: data.entryEnd });
    const insert = data.inherited ? insertRemoveFix(diagnostic, analysis, data.entryStart) : undefined;
    return [...(insert ? [insert] : []), { title: 'Remove the duplicate entry', kind: 'quickfix', diagnostic, edits: [{ start: range.start, end: range.end, newText: '' }] }];
  },
};
