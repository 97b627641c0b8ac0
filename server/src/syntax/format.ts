/**
 * Layout helpers for rewriting XML text without disturbing it: a file's style
 * (indentation unit and line ending: `styleOf`, the one place every fix asks
 * for the style of the file it writes into), the indentation of a line, the
 * text range that removes an element together with its own line, and
 * `restyle`, which rewrites an element's text in a target file's style without
 * touching attribute values, comments or CDATA.
 */
import { XmlDocument, XmlElement, XmlNode } from './xml';

export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Start offset of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The whitespace before `offset` on its line, if only whitespace precedes it; otherwise undefined. Scans back only over that whitespace. */
export function indentBefore(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    if (c !== 32 && c !== 9) return undefined;
    i--;
  }
  return text.slice(i, offset);
}

/** The leading whitespace of the line containing `offset`. */
export function lineIndent(text: string, offset: number): string {
  const ls = lineStartOf(text, offset);
  let i = ls;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(ls, i);
}

/** Elements whose children `detectIndentUnit` looks at before it gives up (bounded work on any file). */
const INDENT_SCAN_LIMIT = 2000;

/**
 * The indentation unit the file uses: the difference between the indentation
 * of a child element and its parent, taken from the first element (breadth
 * first) that starts its own line below a parent that starts its own. Defaults
 * to two spaces. Looks at a bounded number of elements.
 */
export function detectIndentUnit(doc: XmlDocument): string {
  const text = doc.text;
  const queue: XmlElement[] = doc.root ? [doc.root] : [];
  let looked = 0;
  for (let head = 0; head < queue.length && looked < INDENT_SCAN_LIMIT; head++) {
    const el = queue[head];
    const parentIndent = indentBefore(text, el.start);
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (++looked > INDENT_SCAN_LIMIT) break;
      const ci = parentIndent === undefined ? undefined : indentBefore(text, c.start);
      if (parentIndent !== undefined && ci !== undefined && ci.length > parentIndent.length && ci.startsWith(parentIndent)) {
        return ci.slice(parentIndent.length);
      }
      queue.push(c);
    }
  }
  return '  ';
}

/** A file's layout for new text: its line ending and its indentation unit. */
export interface TextStyle {
  readonly eol: string;
  readonly unit: string;
}

const styles = new WeakMap<XmlDocument, TextStyle>();

/**
 * The style of a document: what every edit that writes new lines into it (a
 * fix in this file, or one that moves text here from another file) must use.
 * Computed once per parsed document.
 */
export function styleOf(doc: XmlDocument): TextStyle {
  let s = styles.get(doc);
  if (!s) {
    s = { eol: detectEol(doc.text), unit: detectIndentUnit(doc) };
    styles.set(doc, s);
  }
  return s;
}

/**
 * The range to delete to remove `node`: when it stands alone on its line(s),
 * the whole lines (leading indentation and the trailing line break); otherwise
 * just the node.
 */
export function removalRange(text: string, node: { start: number; end: number }): { start: number; end: number } {
  const indent = indentBefore(text, node.start);
  let end = node.end;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  const atEol = j >= text.length || text[j] === '\n' || text[j] === '\r';
  if (indent !== undefined && atEol) {
    const start = node.start - indent.length;
    if (j < text.length) end = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
    else end = j;
    return { start, end };
  }
  return { start: node.start, end: node.end };
}

/** Ranges inside `root` whose text must never change when re-indenting: attribute values, comments, CDATA, PIs. */
export function protectedRanges(root: XmlElement): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'element') {
      for (const a of n.attributes) if (a.valueEnd > a.valueStart) out.push({ start: a.valueStart, end: a.valueEnd });
      for (const c of n.children) stack.push(c);
    } else if (n.type === 'comment' || n.type === 'cdata' || n.type === 'pi') {
      out.push({ start: n.start, end: n.end });
    }
  }
  return out;
}

/** Where text comes from or goes to: the indentation of its first line and the file's style. */
export interface Placement {
  readonly indent: string;
  readonly style: TextStyle;
}

/**
 * The text of `[start, end)` (an element whose first line sits at
 * `from.indent`, in a file of style `from.style`) rewritten for a place whose
 * first line sits at `to.indent` in a file of style `to.style`:
 * - every line break becomes the target's line ending (XML reads CR LF, CR and
 *   LF as one LF, so no content changes, not even inside values or comments);
 * - every later line that begins in markup is re-indented: `from.indent`
 *   becomes `to.indent` and each whole source unit after it one target unit (a
 *   remainder that is not a whole unit is kept; a line less indented than the
 *   first goes to `to.indent`; a blank line loses its trailing whitespace);
 * - a line that begins inside a protected range (attribute values, comments,
 *   CDATA: `protectedRanges`) keeps its leading whitespace exactly.
 * Linear in the length of the text.
 */
export function restyle(text: string, start: number, end: number, from: Placement, to: Placement, protect: ReadonlyArray<{ start: number; end: number }>): string {
  const ranges = [...protect].sort((a, b) => a.start - b.start);
  const fromUnit = from.style.unit;
  const eol = to.style.eol;
  const parts: string[] = [];
  let last = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    const lineBegin = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    parts.push(text.slice(last, i), eol);
    last = lineBegin;
    i = lineBegin - 1;
    while (r < ranges.length && ranges[r].end <= lineBegin) r++;
    if (r < ranges.length && ranges[r].start < lineBegin) continue; // inside a value, comment or CDATA: kept as is
    let k = lineBegin;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    const next = text.charCodeAt(k);
    if (k >= end || next === 10 || next === 13) { last = k; continue; }
    if (text.startsWith(from.indent, lineBegin)) {
      let p = lineBegin + from.indent.length;
      let units = 0;
      if (fromUnit) while (p + fromUnit.length <= k && text.startsWith(fromUnit, p)) { p += fromUnit.length; units++; }
      parts.push(to.indent, to.style.unit.repeat(units), text.slice(p, k));
    } else {
      parts.push(to.indent);
    }
    last = k;
  }
  parts.push(text.slice(last, end));
  return parts.join('');
}

/**
 * Where the `/>` of a self-closing start tag begins, with the whitespace before it (`<a x="1" />` → the offset of
 * the space after `"1"`); the start tag's end for any other element. Scans back only over that whitespace.
 */
export function selfClosingSlash(text: string, el: XmlElement): number {
  if (!el.selfClosing) return el.startTagEnd;
  let slash = el.startTagEnd - 2;
  while (slash > el.nameEnd) {
    const c = text.charCodeAt(slash - 1);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    slash--;
  }
  return slash;
}

/** The start tag of a self-closing element opened (`<a x="1" />` → `<a x="1">`); any other start tag as it is. */
export function openedStartTag(text: string, el: XmlElement): string {
  return el.selfClosing ? text.slice(el.start, selfClosingSlash(text, el)) + '>' : text.slice(el.start, el.startTagEnd);
}

/** True when an element has no child elements, comments or non-whitespace text. */
export function isEffectivelyEmpty(text: string, el: XmlElement): boolean {
  for (const c of el.children) {
    if (c.type === 'text') { if (text.slice(c.start, c.end).trim() !== '') return false; }
    else return false;
  }
  return true;
}
