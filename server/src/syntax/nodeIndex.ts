/**
 * Offset lookups over a parsed document, built once per document on first use (one walk, linear) and answered by
 * binary search: the element that starts at an offset, the start tag or the markup node (comment, CDATA, processing
 * instruction, DOCTYPE) that contains an offset, the elements that start in a range. Quick fixes and requests use
 * these instead of walking the tree per call, so a request over many diagnostics stays linear in the document.
 */
import type { XmlDocument, XmlElement, XmlNode } from './xml';

interface NodeIndex {
  /** Every element in document order (strictly increasing `start`). */
  readonly elements: readonly XmlElement[];
  /** Comments, CDATA sections, processing instructions and DOCTYPEs in document order (disjoint ranges). */
  readonly markup: readonly XmlNode[];
  /** reach[i]: the largest `startTagEnd` of elements[0..i] (start tags of broken input may overlap). */
  readonly reach: readonly number[];
}

const indexes = new WeakMap<XmlDocument, NodeIndex>();

function indexOf(doc: XmlDocument): NodeIndex {
  let index = indexes.get(doc);
  if (index) return index;
  const elements: XmlElement[] = [];
  const markup: XmlNode[] = [];
  const stack: XmlNode[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'element') {
      elements.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    } else if (n.type !== 'text') {
      markup.push(n);
    }
  }
  const reach = new Array<number>(elements.length);
  let max = -1;
  for (let i = 0; i < elements.length; i++) reach[i] = max = Math.max(max, elements[i].startTagEnd);
  index = { elements, markup, reach };
  indexes.set(doc, index);
  return index;
}

/** Index of the first item whose start is >= offset (items sorted by start). */
function lowerBound(items: ReadonlyArray<{ readonly start: number }>, offset: number): number {
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].start < offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Every element of the document in document order. */
export function elementsInOrder(doc: XmlDocument): readonly XmlElement[] {
  return indexOf(doc).elements;
}

/** The element whose start tag begins at `offset` (its `<`), if any. */
export function elementStartingAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  const { elements } = indexOf(doc);
  const el = elements[lowerBound(elements, offset)];
  return el && el.start === offset ? el : undefined;
}

/** Position in `elementsInOrder(doc)` of the first element starting at or after `offset`. */
export function firstElementFrom(doc: XmlDocument, offset: number): number {
  return lowerBound(indexOf(doc).elements, offset);
}

/**
 * The first element (in document order) whose start tag strictly contains `offset`: after its `<`, before its end.
 * Well-formed start tags never overlap; in broken input the earliest one wins.
 */
export function startTagContaining(doc: XmlDocument, offset: number): XmlElement | undefined {
  const { elements, reach } = indexOf(doc);
  const k = lowerBound(elements, offset) - 1; // elements[0..k] start before offset
  if (k < 0 || reach[k] <= offset) return undefined;
  // The first i <= k with reach[i] > offset (reach is non-decreasing): elements[i] itself ends after offset.
  let lo = 0, hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reach[mid] > offset) hi = mid; else lo = mid + 1;
  }
  return elements[lo];
}

/** The comment, CDATA section, processing instruction or DOCTYPE that strictly contains `offset`. */
export function markupContaining(doc: XmlDocument, offset: number): XmlNode | undefined {
  const { markup } = indexOf(doc);
  const n = markup[lowerBound(markup, offset) - 1];
  return n && n.start < offset && offset < n.end ? n : undefined;
}

const lineTables = new WeakMap<XmlDocument, Int32Array>();

/** Offsets where a line starts (after `\n`, after a `\r` not followed by `\n`), 0 first; once per document. */
function lineStarts(doc: XmlDocument): Int32Array {
  let starts = lineTables.get(doc);
  if (starts) return starts;
  const text = doc.text;
  const list: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) list.push(i + 1);
  }
  starts = Int32Array.from(list);
  lineTables.set(doc, starts);
  return starts;
}

/** Index of the line containing `offset` (the last line start <= offset). */
function lineOf(starts: Int32Array, offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The start of the line containing `offset`, as `format.lineStartOf` computes it, in logarithmic time. */
export function lineStartIn(doc: XmlDocument, offset: number): number {
  const text = doc.text;
  if (offset > 0 && text.charCodeAt(offset - 1) === 13) return offset; // between \r and \n: a line start for lineStartOf too
  return lineStarts(doc)[lineOf(lineStarts(doc), offset)];
}

/** The end of the line containing `offset` (the offset of its line break, or the text's length). */
export function lineEndIn(doc: XmlDocument, offset: number): number {
  const text = doc.text;
  const starts = lineStarts(doc);
  const c = text.charCodeAt(offset);
  if (c === 10 || c === 13) return offset;
  const next = lineOf(starts, offset) + 1;
  if (next >= starts.length) return text.length;
  const s = starts[next];
  return text.charCodeAt(s - 1) === 10 && text.charCodeAt(s - 2) === 13 ? s - 2 : s - 1;
}
