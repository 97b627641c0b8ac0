/**
 * Edits that add settings to one scope of the analysed file (its top level or
 * one `<location>`): entries appended to a collection section, an attribute
 * set on a section or on an element below it. A section the scope already has
 * is extended in place; the missing ones are written together, inside the
 * section groups the scope has (created when missing: one `<system.webServer>`,
 * never two).
 *
 * Layout: the file's style, indentation unit and line ending (`styleOf`, syntax/format.ts).
 */
import type { TextEdit } from '../types';
import type { ConfigFile, LocationInfo, SectionInstance } from '../../hierarchy/configFile';
import { XmlElement, childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import { TextStyle, indentBefore, selfClosingSlash, lineIndent, styleOf } from '../../syntax/format';
import { insertIntoContainer } from './appHostEdits';

/** What to add to a section: entries (element text without indentation) and/or attributes on an element path below it. */
export interface SectionChange {
  readonly sectionPath: string;
  /** Child element lines to append to the section (e.g. `<add name="x" />`). */
  readonly entries?: readonly string[];
  /** Child element lines to put first (collection directives such as `<remove name="x" />`). */
  readonly firstEntries?: readonly string[];
  /** Attributes to set: on the section element (path []) or on a nested element (['requestLimits']). */
  readonly attributes?: ReadonlyArray<{ readonly path: readonly string[]; readonly name: string; readonly value: string }>;
}

function sectionAt(file: ConfigFile, location: LocationInfo | undefined, path: string): SectionInstance | undefined {
  return file.sections.find((s) => s.location === location && s.path === path && !getAttribute(s.element, 'configSource'));
}

/** Append lines as the last children of `el` (expanding `<el />`). */
function appendChildren(text: string, file: ConfigFile, el: XmlElement, lines: readonly string[]): TextEdit {
  const { eol, unit } = styleOf(file.doc);
  const ind = lineIndent(text, el.start);
  const body = lines.map((l) => `${ind}${unit}${l}${eol}`).join('');
  if (el.selfClosing) return { start: selfClosingSlash(text, el), end: el.startTagEnd, newText: `>${eol}${body}${ind}</${el.name}>` };
  // Never closed (the file is malformed): the lines go first inside it, the start tag kept whole.
  if (el.endTagStart < 0) return { start: el.startTagEnd, end: el.startTagEnd, newText: eol + body };
  const endIndent = indentBefore(text, el.endTagStart);
  if (endIndent !== undefined) {
    const at = el.endTagStart - endIndent.length;
    return { start: at, end: at, newText: body };
  }
  return { start: el.endTagStart, end: el.endTagStart, newText: eol + body + ind };
}

/** Put lines before the first child of `el` (or append them when it has none). */
function prependChildren(text: string, file: ConfigFile, el: XmlElement, lines: readonly string[]): TextEdit {
  const first = el.children.find((c) => c.type !== 'text' || text.slice(c.start, c.end).trim() !== '');
  if (!first || el.selfClosing || el.endTagStart < 0) return appendChildren(text, file, el, lines);
  const { eol } = styleOf(file.doc);
  const ind = indentBefore(text, first.start);
  if (ind === undefined) return appendChildren(text, file, el, lines);
  const at = first.start - ind.length;
  return { start: at, end: at, newText: lines.map((l) => `${ind}${l}${eol}`).join('') };
}

/** Set an attribute on an element: replace the value, or add it after the last attribute. */
export function setAttributeEdit(el: XmlElement, name: string, value: string): TextEdit {
  const a = getAttribute(el, name);
  if (a && a.quote) return { start: a.valueStart, end: a.valueEnd, newText: encodeAttributeValue(value) };
  if (a) return { start: a.start, end: a.end, newText: `${name}="${encodeAttributeValue(value)}"` };
  const last = el.attributes[el.attributes.length - 1];
  const at = last ? last.end : el.nameEnd;
  return { start: at, end: at, newText: ` ${name}="${encodeAttributeValue(value)}"` };
}

function attrText(attrs: ReadonlyArray<{ name: string; value: string }>): string {
  return attrs.map((a) => ` ${a.name}="${encodeAttributeValue(a.value)}"`).join('');
}

/** Text of nested elements `path` (from the outermost), the last carrying `attrs`; inner lines one unit deeper each. */
function nestedText(path: readonly string[], attrs: ReadonlyArray<{ name: string; value: string }>, indent: string, unit: string, eol: string): string {
  if (!path.length) return '';
  let text = `<${path[path.length - 1]}${attrText(attrs)} />`;
  for (let i = path.length - 2; i >= 0; i--) {
    const ind = indent + unit.repeat(i);
    text = `<${path[i]}>${eol}${ind}${unit}${text}${eol}${ind}</${path[i]}>`;
  }
  return text;
}

/** The text of a whole new section element with its changes, first line unindented, later lines at `indent`. */
function newSectionText(change: SectionChange, indent: string, unit: string, eol: string): string {
  const name = change.sectionPath.slice(change.sectionPath.lastIndexOf('/') + 1);
  const own = (change.attributes ?? []).filter((a) => !a.path.length);
  const nested = (change.attributes ?? []).filter((a) => a.path.length);
  const children: string[] = [...(change.firstEntries ?? []), ...(change.entries ?? [])];
  // Group nested attributes by element path.
  const byPath = new Map<string, { path: readonly string[]; attrs: Array<{ name: string; value: string }> }>();
  for (const a of nested) {
    const k = a.path.join('/');
    const g = byPath.get(k) ?? { path: a.path, attrs: [] };
    g.attrs.push({ name: a.name, value: a.value });
    byPath.set(k, g);
  }
  for (const g of byPath.values()) children.push(nestedText(g.path, g.attrs, indent + unit, unit, eol));
  if (!children.length) return `<${name}${attrText(own)} />`;
  return `<${name}${attrText(own)}>${eol}${children.map((c) => `${indent}${unit}${c}`).join(eol)}${eol}${indent}</${name}>`;
}

/**
 * Edits that apply `changes` to the scope (`location` undefined: the file's top level). Sections the scope has are
 * edited in place; the others are inserted together.
 */
export function scopeEdits(text: string, file: ConfigFile, location: LocationInfo | undefined, changes: readonly SectionChange[]): TextEdit[] {
  const container = location?.element ?? file.configuration;
  if (!container) return [];
  const style = styleOf(file.doc);
  const { eol, unit } = style;
  const edits: TextEdit[] = [];
  const missing: SectionChange[] = [];
  for (const change of changes) {
    const section = sectionAt(file, location, change.sectionPath);
    if (!section) { missing.push(change); continue; }
    const el = section.element;
    const appended: string[] = [...(change.entries ?? [])];
    for (const a of change.attributes ?? []) {
      // Descend to the element the attribute goes on; create the missing tail.
      let target: XmlElement = el;
      let depth = 0;
      for (; depth < a.path.length; depth++) {
        const next = childElements(target).find((c) => c.name === a.path[depth]);
        if (!next) break;
        target = next;
      }
      if (depth === a.path.length) edits.push(setAttributeEdit(target, a.name, a.value));
      else if (target === el) appended.push(nestedText(a.path.slice(depth), [{ name: a.name, value: a.value }], lineIndent(text, el.start) + unit, unit, eol));
      else edits.push(appendChildren(text, file, target, [nestedText(a.path.slice(depth), [{ name: a.name, value: a.value }], lineIndent(text, target.start) + unit, unit, eol)]));
    }
    if (change.firstEntries?.length) edits.push(prependChildren(text, file, el, change.firstEntries));
    if (appended.length) edits.push(appendChildren(text, file, el, appended));
  }
  if (missing.length) {
    // One insertion for every missing section: below their common section group, each wrapped in the groups
    // between it and that one (so a missing <system.webServer> is created once).
    const groups = missing.map((m) => m.sectionPath.split('/').slice(0, -1));
    let common = groups[0];
    for (const g of groups) {
      let k = 0;
      while (k < common.length && k < g.length && common[k] === g[k]) k++;
      common = common.slice(0, k);
    }
    const render = (indent: string, { eol, unit }: TextStyle) => missing.map((m, i) => {
      const rel = groups[i].slice(common.length);
      let open = '', close = '', ind = indent;
      for (const g of rel) { open += `<${g}>${eol}${ind}${unit}`; close = `${eol}${ind}</${g}>` + close; ind += unit; }
      return open + newSectionText(m, ind, unit, eol) + close;
    }).join(eol + indent);
    edits.push(insertIntoContainer(text, file, container, { path: [...common, '__sections'].join('/'), render }));
  }
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}
