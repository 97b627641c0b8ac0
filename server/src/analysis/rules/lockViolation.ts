/**
 * `lock-violation`: a web.config touches what a file above it locked with the
 * granular locks, so IIS answers 500.19 "Lock violation":
 * - an attribute listed in `lockAttributes` (or `*`), or not listed in
 *   `lockAllAttributesExcept`, of the same element at a parent level — even
 *   when the value is the same;
 * - a child element listed in `lockElements` (or not in
 *   `lockAllElementsExcept`), including the collection directives
 *   (`lockElements="remove,clear"`);
 * - a `<remove>` of an inherited entry marked `lockItem="true"`, or a
 *   `<clear>` of a collection that holds such entries.
 *
 * The locks that count are those of the files above this one whose settings
 * reach the place (inheritance.ts merges them in IIS's order). A file's own
 * locks bind the levels below it, not the file itself (its `<location>`
 * elements included). Needs the hierarchy; with no applicationHost.config
 * found, the built-in default IIS 10 model supplies the stock locks
 * (httpErrors' defaultPath, staticContent's isDocFooterFileName, the default
 * modules' lockItem).
 *
 * Left alone: applicationHost.config (nothing above it in view), attributes
 * of `<add>` entries (an entry is added whole; a same-key entry is a
 * duplicate, which duplicate-collection-entry reports), files with no hierarchy.
 */
import type { Rule, RuleContext } from './rule';
import type { RelatedInformation } from '../types';
import type { XmlAttribute, XmlElement } from '../../syntax/xml';
import { isMetaAttribute } from '../../iis/meta';
import { entryKey, keyAttributes } from '../collections';
import { assumptionNote, EffectiveNode, Lock, Origin, assumedClause, chainOf, contributionsAt, describeOrigin, mergeSection, relatedAt, targetOf } from '../inheritance';
import { getAttribute } from '../../syntax/xml';
import { shown } from '../messages';

function lockText(l: Lock): string {
  return `${l.kind}="${l.attribute.value}"`;
}

/** The `<remove>` as written, with its key attributes: `<remove name="StaticFileModule" />`. */
function removeTag(el: XmlElement, collection: NonNullable<EffectiveNode['schema']>['collection']): string {
  const keys = collection ? keyAttributes(collection).map((k) => getAttribute(el, k.name)).filter((a): a is XmlAttribute => !!a) : [];
  return `<${el.name}${keys.map((a) => ` ${a.name}="${shown(a.value, 30)}"`).join('')} />`;
}

function attributeLock(node: EffectiveNode, name: string): Lock | undefined {
  return node.locks.find((l) =>
    (l.kind === 'lockAttributes' && (l.names.includes('*') || l.names.includes(name))) ||
    (l.kind === 'lockAllAttributesExcept' && !l.names.includes(name)));
}

function elementLock(node: EffectiveNode, name: string): Lock | undefined {
  return node.locks.find((l) =>
    (l.kind === 'lockElements' && (l.names.includes('*') || l.names.includes(name))) ||
    (l.kind === 'lockAllElementsExcept' && !l.names.includes(name)));
}

export const lockViolationRule: Rule = {
  id: 'lock-violation',
  codes: ['lock-violation'],
  check(ctx: RuleContext) {
    const h = ctx.context.hierarchy;
    if (!h || ctx.file.kind !== 'web') return;
    const chain = chainOf(h, { fileName: ctx.context.fileName, text: ctx.text, file: ctx.file });
    const current = chain[chain.length - 1];
    const note = h.choice.source === 'default' ? ` ${assumptionNote(h)}` : '';
    const clause = assumedClause(h);
    /** `message` is the sentence without its final period; `why` goes to the detail. */
    const report = (at: { start: number; end: number }, message: string, origin: Origin, why: string, relatedMessage: string) => {
      const related: RelatedInformation[] = [];
      const r = relatedAt(origin, relatedMessage);
      if (r) related.push(r);
      ctx.report({
        code: 'lock-violation', start: at.start, end: at.end, ...(related.length ? { related } : {}),
        // A verdict that rests on assumed default settings is a warning: the real server may differ.
        ...(h.choice.source === 'default' ? { severity: 'warning' as const } : {}),
        message: `${message}${clause}.`,
        detail: `${why} (set in ${describeOrigin(origin)}), so IIS answers 500.19 ("Lock violation").${note}`,
      });
    };

    for (const section of ctx.file.sections) {
      const target = targetOf(h, current, section.location);
      if (!target) continue;
      const above = contributionsAt(h, chain, section.path, target, (c) => !c.chainFile.current);
      if (!above.length) continue;
      const base = mergeSection(section.path, above, ctx.schema);

      // Iterative (an explicit stack, in the order a recursion would visit): the nesting depth comes from the files.
      const walk = (rootEl: XmlElement, rootNode: EffectiveNode) => {
        const stack: Array<readonly [XmlElement, EffectiveNode]> = [[rootEl, rootNode]];
        while (stack.length) {
          const [el, node] = stack.pop()!;
          const name = el.name.slice(el.name.lastIndexOf('/') + 1);
          for (const a of el.attributes as XmlAttribute[]) {
            if (isMetaAttribute(a.name)) continue;
            const lock = attributeLock(node, a.name);
            if (lock) report({ start: a.nameStart, end: a.nameEnd }, `'${a.name}' of <${name}> is locked by a parent level (${lock.kind}), so it may not be set here`, lock.origin, `A parent level locks it with ${lockText(lock)}: setting it here fails even with the same value`, `The ${lockText(lock)} that locks it`);
          }
          const collection = node.schema?.collection;
          const next: Array<readonly [XmlElement, EffectiveNode]> = [];
          for (const c of el.children) {
            if (c.type !== 'element') continue;
            const lock = elementLock(node, c.name);
            if (lock) {
              report({ start: c.nameStart, end: c.nameEnd }, `<${c.name}> inside <${name}> is locked by a parent level (${lock.kind}), so it may not be set here`, lock.origin, `A parent level locks it with ${lockText(lock)}`, `The ${lockText(lock)} that locks it`);
              continue;
            }
            if (collection && c.name === collection.removeElement) {
              const key = entryKey(collection, c);
              const hit = key && node.entries.find((e) => e.lockItem && e.entry.key.key === key.key);
              if (hit) report({ start: c.nameStart, end: c.nameEnd }, `${removeTag(c, collection)} removes an inherited entry that a parent level locked with lockItem="true"`, hit.origin, `The inherited entry ${key!.text} is locked with lockItem="true"`, 'The entry locked with lockItem="true"');
              continue;
            }
            if (collection && c.name === collection.clearElement) {
              const locked = node.entries.filter((e) => e.lockItem);
              if (locked.length) {
                const names = locked.slice(0, 3).map((e) => e.entry.key.text).join('; ') + (locked.length > 3 ? `; … (${locked.length} in all)` : '');
                report({ start: c.nameStart, end: c.nameEnd }, `<${c.name}> would drop ${locked.length === 1 ? 'an inherited entry' : `${locked.length} inherited entries`} that a parent level locked with lockItem="true"`, locked[0].origin, `Locked with lockItem="true": ${names}`, 'An entry locked with lockItem="true"');
              }
              continue;
            }
            if (collection && collection.addElement.includes(c.name)) continue;
            const child = node.children.get(c.name);
            if (child) next.push([c, child]);
          }
          for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
        }
      };
      walk(section.element, base);
    }
  },
};
