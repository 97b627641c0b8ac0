/**
 * Layout helpers for rewriting XML text without disturbing it: the file's
 * indentation unit and line ending, the indentation of a line, the text range
 * that removes an element together with its own line, and re-indentation of
 * an element's text that never touches attribute values, comments or CDATA.
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

/** The whitespace before `offset` on its line, if only whitespace precedes it; otherwise undefined. */
export function indentBefore(text: string, offset: number): string | undefined {
  const ls = lineStartOf(text, offset);
  const prefix = text.slice(ls, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

/** The leading whitespace of the line containing `offset`. */
export function lineIndent(text: string, offset: number): string {
  const ls = lineStartOf(text, offset);
  let i = ls;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(ls, i);
}

/**
 * The indentation unit the file uses: the difference between the indentation
 * of a child element and its parent, taken from the first element that starts
 * its own line. Defaults to two spaces.
 */
export function detectIndentUnit(doc: XmlDocument): string {
  const text = doc.text;
  const stack: XmlElement[] = doc.root ? [doc.root] : [];
  let visited = 0;
  while (stack.length && visited < 2000) {
    const el = stack.shift()!;
    visited++;
    const parentIndent = indentBefore(text, el.start);
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      const ci = indentBefore(text, c.start);
      if (parentIndent !== undefined && ci !== undefined && ci.length > parentIndent.length && ci.startsWith(parentIndent)) {
        return ci.slice(parentIndent.length);
      }
      stack.push(c);
    }
  }
  return '  ';
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

/**
 * The text of `[start, end)` re-indented: every line after the first that
 * begins with `fromIndent` gets `toIndent` instead, unless the line break that
 * starts it lies inside a protected range (so attribute values and comments
 * keep their exact content). Line endings are kept as they are.
 */
export function reindent(text: string, start: number, end: number, fromIndent: string, toIndent: string, protect: Array<{ start: number; end: number }>): string {
  if (fromIndent === toIndent) return text.slice(start, end);
  let out = '';
  let last = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && !(c === 13 && text.charCodeAt(i + 1) !== 10)) continue;
    const lineBegin = i + 1;
    if (protect.some((r) => lineBegin > r.start && lineBegin < r.end)) continue;
    if (text.startsWith(fromIndent, lineBegin) && lineBegin + fromIndent.length <= end) {
      out += text.slice(last, lineBegin) + toIndent;
      last = lineBegin + fromIndent.length;
    } else {
      // Less indented than expected (or blank): keep the line, but do not lose relative structure.
      let k = lineBegin;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      if (k < end && text[k] !== '\n' && text[k] !== '\r') {
        out += text.slice(last, lineBegin) + toIndent;
        last = k;
      }
    }
  }
  return out + text.slice(last, end);
}

/** True when an element has no child elements, comments or non-whitespace text. */
export function isEffectivelyEmpty(text: string, el: XmlElement): boolean {
  for (const c of el.children) {
    if (c.type === 'text') { if (text.slice(c.start, c.end).trim() !== '') return false; }
    else return false;
  }
  return true;
}
