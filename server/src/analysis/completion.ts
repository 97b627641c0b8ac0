/**
 * Completion, from the schema and the declarations (pure):
 * - element names after `<` (or on a partly typed name): at section level the
 *   sections and section groups declared there (plus `<location>` at the top);
 *   inside a section the child elements and collection directives its schema
 *   allows at exactly that place;
 * - attribute names in a start tag: the element's attributes not yet written
 *   (required ones first), then the configuration meta-attributes;
 * - attribute values: enum values, flag names (after the last comma), true /
 *   false, and for `<location path="…">` the sites, applications and virtual
 *   directories known from `<sites>`; the pools and modules that exist on the
 *   server (analysis/serverCompletion.ts).
 */
import type { DocumentAnalysis } from './types';
import type { AttributeSchema } from '../iis/schema';
import { XmlElement, elementAt } from '../syntax/xml';
import { attributeSchema, childNames, childSchema, effectiveDefault } from '../iis/schemaLoader';
import { describe } from '../iis/sectionDocs';
import { describeAllowed } from '../iis/values';
import { valueDoc } from '../iis/valueDocs';
import { schemaIndex, placeKey, SchemaPlace } from './schemaWalk';
import type { SitesModel } from '../hierarchy/levels';
import { locationOf, sectionOf } from '../hierarchy/lookup';
import { serverValueCompletions } from './serverCompletion';
import { commaListItemAt, trimChars } from '../util/strings';

export type CompletionKind = 'section' | 'group' | 'element' | 'attribute' | 'value' | 'location';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line: what it is (type, "section", "collection entry", …). */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text that replaces [replaceStart, replaceEnd). */
  readonly insertText: string;
  /** The same as an LSP snippet (with $1 placeholders), when it differs from insertText. */
  readonly snippet?: string;
  readonly replaceStart: number;
  readonly replaceEnd: number;
  /** Sort key; items come sorted already. */
  readonly sortText: string;
}

const META_COMPLETIONS: ReadonlyArray<{ name: string; doc: string; sectionOnly?: boolean; entryOnly?: boolean }> = [
  { name: 'lockAttributes', doc: 'Lock attributes for lower levels.' },
  { name: 'lockAllAttributesExcept', doc: 'Lock every attribute except these for lower levels.' },
  { name: 'lockElements', doc: 'Lock child elements for lower levels.' },
  { name: 'lockAllElementsExcept', doc: 'Lock every child element except these for lower levels.' },
  { name: 'lockItem', doc: 'Lower levels cannot remove this entry.', entryOnly: true },
  { name: 'configSource', doc: 'Read this section from another file.', sectionOnly: true },
];

const NAME_CHAR = /[\w.:-]/;

/** Completions at `offset` (the cursor), best first. */
export function getCompletions(analysis: DocumentAnalysis, offset: number): CompletionItem[] {
  const text = analysis.text;
  const el = elementAt(analysis.doc, offset) ?? (offset === text.length ? lastOpen(analysis) : undefined);
  if (el) {
    // Inside the start tag of `el`.
    const tagEnd = el.startTagEnd > el.nameEnd ? el.startTagEnd : el.end;
    if (offset >= el.nameStart && offset <= el.nameEnd && text[el.start] === '<') {
      return elementNames(analysis, el.parent, el.nameStart, wordEnd(text, el.nameStart), text.slice(el.nameStart, offset));
    }
    const inStartTag = offset > el.nameEnd && (offset < tagEnd || (!el.closed && el.startTagEnd <= el.nameEnd)) && !insideChildren(el, offset);
    if (inStartTag && offset <= startTagLimit(el)) {
      for (const a of el.attributes) {
        if (a.quote && offset >= a.valueStart && offset <= a.valueEnd) return attributeValues(analysis, el, a.name, a.valueStart, a.valueEnd, offset);
      }
      const start = wordStart(text, offset);
      const inName = el.attributes.find((a) => offset >= a.nameStart && offset <= a.nameEnd);
      if (inName && inName.quote) return []; // on an existing attribute's name: nothing to offer safely
      return attributeNames(analysis, el, start, wordEnd(text, offset), text.slice(start, offset));
    }
  }
  // In content: after '<' (possibly with a partial name).
  let i = offset;
  while (i > 0 && NAME_CHAR.test(text[i - 1])) i--;
  if (i > 0 && text[i - 1] === '<') {
    return elementNames(analysis, el, i, wordEnd(text, offset), text.slice(i, offset));
  }
  return [];
}

function lastOpen(analysis: DocumentAnalysis): XmlElement | undefined {
  let el = analysis.doc.root;
  while (el) {
    const kids = el.children.filter((c): c is XmlElement => c.type === 'element');
    const last = kids[kids.length - 1];
    if (!last || last.closed) return el.closed ? undefined : el;
    el = last;
  }
  return undefined;
}

function insideChildren(el: XmlElement, offset: number): boolean {
  return el.children.some((c) => offset >= c.start && offset < c.end);
}

/** The end of the start tag (where attribute completion stops). */
function startTagLimit(el: XmlElement): number {
  return el.startTagEnd > el.nameEnd ? el.startTagEnd - 1 : Number.MAX_SAFE_INTEGER;
}

function wordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && NAME_CHAR.test(text[i - 1])) i--;
  return i;
}

function wordEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && NAME_CHAR.test(text[i])) i++;
  return i;
}

function matches(label: string, prefix: string): boolean {
  return prefix === '' || label.toLowerCase().startsWith(prefix.toLowerCase());
}

function sortKey(group: number, i: number): string {
  return `${group}${String(i).padStart(4, '0')}`;
}

/** Where element `parent`'s children live: the top level, a section group, a section place, or nothing known. */
type Container =
  | { kind: 'top'; location: boolean }
  | { kind: 'group'; path: string }
  | { kind: 'place'; place: SchemaPlace }
  | { kind: 'unknown' };

function containerOf(analysis: DocumentAnalysis, parent: XmlElement | undefined): Container {
  if (!parent) return { kind: 'unknown' };
  if (parent === analysis.doc.root && parent.name === 'configuration') return { kind: 'top', location: false };
  if (parent.name === 'location' && parent.parent === analysis.doc.root) return { kind: 'top', location: true };
  const place = schemaIndex(analysis.file, analysis.schema).placeOf(parent);
  if (place) return { kind: 'place', place };
  // A section group: the names from the top level down to `parent`.
  const names: string[] = [];
  let e: XmlElement | undefined = parent;
  while (e && e !== analysis.doc.root && !(e.name === 'location' && e.parent === analysis.doc.root)) {
    names.push(e.name);
    e = e.parent;
  }
  if (!e) return { kind: 'unknown' };
  const path = names.reverse().join('/');
  if (analysis.file.declarations.isGroup(path) && !analysis.file.declarations.isSection(path)) return { kind: 'group', path };
  // A section the parser sees but the index does not (e.g. unclosed while typing): use the schema directly.
  const section = sectionOf(analysis.file, parent);
  if (section) {
    const node = analysis.schema.node(section.path);
    const schema = analysis.schema.get(section.path);
    if (node && schema) return { kind: 'place', place: { element: parent, node, section, sectionSchema: schema, path: [], parent: undefined } };
  }
  return { kind: 'unknown' };
}

function elementNames(analysis: DocumentAnalysis, parent: XmlElement | undefined, start: number, end: number, prefix: string): CompletionItem[] {
  const c = containerOf(analysis, parent);
  const out: CompletionItem[] = [];
  const add = (label: string, kind: CompletionKind, detail: string, documentation: string | undefined, group: number, snippet?: string) => {
    if (!matches(label, prefix) || out.some((x) => x.label === label)) return;
    out.push({ label, kind, detail, documentation, insertText: label, snippet, replaceStart: start, replaceEnd: end, sortText: sortKey(group, out.length) });
  };
  if (c.kind === 'top' || c.kind === 'group') {
    const prefixPath = c.kind === 'group' ? c.path + '/' : '';
    const names = new Map<string, 'section' | 'group'>();
    for (const d of analysis.file.declarations.all()) {
      if (!d.path.startsWith(prefixPath)) continue;
      const rest = d.path.slice(prefixPath.length);
      const first = rest.split('/')[0];
      if (!names.has(first) || rest === first) names.set(first, rest === first ? 'section' : 'group');
    }
    if (c.kind === 'top' && !c.location) add('location', 'element', 'settings for a path', 'Applies the sections inside it to a site, application or folder (`path`).', 0, 'location path="$1">\n\t$0\n</location');
    // In a web.config, sections it may not hold (AppHostOnly, MachineOnly, MachineToWebRoot) come last, marked.
    const refused = (full: string, kind: 'section' | 'group'): string | undefined => {
      if (analysis.file.kind !== 'web') return undefined;
      const where = (d: { allowDefinition: string } | undefined) => !d ? undefined
        : d.allowDefinition === 'AppHostOnly' ? 'applicationHost.config only'
          : d.allowDefinition === 'MachineOnly' ? 'machine level only'
            : d.allowDefinition === 'MachineToWebRoot' ? 'machine.config or root web.config only' : undefined;
      if (kind === 'section') return where(analysis.file.declarations.get(full));
      const inside = [...analysis.file.declarations.all()].filter((d) => d.path.startsWith(full + '/'));
      const marks = new Set(inside.map((d) => where(d)));
      return inside.length && !marks.has(undefined) && marks.size === 1 ? [...marks][0] : undefined;
    };
    const later: Array<() => void> = [];
    for (const [name, kind] of [...names].sort((a, b) => a[0].localeCompare(b[0]))) {
      const full = prefixPath + name;
      const what = kind === 'section' ? `section ${full}` : `section group ${full}`;
      const mark = refused(full, kind);
      if (mark) {
        later.push(() => add(name, kind, `${what} (${mark})`, `**${mark[0].toUpperCase()}${mark.slice(1)}:** IIS refuses it in a web.config (500.19).${kind === 'section' && describe(full) ? `\n\n${describe(full)}` : ''}`, 8));
        continue;
      }
      add(name, kind, what, kind === 'section' ? describe(full) : undefined, kind === 'section' ? 1 : 2);
    }
    for (const f of later) f();
    return out;
  }
  if (c.kind !== 'place') return out;
  const node = c.place.node;
  for (const name of childNames(node)) {
    const child = childSchema(node, name)!;
    const key = `${placeKey(c.place)}/${name}`;
    const required = child.attributes.filter((a) => a.required && !a.extension);
    const snippet = required.length ? `${name} ${required.map((a, i) => `${a.name}="$${i + 1}"`).join(' ')}` : undefined;
    const detail = child.kind === 'add' ? 'collection entry' : child.kind === 'remove' ? 'remove an inherited entry' : child.kind === 'clear' ? 'remove all inherited entries' : 'element';
    add(name, 'element', detail, describe(key), child.kind === 'element' ? 0 : child.kind === 'add' ? 1 : 2, snippet);
  }
  return out;
}

function attributeNames(analysis: DocumentAnalysis, el: XmlElement, start: number, end: number, prefix: string): CompletionItem[] {
  const c = containerOf(analysis, el);
  const out: CompletionItem[] = [];
  const present = new Set(el.attributes.filter((a) => !(a.nameStart === start)).map((a) => a.name));
  const add = (label: string, detail: string, documentation: string | undefined, group: number) => {
    if (!matches(label, prefix) || present.has(label) || out.some((x) => x.label === label)) return;
    out.push({ label, kind: 'attribute', detail, documentation, insertText: `${label}=""`, snippet: `${label}="$1"`, replaceStart: start, replaceEnd: end, sortText: sortKey(group, out.length) });
  };
  if (c.kind === 'top' && el.name === 'location') {
    add('path', 'location path', 'The site, application or folder the settings apply to.', 0);
    add('overrideMode', 'Allow | Deny | Inherit', 'Whether lower levels may set the sections inside.', 1);
    add('inheritInChildApplications', 'bool', 'Whether child applications inherit these settings.', 1);
    return out;
  }
  if (c.kind !== 'place') return out;
  const { place } = c;
  const attrs = [...place.node.attributes].filter((a) => !a.extension).sort((a, b) => Number(!!b.required) - Number(!!a.required) || Number(!!b.isUniqueKey || !!b.isCombinedKey) - Number(!!a.isUniqueKey || !!a.isCombinedKey));
  for (const a of attrs) {
    const def = effectiveDefault(a);
    add(a.name, `${a.type}${a.required ? ', required' : ''}${def !== undefined && def !== '' ? ` = ${def}` : ''}`, describe(`${placeKey(place)}@${a.name}`) ?? describeAllowed(a), a.required ? 0 : 1);
  }
  for (const m of META_COMPLETIONS) {
    if (m.sectionOnly && place.path.length) continue;
    if (m.entryOnly && place.node.kind !== 'add') continue;
    add(m.name, 'configuration attribute', m.doc, 3);
  }
  return out;
}

function attributeValues(analysis: DocumentAnalysis, el: XmlElement, name: string, valueStart: number, valueEnd: number, offset: number): CompletionItem[] {
  const text = analysis.text;
  if (el.name === 'location' && name === 'path') {
    const loc = locationOf(analysis.file, el);
    if (!loc) return [];
    return locationPaths(analysis).filter((p) => matches(p.path, text.slice(valueStart, offset))).map((p, i) => ({
      label: p.path, kind: 'location' as const, detail: p.what, insertText: p.path, replaceStart: valueStart, replaceEnd: valueEnd, sortText: sortKey(0, i),
    }));
  }
  // Names that exist on the server: pools, modules, inherited entries (analysis/serverCompletion.ts).
  const server = serverValueCompletions(analysis, el, name, valueStart, valueEnd, offset);
  if (server) return server;
  const place = schemaIndex(analysis.file, analysis.schema).placeOf(el);
  const schema: AttributeSchema | undefined = place ? attributeSchema(place.node, name) : undefined;
  if (!schema) {
    if (el.name === 'location' && name === 'overrideMode') return valueItems(['Allow', 'Deny', 'Inherit'], valueStart, valueEnd, text.slice(valueStart, offset));
    return [];
  }
  if (schema.type === 'bool') return valueItems(['true', 'false'], valueStart, valueEnd, text.slice(valueStart, offset));
  const key = place ? placeKey(place) : '';
  const described = (names: readonly string[]) => names.map((n) => {
    const v = (schema.values ?? []).find((x) => x.name === n);
    return { name: n, detail: v ? `${schema.type} value ${v.value}${effectiveDefault(schema) === n ? ' (default)' : ''}` : undefined, documentation: valueDoc(key, name, n) };
  });
  if (schema.type === 'enum') return valueItems(described((schema.values ?? []).map((v) => v.name)), valueStart, valueEnd, text.slice(valueStart, offset));
  if (schema.type === 'flags') {
    // Complete the flag after the last comma; offer only flags not already written.
    const { start: tokenStart, end: tokenEnd } = commaListItemAt(text, valueStart, valueEnd, offset);
    const others = (text.slice(valueStart, tokenStart) + text.slice(tokenEnd, valueEnd)).split(',').map((s) => s.trim().toLowerCase());
    const names = (schema.values ?? []).map((v) => v.name).filter((n) => !others.includes(n.toLowerCase()));
    return valueItems(described(names), tokenStart, tokenEnd, text.slice(tokenStart, offset));
  }
  return [];
}

type ValueChoice = string | { readonly name: string; readonly detail?: string; readonly documentation?: string };

function valueItems(values: readonly ValueChoice[], start: number, end: number, prefix: string): CompletionItem[] {
  return values.map((v) => (typeof v === 'string' ? { name: v } : v)).filter((v) => matches(v.name, prefix)).map((v, i) => ({
    label: v.name, kind: 'value' as const, insertText: v.name, replaceStart: start, replaceEnd: end, sortText: sortKey(0, i),
    ...(v.detail ? { detail: v.detail } : {}), ...(v.documentation ? { documentation: v.documentation } : {}),
  }));
}

/** Location paths from the known sites: relative to the web.config when its own path is known. */
function locationPaths(analysis: DocumentAnalysis): Array<{ path: string; what: string }> {
  const sites: SitesModel | undefined = analysis.file.sites;
  if (!sites) return [];
  const all: Array<{ path: string; what: string }> = [];
  for (const s of sites.sites) {
    if (!s.name) continue;
    all.push({ path: s.name, what: 'site' });
    for (const app of s.applications) {
      const appPath = trimChars(app.path, '/');
      if (appPath) all.push({ path: `${s.name}/${appPath}`, what: `application of ${s.name}` });
      for (const v of app.virtualDirectories) {
        const vPath = trimChars(v.path, '/');
        if (vPath) all.push({ path: [s.name, appPath, vPath].filter(Boolean).join('/'), what: `virtual directory${appPath ? ` of /${appPath}` : ''} in ${s.name}` });
      }
    }
  }
  if (analysis.file.kind === 'applicationHost') return all;
  const base = analysis.file.fileLevel.configPath;
  if (!base) return [];
  const prefix = base.toLowerCase() + '/';
  return all.filter((p) => p.path.toLowerCase().startsWith(prefix)).map((p) => ({ path: p.path.slice(prefix.length), what: p.what }));
}
