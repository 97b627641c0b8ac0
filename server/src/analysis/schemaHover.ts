/**
 * Hover for everything the schema describes below section level, and for
 * attributes everywhere: elements (what they are, their attributes, children
 * and collection), attributes (description, type, default, allowed values or
 * range, required/key), and values (what an enum or flags value means, the
 * length of a time span, an encrypted value's provider — never the value).
 * Section elements themselves get the section hover of hover.ts.
 */
import type { DocumentAnalysis, Hover } from './types';
import type { AttributeSchema, CollectionSchema } from '../iis/schema';
import type { XmlAttribute, XmlElement } from '../syntax/xml';
import { attributeSchema, collectionKeys, effectiveDefault } from '../iis/schemaLoader';
import { valueDoc } from '../iis/valueDocs';
import { describeAllowed, encryptedProvider, enumValueText, hasEnvironmentReference, parseTimeSpan } from '../iis/values';
import { describe } from '../iis/sectionDocs';
import { isMetaAttribute } from '../iis/meta';
import { SchemaPlace, placeKey, schemaIndex } from './schemaWalk';
import docLinks from '../../data/doc-links.json';

const PAGES = docLinks.pages as Record<string, string>;

/** The reference page for a place: its own page, else the nearest ancestor's within its section. */
export function placeDocUrl(place: Pick<SchemaPlace, 'section' | 'path'>): string | undefined {
  const rel = place.path.filter((n) => n !== 'remove' && n !== 'clear');
  for (let n = rel.length; n >= 0; n--) {
    const page = PAGES[[place.section.path, ...rel.slice(0, n)].join('/')];
    if (page !== undefined) return docLinks.base + page;
  }
  return undefined;
}

function code(s: string): string { return '`' + s.replace(/`/g, "'") + '`'; }

/** Description of a place: own key, then the key with the directive generalised. */
function describePlace(place: SchemaPlace): string | undefined {
  return describe(placeKey(place));
}

function describeAttribute(place: SchemaPlace, name: string): string | undefined {
  return describe(`${placeKey(place)}@${name}`);
}

function roleText(place: SchemaPlace): string {
  const parentName = place.parent ? `<${place.parent.element.name}>` : '';
  switch (place.node.kind) {
    case 'add': return `an entry of the ${parentName} collection`;
    case 'remove': return `removes an inherited entry from the ${parentName} collection`;
    case 'clear': return `removes every inherited entry of the ${parentName} collection`;
    default: return `element of ${parentName}`;
  }
}

function collectionText(c: CollectionSchema): string {
  const keys = collectionKeys(c).map((k) => code(k.name));
  const directives = [c.removeElement && code(`<${c.removeElement}>`), c.clearElement && code(`<${c.clearElement}>`)].filter(Boolean);
  const entries = c.addElement.map((a) => code(`<${a}>`)).join(' / ');
  let s = `**Collection:** ${entries} entries`;
  s += keys.length ? `, keyed by ${keys.join(' + ')}` : ', without a key';
  if (c.allowDuplicates) s += ' (duplicates allowed)';
  s += directives.length ? `; ${directives.join(' and ')} also allowed.` : '; no remove/clear directives.';
  if (c.mergeAppend === false) s += ' Entries from parent levels come after this level\'s entries.';
  return s;
}

export function attributeFlags(a: AttributeSchema): string[] {
  return [
    a.required ? 'required' : '', a.isUniqueKey ? 'key' : '', a.isCombinedKey ? 'part of the key' : '',
    a.caseSensitive ? 'case-sensitive' : '', a.encrypted ? 'stored encrypted' : '', a.expanded ? '%VARIABLES% expanded' : '',
  ].filter(Boolean);
}

function cell(s: string): string { return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '); }

function attributeRows(attrs: readonly AttributeSchema[]): string[] {
  const rows = attrs.filter((a) => !a.extension);
  if (!rows.length) return [];
  const out = ['| Attribute | Type | Default |', '| --- | --- | --- |'];
  for (const a of rows) {
    const flags = attributeFlags(a);
    const def = a.encrypted ? '(encrypted)' : a.defaultValue !== undefined && a.defaultValue !== '' ? code(cell(a.defaultValue)) : '';
    const type = a.type === 'enum' || a.type === 'flags' ? `${a.type}: ${(a.values ?? []).slice(0, 6).map((v) => v.name).join(', ')}${(a.values?.length ?? 0) > 6 ? ', …' : ''}` : a.type;
    out.push(`| ${code(a.name)}${flags.length ? ` (${flags.join(', ')})` : ''} | ${cell(type)} | ${def} |`);
  }
  return out;
}

/** Hover for an element below section level. */
export function elementHover(analysis: DocumentAnalysis, place: SchemaPlace): string {
  const name = place.element.name;
  const lines = [`**<${name}>** — ${roleText(place)} (section ${code(place.section.path)})`];
  const d = describePlace(place);
  if (d) lines.push('', d);
  const table = attributeRows(place.node.attributes);
  if (table.length) lines.push('', ...table);
  if (place.node.allowUnrecognizedAttributes) lines.push('', 'Other attributes are accepted too (the schema allows unrecognized attributes here).');
  const kids = place.node.elements.map((e) => code(`<${e.name}>`));
  if (kids.length) lines.push('', `**Child elements:** ${kids.join(', ')}`);
  if (place.node.collection) lines.push('', collectionText(place.node.collection));
  if (place.node.kind === 'remove') {
    const keys = place.node.attributes.map((a) => code(a.name));
    if (keys.length) lines.push('', `Names the entry by ${keys.join(' + ')}.`);
  }
  const url = placeDocUrl(place);
  if (url) lines.push('', `[IIS configuration reference](${url})`);
  else {
    const m = analysis.schema.module(place.section.path);
    if (m) lines.push('', `Provided by [${m.name}](${m.url}).`);
  }
  return lines.join('\n');
}

const META_DOCS: Record<string, string> = {
  lockAttributes: 'Locks the listed attributes (comma-separated, or `*`) so that lower configuration levels cannot set them, even to the same value.',
  lockAllAttributesExcept: 'Locks every attribute except the listed ones for lower configuration levels.',
  lockElements: 'Locks the listed child elements (or collection directives such as `remove,clear`) for lower configuration levels.',
  lockAllElementsExcept: 'Locks every child element except the listed ones for lower configuration levels.',
  lockItem: 'On a collection entry: lower levels cannot remove this entry, and the collection cannot be cleared below.',
  configSource: 'Reads the section from another file (relative path, same folder or below). The element itself must then be empty.',
  configProtectionProvider: 'The section is encrypted with this protected-configuration provider; its content is an <EncryptedData> element.',
  xmlns: 'XML namespace declaration; the configuration system ignores it.',
};

/** Hover for an attribute (name or value) of an element with a schema place. */
export function attributeHover(analysis: DocumentAnalysis, place: SchemaPlace, attr: XmlAttribute, onValue: boolean): string | undefined {
  const el = place.element;
  const owner = place.path.length ? `<${el.name}>` : `<${el.name}> (section ${code(place.section.path)})`;
  if (isMetaAttribute(attr.name)) {
    const doc = META_DOCS[attr.name] ?? (attr.name.startsWith('xdt:') ? 'XML Document Transform instruction, applied when the transform file is merged; not an IIS attribute.' : attr.name.startsWith('xmlns:') ? 'XML namespace declaration; the configuration system ignores it.' : undefined);
    return doc ? `**${code(attr.name)}** — configuration attribute allowed on any element\n\n${doc}` : undefined;
  }
  const a = attributeSchema(place.node, attr.name);
  if (!a) {
    if (!place.node.allowUnrecognizedAttributes) return undefined;
    const d = describeAttribute(place, attr.name);
    return `**${code(attr.name)}** on ${owner}: not in the IIS schema, but this element accepts attributes the schema does not list.${d ? `\n\n${d}` : ''}`;
  }
  const lines = [`**${code(a.name)}** — attribute of ${owner}`];
  const d = describeAttribute(place, a.name);
  if (d) lines.push('', d);
  if (a.extension) lines.push('', 'Runtime state computed by IIS (not a stored setting).');
  const facts: string[] = [`**Type:** ${a.type}${a.timeSpanFormat && a.timeSpanFormat !== 'string' ? ` (${a.timeSpanFormat})` : ''}`];
  const def = effectiveDefault(a);
  if (a.encrypted) facts.push('**Default:** (encrypted)');
  else if (def !== undefined && def !== '') facts.push(`**Default:** ${code(def)}`);
  // The allowed values once: an enum's or flags' list (with what each means), else the description of what is allowed.
  const listed = (a.type === 'enum' || a.type === 'flags') && !!a.values?.length;
  if (!listed) facts.push(`**Allowed:** ${describeAllowed(a)}`);
  const flags = attributeFlags(a);
  if (flags.length) facts.push(`**${flags.join(', ')}**`);
  lines.push('', facts.join('  \n'));
  if (listed) {
    const key = placeKey(place);
    lines.push('', `**${a.type === 'flags' ? 'Flags (comma-separated)' : 'Values'}:**`, '', ...a.values!.map((v) => {
      const doc = valueDoc(key, a.name, v.name);
      return `- ${code(v.name)} (${v.value})${doc ? ` — ${doc}` : ''}`;
    }));
  }
  if (onValue) {
    const v = valueText(a, attr.value);
    if (v) lines.push('', v);
  }
  const url = placeDocUrl(place);
  if (url) lines.push('', `[IIS configuration reference](${url})`);
  return lines.join('\n');
}

/** What a written value means (never shows an encrypted value). */
export function valueText(a: AttributeSchema, value: string): string | undefined {
  const provider = encryptedProvider(value);
  if (provider !== undefined) return `**This value:** encrypted by the ${code(provider || '(default)')} provider; IIS decrypts it when it reads the file.`;
  if (hasEnvironmentReference(value)) return `**This value:** contains %VARIABLE% references${a.expanded ? ', which IIS expands when it reads the value' : ''}.`;
  if (a.type === 'enum' || a.type === 'flags') {
    const t = enumValueText(a, value);
    return t ? `**This value:** ${t}` : undefined;
  }
  if (a.type === 'timeSpan') {
    if (a.allowInfinite && value.trim().toLowerCase() === 'infinite') return '**This value:** no limit (Infinite).';
    const unit = a.timeSpanFormat === 'minutes' ? 60 : a.timeSpanFormat === 'seconds' ? 1 : 0;
    const s = unit ? (/^\d+$/.test(value.trim()) ? Number(value) * unit : undefined) : parseTimeSpan(value);
    return s !== undefined ? `**This value:** ${humanDuration(s)}.` : undefined;
  }
  if (a.type === 'bool') return `**This value:** ${value.trim().toLowerCase() === 'true' ? 'on' : value.trim().toLowerCase() === 'false' ? 'off' : 'not a boolean'}.`;
  return undefined;
}

function humanDuration(seconds: number): string {
  if (seconds === 0) return '0 (no time)';
  const parts: string[] = [];
  let s = Math.abs(seconds);
  const units: Array<[number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [u, n] of units) {
    const k = Math.floor(s / u);
    if (k) { parts.push(`${k} ${n}${k === 1 ? '' : 's'}`); s -= k * u; }
  }
  if (s > 0) parts.push(`${Math.round(s * 1000)} ms`);
  return (seconds < 0 ? '-' : '') + parts.join(' ');
}

/**
 * Schema hover at `offset`: an attribute (name or value) of an element in a
 * checked section, or the name of an element below section level.
 */
export function schemaHover(analysis: DocumentAnalysis, el: XmlElement, offset: number): Hover | undefined {
  const place = schemaIndex(analysis.file, analysis.schema).placeOf(el);
  if (!place) return undefined;
  if (offset > el.nameEnd && offset < el.startTagEnd) {
    for (const a of el.attributes) {
      const onName = offset >= a.nameStart && offset <= a.nameEnd;
      const onValue = a.valueEnd > a.valueStart && offset >= a.valueStart && offset <= a.valueEnd;
      if (!onName && !onValue) continue;
      const contents = attributeHover(analysis, place, a, onValue);
      if (!contents) return undefined;
      return onValue ? { start: a.valueStart, end: a.valueEnd, contents } : { start: a.nameStart, end: a.nameEnd, contents };
    }
    return undefined;
  }
  if (!place.path.length) return undefined; // the section element: hover.ts's section hover
  if (offset >= el.nameStart && offset <= el.nameEnd) return { start: el.nameStart, end: el.nameEnd, contents: elementHover(analysis, place) };
  if (el.endTagStart >= 0) {
    const s = el.endTagStart + 2;
    if (offset >= s && offset <= s + el.name.length) return { start: s, end: s + el.name.length, contents: elementHover(analysis, place) };
  }
  return undefined;
}
