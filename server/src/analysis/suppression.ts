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
import type { XmlComment, XmlDocument, XmlElement, XmlNode } from '../syntax/xml';
import { detectEol, lineIndent, lineStartOf } from '../syntax/format';
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

/** The suppression directives of a document, in document order. */
export function findDirectives(doc: XmlDocument): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  for (const comment of comments(doc)) {
    const d = parseDirective(comment.value);
    if (d) out.push({ ...d, comment });
  }
  return out;
}

/** Offset of the end of the line containing `offset` (before its line break). */
function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** Offset of the start of the line after the one containing `offset` (text.length on the last line). */
function nextLineStart(text: string, offset: number): number {
  const end = lineEndOf(text, offset);
  if (end >= text.length) return text.length;
  return end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
}

/** Every element in document order (iterative). */
function elements(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlNode[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'element') continue;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/**
 * The range a disable-next-line directive covers when the next line starts at `lineStart`: that line,
 * extended to the end of every start tag that begins on it (attributes split over several lines).
 */
function nextLineTarget(text: string, tags: readonly XmlElement[], lineStart: number): { start: number; end: number } {
  let end = lineEndOf(text, lineStart);
  for (let changed = true; changed;) {
    changed = false;
    for (const el of tags) {
      if (el.start < lineStart) continue;
      if (el.start > end) break;
      const tagEnd = Math.max(el.start, el.startTagEnd - 1);
      if (tagEnd > end) { end = lineEndOf(text, tagEnd); changed = true; }
    }
  }
  return { start: lineStart, end };
}

/**
 * Drop the diagnostics that suppression comments silence. Directives are read from the parsed
 * document, so a comment inside an attribute value or CDATA is not one.
 */
export function applySuppressions(text: string, doc: XmlDocument, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Most files have no directive: one native search instead of a walk over every node.
  if (!text.includes('iis-config-')) return [...diagnostics];
  const directives = findDirectives(doc);
  if (!directives.length) return [...diagnostics];
  const tags = elements(doc);
  const matches = (codes: readonly string[], code: string) => codes.length === 0 || codes.includes(code);

  // Line-based directives: ranges with codes.
  const lineRanges: Array<{ start: number; end: number; codes: readonly string[] }> = [];
  // Region directives, in order: the state changes at the comment's end.
  const regions: SuppressionDirective[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-next-line') {
      const start = nextLineStart(text, d.comment.end);
      if (start < text.length) lineRanges.push({ ...nextLineTarget(text, tags, start), codes: d.codes });
    } else if (d.kind === 'disable-line') {
      const start = lineStartOf(text, d.comment.start);
      lineRanges.push({ start, end: lineEndOf(text, d.comment.end), codes: d.codes });
    } else {
      regions.push(d);
    }
  }

  const disabledByRegion = (code: string, offset: number): boolean => {
    let all = false;
    const codes = new Set<string>(), except = new Set<string>();
    for (const r of regions) {
      if (r.comment.end > offset) break;
      if (r.kind === 'disable') {
        if (!r.codes.length) { all = true; codes.clear(); except.clear(); }
        else for (const c of r.codes) { if (all) except.delete(c); else codes.add(c); }
      } else if (!r.codes.length) { all = false; codes.clear(); except.clear(); }
      else for (const c of r.codes) { if (all) except.add(c); else codes.delete(c); }
    }
    return all ? !except.has(code) : codes.has(code);
  };

  return diagnostics.filter((d) =>
    !lineRanges.some((r) => d.start >= r.start && d.start <= r.end && matches(r.codes, d.code)) && !disabledByRegion(d.code, d.start));
}

/** Nodes whose inside a comment cannot be inserted into: start tags, comments, CDATA, PIs, doctype. */
function enclosingUninsertable(doc: XmlDocument, tags: readonly XmlElement[], offset: number): { start: number } | undefined {
  for (const el of tags) {
    if (el.start > offset) break;
    if (el.start < offset && offset < el.startTagEnd) return el;
  }
  const stack: XmlNode[] = [...doc.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'element') { if (n.start <= offset && offset < n.end) stack.push(...n.children); continue; }
    if (n.type !== 'text' && n.start < offset && offset < n.end) return n;
  }
  return undefined;
}

export function disableFixTitle(code: string): string {
  return `Disable ${code} for this line`;
}

/**
 * The quick fix that silences one diagnostic with `<!-- iis-config-disable-next-line CODE -->` above its
 * line (above the start of the tag when the diagnostic sits on a later line of a multi-line start tag),
 * indented like that line, with the file's line ending. When the line above already is a
 * disable-next-line comment naming codes, the code is added to it instead. Undefined when no comment can
 * go there (before the XML declaration).
 */
export function disableNextLineFix(text: string, doc: XmlDocument, diagnostic: Diagnostic): CodeAction | undefined {
  const tags = elements(doc);
  let anchor = lineStartOf(text, diagnostic.start);
  for (let guard = 0; guard < 1000; guard++) {
    const inside = enclosingUninsertable(doc, tags, anchor);
    if (!inside) break;
    anchor = lineStartOf(text, inside.start);
  }
  const indent = lineIndent(text, anchor);
  const firstContent = anchor + indent.length;
  // Nothing may precede the XML declaration.
  if (/^<\?xml[\s?]/.test(text.slice(firstContent, firstContent + 6))) return undefined;
  if (!(diagnostic.start >= anchor && diagnostic.start <= nextLineTarget(text, tags, anchor).end)) return undefined;

  const title = disableFixTitle(diagnostic.code);
  // Extend an existing directive on the line above.
  if (anchor > 0) {
    const prevLineStart = lineStartOf(text, anchor - 1);
    const prev = findDirectives(doc).find((d) => d.kind === 'disable-next-line' && d.codes.length > 0 &&
      lineStartOf(text, d.comment.start) === prevLineStart && nextLineStart(text, d.comment.end) === anchor);
    if (prev) {
      if (prev.codes.includes(diagnostic.code)) return undefined;
      const close = prev.comment.end - 3; // offset of '-->'
      const body = text.slice(prev.comment.start, close).replace(/\s+$/, '');
      return {
        title, kind: 'quickfix', diagnostic,
        edits: [{ start: prev.comment.start + body.length, end: close, newText: `, ${diagnostic.code} ` }],
      };
    }
  }
  const lineEnd = lineEndOf(text, anchor);
  const eol = lineEnd < text.length ? (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? '\r\n' : text[lineEnd]) : detectEol(text);
  return {
    title, kind: 'quickfix', diagnostic,
    edits: [{ start: anchor, end: anchor, newText: `${indent}<!-- iis-config-disable-next-line ${diagnostic.code} -->${eol}` }],
  };
}
