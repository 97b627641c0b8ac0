/**
 * Suppression comments: a file can silence diagnostics the way ESLint comments do.
 *
 *   <!-- iis-config-disable-next-line ignored-at-level -->   the next line (and, when a start tag begins
 *                                                            there, every line of that start tag)
 *   <!-- iis-config-disable-line ignored-at-level -->        the line the comment starts on
 *   <!-- iis-config-disable ignored-at-level -->             from here on (or until iis-config-enable)
 *   <!-- iis-config-enable ignored-at-level -->              ends a disable region
 *
 * Codes are separated by commas and/or spaces; no code means every code. Pure: the parsed document
 * and the diagnostics in, the kept diagnostics out. Also builds the quick fix that inserts a
 * disable-next-line comment above a diagnostic, keeping the line's indentation and the file's line endings.
 */
import type { XmlComment, XmlDocument, XmlNode } from '../syntax/xml';
import { lineIndent, styleOf } from '../syntax/format';
import { elementsInOrder, firstElementFrom, lineEndIn, lineStartIn, markupContaining, startTagContaining } from '../syntax/nodeIndex';
import type { CodeAction, Diagnostic } from './types';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface SuppressionDirective {
  readonly kind: DirectiveKind;
  /** The codes named; empty: every code. */
  readonly codes: readonly string[];
  readonly comment: XmlComment;
}

const DIRECTIVE = /^\s*iis-config-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

/** Parse the inner text of a comment; undefined when it is not a directive. */
export function parseDirective(commentText: string): { kind: DirectiveKind; codes: string[] } | undefined {
  const m = DIRECTIVE.exec(commentText);
  if (!m) return undefined;
  return { kind: m[1] as DirectiveKind, codes: m[2].split(/[\s,]+/).filter((c) => c.length > 0) };
}

/** Every comment of the document in document order (iterative walk). */
function comments(doc: XmlDocument): XmlComment[] {
  const out: XmlComment[] = [];
  const stack: XmlNode[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'comment') out.push(n);
    else if (n.type === 'element') for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

const directiveCache = new WeakMap<XmlDocument, readonly SuppressionDirective[]>();

/** The suppression directives of a document, in document order (computed once per document). */
export function findDirectives(doc: XmlDocument): readonly SuppressionDirective[] {
  const cached = directiveCache.get(doc);
  if (cached) return cached;
  const out: SuppressionDirective[] = [];
  for (const comment of comments(doc)) {
    const d = parseDirective(comment.value);
    if (d) out.push({ ...d, comment });
  }
  directiveCache.set(doc, out);
  return out;
}

/** Offset of the start of the line after the one containing `offset` (text.length on the last line). */
function nextLineStart(doc: XmlDocument, offset: number): number {
  const text = doc.text;
  const end = lineEndIn(doc, offset);
  if (end >= text.length) return text.length;
  return end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
}

const targetCache = new WeakMap<XmlDocument, Map<number, number>>();

/**
 * The range a disable-next-line directive covers when the next line starts at `lineStart`: that line,
 * extended to the end of every start tag that begins on it (attributes split over several lines). One
 * forward pass over the elements from `lineStart` (they are in start order and the end only grows),
 * remembered per line: the fixes of many diagnostics on one line share it.
 */
function nextLineTarget(doc: XmlDocument, lineStart: number): { start: number; end: number } {
  let cache = targetCache.get(doc);
  if (!cache) targetCache.set(doc, (cache = new Map()));
  let end = cache.get(lineStart);
  if (end === undefined) {
    end = lineEndIn(doc, lineStart);
    const tags = elementsInOrder(doc);
    for (let i = firstElementFrom(doc, lineStart); i < tags.length && tags[i].start <= end; i++) {
      const el = tags[i];
      const tagEnd = Math.max(el.start, el.startTagEnd - 1);
      if (tagEnd > end) end = lineEndIn(doc, tagEnd);
    }
    cache.set(lineStart, end);
  }
  return { start: lineStart, end };
}

/**
 * Drop the diagnostics that suppression comments silence. Directives are read from the parsed
 * document, so a comment inside an attribute value or CDATA is not one. One sweep over the
 * diagnostics in offset order: linear in directives plus diagnostics (and their codes).
 */
export function applySuppressions(text: string, doc: XmlDocument, diagnostics: readonly Diagnostic[], mayHaveDirectives = true): Diagnostic[] {
  // Most files have no directive: one native search instead of a walk over every node (the caller may know already).
  if (!mayHaveDirectives || !text.includes('iis-config-')) return [...diagnostics];
  const directives = findDirectives(doc);
  if (!directives.length) return [...diagnostics];

  // Line-based directives: ranges with codes, in order of their start.
  const lineRanges: Array<{ start: number; end: number; codes: readonly string[] }> = [];
  // Region directives, in document order: the state changes at the comment's end.
  const regions: SuppressionDirective[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-next-line') {
      const start = nextLineStart(doc, d.comment.end);
      if (start < text.length) lineRanges.push({ ...nextLineTarget(doc, start), codes: d.codes });
    } else if (d.kind === 'disable-line') {
      const start = lineStartIn(doc, d.comment.start);
      lineRanges.push({ start, end: lineEndIn(doc, d.comment.end), codes: d.codes });
    } else {
      regions.push(d);
    }
  }
  lineRanges.sort((a, b) => a.start - b.start);

  // Sweep state: the furthest end of the line ranges started so far, per code and for all codes;
  // the region state after the regions whose comment ended so far.
  let nextRange = 0, nextRegion = 0;
  let allEnd = -1;
  const codeEnd = new Map<string, number>();
  let all = false;
  const codes = new Set<string>(), except = new Set<string>();
  const order = diagnostics.map((_, i) => i).sort((a, b) => diagnostics[a].start - diagnostics[b].start || a - b);
  const silenced = new Array<boolean>(diagnostics.length).fill(false);
  for (const i of order) {
    const d = diagnostics[i];
    for (; nextRange < lineRanges.length && lineRanges[nextRange].start <= d.start; nextRange++) {
      const r = lineRanges[nextRange];
      if (!r.codes.length) allEnd = Math.max(allEnd, r.end);
      else for (const c of r.codes) codeEnd.set(c, Math.max(codeEnd.get(c) ?? -1, r.end));
    }
    for (; nextRegion < regions.length && regions[nextRegion].comment.end <= d.start; nextRegion++) {
      const r = regions[nextRegion];
      if (r.kind === 'disable') {
        if (!r.codes.length) { all = true; codes.clear(); except.clear(); }
        else for (const c of r.codes) { if (all) except.delete(c); else codes.add(c); }
      } else if (!r.codes.length) { all = false; codes.clear(); except.clear(); }
      else for (const c of r.codes) { if (all) except.add(c); else codes.delete(c); }
    }
    const byLine = allEnd >= d.start || (codeEnd.get(d.code) ?? -1) >= d.start;
    const byRegion = all ? !except.has(d.code) : codes.has(d.code);
    silenced[i] = byLine || byRegion;
  }
  return diagnostics.filter((_, i) => !silenced[i]);
}

/** Nodes whose inside a comment cannot be inserted into: start tags, comments, CDATA, PIs, doctype. */
function enclosingUninsertable(doc: XmlDocument, offset: number): { start: number } | undefined {
  return startTagContaining(doc, offset) ?? markupContaining(doc, offset);
}

export function disableFixTitle(code: string): string {
  return `Disable ${code} for this line`;
}

/**
 * The quick fix that silences one diagnostic with `<!-- iis-config-disable-next-line CODE -->` above its
 * line (above the start of the tag when the diagnostic sits on a later line of a multi-line start tag),
 * indented like that line, with the file's line ending. When the line above already is a
 * disable-next-line comment naming codes, the code is added to it instead. Undefined when no comment can
 * go there (before the XML declaration). A byte order mark stays the first character of the file.
 * Lines and elements are looked up through per-document indexes, so asking for the fix of every
 * diagnostic of a file stays linear in its size.
 */
export function disableNextLineFix(text: string, doc: XmlDocument, diagnostic: Diagnostic): CodeAction | undefined {
  let anchor = lineStartIn(doc, diagnostic.start);
  for (let guard = 0; guard < 1000; guard++) {
    const inside = enclosingUninsertable(doc, anchor);
    if (!inside) break;
    anchor = lineStartIn(doc, inside.start);
  }
  // A byte order mark (an editor may hand it over as U+FEFF) must stay first: the comment goes after it.
  if (anchor === 0 && text.charCodeAt(0) === 0xfeff) anchor = 1;
  const indent = lineIndent(text, anchor);
  const firstContent = anchor + indent.length;
  // Nothing may precede the XML declaration.
  if (/^<\?xml[\s?]/.test(text.slice(firstContent, firstContent + 6))) return undefined;
  if (!(diagnostic.start >= anchor && diagnostic.start <= nextLineTarget(doc, anchor).end)) return undefined;

  const title = disableFixTitle(diagnostic.code);
  // Extend an existing directive on the line above.
  const lineStart = lineStartIn(doc, anchor);
  if (lineStart > 0) {
    const prevLineStart = lineStartIn(doc, lineStart - 1);
    const prev = directiveOnLine(doc, prevLineStart, lineStart);
    if (prev) {
      if (prev.codes.includes(diagnostic.code)) return undefined;
      const close = prev.comment.end - 3; // offset of '-->'
      const body = text.slice(prev.comment.start, close).trimEnd();
      return {
        title, kind: 'quickfix', diagnostic,
        edits: [{ start: prev.comment.start + body.length, end: close, newText: `, ${diagnostic.code} ` }],
      };
    }
  }
  const lineEnd = lineEndIn(doc, anchor);
  const eol = lineEnd < text.length ? (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? '\r\n' : text[lineEnd]) : styleOf(doc).eol;
  return {
    title, kind: 'quickfix', diagnostic,
    edits: [{ start: anchor, end: anchor, newText: `${indent}<!-- iis-config-disable-next-line ${diagnostic.code} -->${eol}` }],
  };
}

/** The disable-next-line directive naming codes that starts on the line at `prevLineStart` and covers the line at `lineStart`. */
function directiveOnLine(doc: XmlDocument, prevLineStart: number, lineStart: number): SuppressionDirective | undefined {
  const directives = findDirectives(doc);
  let lo = 0, hi = directives.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (directives[mid].comment.start < prevLineStart) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < directives.length && directives[i].comment.start < lineStart; i++) {
    const d = directives[i];
    if (d.kind === 'disable-next-line' && d.codes.length > 0 && nextLineStart(doc, d.comment.end) === lineStart) return d;
  }
  return undefined;
}
