/**
 * `unknown-element` and `unknown-attribute`: names the section's schema does
 * not have at that place. Names are case-sensitive, as in IIS ("Unrecognized
 * element", "Unrecognized attribute"; .NET adds "Note that attribute names are
 * case-sensitive"). The did-you-mean fixes rename to the closest names valid
 * at that place (a case-only difference first).
 *
 * `unexpected-text`: non-whitespace text or CDATA inside an element of a
 * checked section. Configuration elements carry only attributes and child
 * elements: IIS skips the text, .NET's configuration reader rejects it ("The
 * configuration section cannot contain a CDATA or text element"), so it is an
 * error in sections .NET reads and a warning elsewhere.
 *
 * Left alone: configuration meta-attributes (lock*, configSource,
 * configProtectionProvider, xmlns, xdt:*), attributes of elements whose schema
 * allows unrecognized attributes, runtime-state (extension) attributes, and
 * everything inside sections that are not checked (no schema, custom .NET
 * sections, configSource, encrypted; see schemaWalk.ts).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis, TextEdit } from '../types';
import type { XmlElement } from '../../syntax/xml';
import { elementStartingAt } from '../../syntax/nodeIndex';
import { attributeSchema, childNames, childSchema } from '../../iis/schemaLoader';
import type { SectionInstance } from '../../hierarchy/configFile';
import { isMetaAttribute } from '../../iis/meta';
import { closestMatches } from '../../util/strings';
import { SchemaPlace, isManagedSection, schemaIndex } from '../schemaWalk';
import { isNewerFrameworkAttribute, isNewerFrameworkElement } from '../../iis/frameworkAttributes';
import { shown } from '../messages';

interface Data {
  readonly kind: 'element' | 'attribute' | 'text';
  readonly start: number;
  readonly end: number;
  readonly elementStart: number;
  readonly suggestions: readonly string[];
}

/** Edits that rename an element (start tag and, when present, end tag). */
export function renameElementEdits(text: string, el: XmlElement, newName: string): TextEdit[] {
  const edits: TextEdit[] = [{ start: el.nameStart, end: el.nameEnd, newText: newName }];
  if (el.endTagStart >= 0 && text.startsWith(el.name, el.endTagStart + 2)) {
    edits.push({ start: el.endTagStart + 2, end: el.endTagStart + 2 + el.name.length, newText: newName });
  }
  return edits;
}

/** Closest names, a case-only difference first (case-sensitive names make it the likely fix). */
export function nameSuggestions(word: string, candidates: readonly string[]): string[] {
  const exactFold = candidates.filter((c) => c !== word && c.toLowerCase() === word.toLowerCase());
  const rest = closestMatches(word, candidates, 3, true).filter((c) => !exactFold.includes(c));
  return [...exactFold, ...rest].slice(0, 3);
}

/** Who rejects an unknown name: .NET for the sections it reads, IIS (500.19) for the others. */
function rejection(managed: boolean, what: 'element' | 'attribute'): string {
  return managed
    ? `.NET, which reads this section, stops with a configuration error ("Unrecognized ${what}")`
    : `IIS answers 500.19 ("Unrecognized ${what}")`;
}

function elementLabel(place: SchemaPlace): string {
  return `<${place.element.name}>`;
}

/** Where an element is, for details: "<add> (in section system.webServer/handlers)". */
function placeLabel(place: SchemaPlace): string {
  return `<${place.element.name}> (in section ${place.section.path})`;
}

/** Valid attribute names at a place (stored, non-runtime attributes). */
export function attributeNamesAt(place: SchemaPlace): string[] {
  return place.node.attributes.filter((a) => !a.extension).map((a) => a.name);
}

export const unknownNameRule: Rule = {
  id: 'unknown-name',
  codes: ['unknown-element', 'unknown-attribute', 'unexpected-text'],
  checkPlace(place: SchemaPlace, ctx: RuleContext) {
    // Children its schema does not have.
    for (const c of place.element.children) {
      if (c.type !== 'element' || childSchema(place.node, c.name)) continue;
      const u = { element: c, parent: place };
      const el = u.element;
      if (isManagedSection(u.parent.sectionSchema) && isNewerFrameworkElement(u.parent.section.path, u.parent.path, el.name)) continue;
      const valid = childNames(u.parent.node);
      const suggestions = nameSuggestions(el.name, valid);
      const caseOnly = suggestions[0]?.toLowerCase() === el.name.toLowerCase();
      const hint = suggestions.length
        ? `; did you mean <${suggestions[0]}>?`
        : valid.length ? `; valid here: ${valid.slice(0, 4).map((n) => `<${n}>`).join(', ')}${valid.length > 4 ? ', …' : ''}.` : `, which has no child elements.`;
      ctx.report({
        code: 'unknown-element', start: el.nameStart, end: el.nameEnd,
        data: { kind: 'element', start: el.nameStart, end: el.nameEnd, elementStart: el.start, suggestions } satisfies Data,
        message: `<${el.name}> is not an element of ${elementLabel(u.parent)}${hint}`,
        detail: `The schema of ${placeLabel(u.parent)} has no child element <${el.name}>, so ${rejection(isManagedSection(u.parent.sectionSchema), 'element')}.${caseOnly ? ' Element names are case-sensitive.' : ''}${valid.length > 4 ? ` Valid here: ${valid.map((n) => `<${n}>`).join(', ')}.` : ''}`,
      });
    }
    const el = place.element;
    const managed = isManagedSection(place.sectionSchema);
    if (!place.node.allowUnrecognizedAttributes) {
      // The names a suggestion may offer: valid here and not written yet. Built once per element (on its first
      // unknown attribute), so an element with thousands of attributes costs linear time.
      let valid: string[] | undefined;
      for (const a of el.attributes) {
        if (isMetaAttribute(a.name)) continue;
        if (attributeSchema(place.node, a.name)) continue;
        if (managed && isNewerFrameworkAttribute(place.section.path, place.path, a.name)) continue;
        if (!valid) {
          const written = new Set(el.attributes.map((x) => x.name));
          valid = attributeNamesAt(place).filter((n) => !written.has(n));
        }
        const suggestions = nameSuggestions(a.name, valid);
        const caseOnly = suggestions[0]?.toLowerCase() === a.name.toLowerCase();
        const hint = suggestions.length
          ? `; did you mean '${suggestions[0]}'?`
          : valid.length || attributeNamesAt(place).length ? '.' : ', which takes no attributes.';
        ctx.report({
          code: 'unknown-attribute', start: a.nameStart, end: a.nameEnd,
          data: { kind: 'attribute', start: a.nameStart, end: a.nameEnd, elementStart: el.start, suggestions } satisfies Data,
          message: `'${shown(a.name)}' is not an attribute of ${elementLabel(place)}${hint}`,
          detail: `The schema of ${placeLabel(place)} has no attribute '${a.name}', so ${rejection(managed, 'attribute')}.${caseOnly ? ' Attribute names are case-sensitive.' : ''}`,
        });
      }
    }
    for (const c of el.children) {
      if (c.type !== 'text' && c.type !== 'cdata') continue;
      const raw = ctx.text.slice(c.start, c.end);
      if (c.type === 'text' && raw.trim() === '') continue;
      const lead = c.type === 'text' ? raw.length - raw.trimStart().length : 0;
      const start = c.start + lead, end = c.type === 'text' ? c.start + raw.trimEnd().length : c.end;
      ctx.report({
        code: 'unexpected-text', start, end, severity: managed ? 'error' : 'warning',
        data: { kind: 'text', start, end, elementStart: el.start, suggestions: [] } satisfies Data,
        message: managed
          ? `Text inside ${elementLabel(place)} is not allowed: .NET, which reads this section, rejects it.`
          : `Text inside ${elementLabel(place)} is not part of any setting, so IIS skips it.`,
        detail: managed
          ? 'Configuration elements hold only attributes and child elements; .NET stops with "The configuration section cannot contain a CDATA or text element". Remove the text.'
          : 'Configuration elements hold only attributes and child elements. Remove the text; a stray character is often the sign of a typo nearby.',
      });
    }
  },
  checkSection(section: SectionInstance, ctx: RuleContext) {
    // A section read from another file (configSource) must be empty here: .NET refuses
    // "A section using 'configSource' may contain no other attributes or elements".
    if (ctx.index.recordOfSection(section)?.content !== 'configSource') return;
    {
      const el = section.element;
      const name = el.name;
      for (const c of el.children) {
        if (c.type !== 'element') continue;
        ctx.report({
          code: 'unknown-element', start: c.nameStart, end: c.nameEnd,
          message: `<${c.name}> belongs in the configSource file: <${name}> is read from there, so the element here must be empty.`,
          detail: `.NET refuses the file: "A section using 'configSource' may contain no other attributes or elements". Move the content into the configSource file.`,
        });
      }
      for (const a of el.attributes) {
        if (isMetaAttribute(a.name)) continue;
        ctx.report({
          code: 'unknown-attribute', start: a.nameStart, end: a.nameEnd,
          message: `'${a.name}' belongs in the configSource file: <${name}> is read from there, so it may carry only configSource here.`,
          detail: `.NET refuses the file: "A section using 'configSource' may contain no other attributes or elements". Move the attribute into the configSource file.`,
        });
      }
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (data?.kind === 'text') {
      return [{ title: 'Remove the text', kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: data.start, end: data.end, newText: '' }] }];
    }
    if (!data?.suggestions.length) return [];
    if (data.kind === 'attribute') {
      return data.suggestions.map((s, i) => ({
        title: `Change to '${s}'`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
        edits: [{ start: data.start, end: data.end, newText: s }],
      }));
    }
    const el = elementStartingAt(analysis.doc, data.elementStart);
    if (!el || !schemaIndex(analysis.file, analysis.schema).isUnknown(el)) return [];
    return data.suggestions.map((s, i) => ({
      title: `Rename to <${s}>`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: renameElementEdits(analysis.text, el, s),
    }));
  },
};
