/**
 * Edits that put a section into an applicationHost.config `<location>`, for
 * the hierarchy's quick fixes ("Unlock for this site", "Move this section into
 * applicationHost.config"), and the removal of a section from the analysed
 * file.
 *
 * The applicationHost.config keeps its layout: new lines, and the lines of a
 * section moved in from a web.config, take its style (`styleOf`: indentation
 * unit and line ending), whatever the style of the file they come from; an existing `<location>` for the path is extended
 * (descending through the section groups it already has, creating the missing
 * ones); otherwise a new `<location>` goes right before `</configuration>`.
 */
import type { TextEdit } from '../types';
import type { ConfigFile, LocationInfo, SectionInstance } from '../../hierarchy/configFile';
import { normalizeScopeKey } from '../../hierarchy/effectiveSettings';
import { XmlDocument, XmlElement, childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import { TextStyle, indentBefore, selfClosingSlash, lineIndent, protectedRanges, removalRange, restyle, styleOf } from '../../syntax/format';

/** A location path as IIS compares it (the scope key of effectiveSettings.ts). */
export function normalizePath(p: string): string {
  return normalizeScopeKey(p);
}

export interface SectionText {
  /** Section path, e.g. system.webServer/handlers. */
  readonly path: string;
  /**
   * The element's text for a place whose lines start at `indent` in a file of style `style` (the target's): its
   * first line unindented, every later line at `indent` or deeper, every line break the target's.
   */
  readonly render: (indent: string, style: TextStyle) => string;
}

/** An empty section element: `<handlers />`. */
export function emptySection(path: string): SectionText {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return { path, render: () => `<${name} />` };
}

/**
 * A section element of `source` (this file or another), moved as is except for its layout: it takes the target's
 * style (indentation unit and line ending) and indentation; attribute values, comments and CDATA keep their text.
 */
export function movedSection(source: XmlDocument, section: SectionInstance): SectionText {
  const el = section.element;
  const text = source.text;
  const from = { indent: indentBefore(text, el.start) ?? lineIndent(text, el.start), style: styleOf(source) };
  return { path: section.path, render: (indent, style) => restyle(text, el.start, el.end, from, { indent, style }, protectedRanges(el)) };
}

export type LocationTarget =
  /** Needs a location with overrideMode="Allow" (unlocking). */
  | { readonly kind: 'unlock' }
  /** Needs a location without overrideMode/allowOverride that passes its settings to child applications. */
  | { readonly kind: 'settings' };

/** The <location> of `file` a section can be added to, for a path. */
export function findLocation(file: ConfigFile, path: string, target: LocationTarget): LocationInfo | undefined {
  const wanted = normalizePath(path);
  return file.locations.find((l) => {
    if (normalizePath(l.path) !== wanted) return false;
    const om = getAttribute(l.element, 'overrideMode')?.value.trim().toLowerCase();
    const ao = getAttribute(l.element, 'allowOverride')?.value.trim().toLowerCase();
    if (target.kind === 'unlock') return om === 'allow' || (!om && ao === 'true');
    return !om && !ao && getAttribute(l.element, 'inheritInChildApplications')?.value.trim().toLowerCase() !== 'false';
  });
}

/** The section already in a location, if any. */
export function sectionIn(file: ConfigFile, location: LocationInfo, sectionPath: string): SectionInstance | undefined {
  return file.sections.find((s) => s.location === location && s.path === sectionPath);
}

/** Nested text for the section groups `groups[from..]` wrapping the section, every line starting at `indent`. */
function wrapInGroups(section: SectionText, from: number, indent: string, style: TextStyle): string {
  const { eol, unit } = style;
  const groups = section.path.split('/').slice(0, -1);
  let open = '', close = '';
  let ind = indent;
  for (let i = from; i < groups.length; i++) {
    open += `${ind}<${groups[i]}>${eol}`;
    close = `${ind}</${groups[i]}>${eol}` + close;
    ind += unit;
  }
  return open + ind + section.render(ind, style) + eol + close;
}

/**
 * The edit that puts `section` inside `container` (a <location> or <configuration>):
 * it descends through the section groups the container already has and creates the missing ones.
 */
export function insertIntoContainer(text: string, file: ConfigFile, container: XmlElement, section: SectionText): TextEdit {
  const style = styleOf(file.doc);
  const { eol, unit } = style;
  const groups = section.path.split('/').slice(0, -1);
  let c: XmlElement = container;
  let depth = 0;
  for (; depth < groups.length; depth++) {
    const next = childElements(c).find((k) => k.name === groups[depth]);
    if (!next) break;
    c = next;
  }
  const cIndent = lineIndent(text, c.start);
  const childIndent = cIndent + unit;
  const content = wrapInGroups(section, depth, childIndent, style);
  if (c.selfClosing) {
    // <group/> or <group attr="x" /> becomes <group ...>content</group>.
    return { start: selfClosingSlash(text, c), end: c.startTagEnd, newText: `>${eol}${content}${cIndent}</${c.name}>` };
  }
  // Never closed (the file is malformed): the content goes first inside it, the start tag kept whole.
  if (c.endTagStart < 0) return { start: c.startTagEnd, end: c.startTagEnd, newText: eol + content };
  const endIndent = indentBefore(text, c.endTagStart);
  if (endIndent !== undefined) {
    // End tag on its own line: insert whole lines before it.
    const at = c.endTagStart - endIndent.length;
    return { start: at, end: at, newText: content };
  }
  return { start: c.endTagStart, end: c.endTagStart, newText: eol + content + cIndent };
}

/** A complete `<location path="…"{attributes}>` block holding `section`, each line starting at `indent`, ending with a line break. */
export function locationBlock(file: ConfigFile, path: string, attributes: string, indent: string, section: SectionText): string {
  const style = styleOf(file.doc);
  return `${indent}<location path="${encodeAttributeValue(path)}"${attributes}>${style.eol}${wrapInGroups(section, 0, indent + style.unit, style)}${indent}</location>${style.eol}`;
}

/**
 * Edits that add `section` to the location `path` of an applicationHost.config:
 * into `existing` when given, else a new `<location path="…"{attributes}>` before `</configuration>`.
 */
export function addToLocation(text: string, file: ConfigFile, path: string, attributes: string, existing: LocationInfo | undefined, section: SectionText): TextEdit[] {
  if (existing) return [insertIntoContainer(text, file, existing.element, section)];
  const config = file.configuration;
  if (!config || config.endTagStart < 0) return [];
  const block = locationBlock(file, path, attributes, (indentBefore(text, config.start) ?? '') + styleOf(file.doc).unit, section);
  const endIndent = indentBefore(text, config.endTagStart);
  if (endIndent !== undefined) {
    const at = config.endTagStart - endIndent.length;
    return [{ start: at, end: at, newText: block }];
  }
  return [{ start: config.endTagStart, end: config.endTagStart, newText: styleOf(file.doc).eol + block }];
}

/** Remove a section from its file, with the section groups (and a bare <location>) it leaves empty. */
export function removeSection(text: string, file: ConfigFile, section: SectionInstance): TextEdit {
  let node: XmlElement = section.element;
  for (let p = node.parent; p && p !== file.configuration; p = p.parent) {
    const others = p.children.filter((c) => c !== node && !(c.type === 'text' && text.slice(c.start, c.end).trim() === ''));
    if (others.length > 0) break;
    if (p.name === 'location' && p.attributes.some((a) => a.name !== 'path')) break;
    node = p;
    if (p.name === 'location') break;
  }
  const r = removalRange(text, node);
  return { start: r.start, end: r.end, newText: '' };
}
