/**
 * Tolerant XML syntax layer.
 *
 * `parseXml` never throws and never gives up: it returns a tree with exact
 * offsets (UTF-16 code units into the input string) for every element, start
 * tag, end tag, attribute name and value, plus a list of syntax errors. It
 * knows nothing about IIS.
 *
 * The parser is iterative (an explicit stack, no recursion), so deeply nested
 * input cannot overflow the call stack. DOCTYPE declarations are skipped and
 * their entities are never expanded or fetched.
 */

export interface XmlAttribute {
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Value with entities decoded and whitespace normalised as an XML processor does. */
  readonly value: string;
  /** Value exactly as written, without the quotes. */
  readonly rawValue: string;
  /** Offsets of the raw value (inside the quotes). Equal to nameEnd when the attribute has no value. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quote: '"' | "'" | '';
  /** Whole attribute, from the first character of the name to the closing quote. */
  readonly start: number;
  readonly end: number;
}

export interface XmlElement {
  readonly type: 'element';
  readonly name: string;
  /** Offset of '<' of the start tag. */
  readonly start: number;
  /** Offset after the end tag ('>' + 1), or after the start tag when self-closing / never closed. */
  end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Offset after the start tag's '>' (or where the tag was cut off). */
  startTagEnd: number;
  /** Offset of '</' of the end tag, or -1 when there is none. */
  endTagStart: number;
  selfClosing: boolean;
  /** False when the element was never properly closed (missing end tag, truncated file). */
  closed: boolean;
  readonly attributes: XmlAttribute[];
  readonly children: XmlNode[];
  readonly parent: XmlElement | undefined;
  readonly depth: number;
}

export interface XmlText { readonly type: 'text'; readonly start: number; readonly end: number; }
export interface XmlComment { readonly type: 'comment'; readonly start: number; readonly end: number; /** inner text */ readonly value: string; }
export interface XmlCData { readonly type: 'cdata'; readonly start: number; readonly end: number; }
export interface XmlProcessingInstruction { readonly type: 'pi'; readonly start: number; readonly end: number; readonly target: string; }
export interface XmlDoctype { readonly type: 'doctype'; readonly start: number; readonly end: number; }

export type XmlNode = XmlElement | XmlText | XmlComment | XmlCData | XmlProcessingInstruction | XmlDoctype;

export interface XmlSyntaxError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** 'error' for well-formedness errors; 'info' for things that are legal XML but not processed. */
  readonly severity: 'error' | 'info';
}

export interface XmlDocument {
  readonly text: string;
  /** Top-level nodes (comments, PIs, the root element, stray text). */
  readonly children: XmlNode[];
  /** The first top-level element, if any. */
  readonly root: XmlElement | undefined;
  readonly errors: XmlSyntaxError[];
  /** True when the text has no well-formedness errors. */
  readonly wellFormed: boolean;
}

export interface ParseOptions {
  /** Stop recording errors after this many (parsing continues). Default 200. */
  maxErrors?: number;
}

const CH_LT = 60, CH_GT = 62, CH_SLASH = 47, CH_EQ = 61, CH_QUOT = 34, CH_APOS = 39, CH_AMP = 38,
  CH_BANG = 33, CH_QMARK = 63, CH_SEMI = 59, CH_HASH = 35;

function isWs(c: number): boolean { return c === 32 || c === 9 || c === 10 || c === 13; }

/**
 * XML 1.0 (fifth edition) NameStartChar, for one UTF-16 code unit. A high surrogate counts (the code point it starts,
 * U+10000–U+EFFFF, is a name character when the pair is valid; {@link Parser.scanName} checks the pair).
 */
function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return isNonAsciiNameStart(c);
}

function isNonAsciiNameStart(c: number): boolean {
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d)
    || (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef)
    || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd)
    || (c >= 0xd800 && c <= 0xdb7f); // high surrogates of U+10000–U+EFFFF
}

/** XML 1.0 (fifth edition) NameChar, for one UTF-16 code unit (see {@link isNameStart} for surrogates). */
function isNameChar(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46;
  return c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 || isNonAsciiNameStart(c);
}

/** Shared by every element without children or attributes (frozen: nothing may add to them). */
export const NO_CHILDREN = Object.freeze([]) as unknown as XmlNode[];
export const NO_ATTRIBUTES = Object.freeze([]) as unknown as XmlAttribute[];

/** Characters XML 1.0 forbids anywhere in a document. */
function isForbiddenChar(c: number): boolean {
  return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff;
}

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Size of the parser's name cache (a power of two): element and attribute names repeat, so they are shared. */
const NAME_CACHE_SIZE = 1024;
/** Names longer than this are not cached. */
const NAME_CACHE_MAX_LENGTH = 40;
/**
 * Characters that need a closer look in text: entity references, characters XML forbids, ']' (of ']]>') and
 * surrogates (a pair is fine, a lone one is not a character).
 */
const TEXT_SPECIAL = /[&\]\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;
/** Characters that need a closer look in an attribute value: '<', entity references, whitespace to normalise, forbidden characters, surrogates. */
const VALUE_SPECIAL = /[<&\u0000-\u001f\ud800-\udfff\ufffe\uffff]/g;
/** A character XML 1.0 does not allow (Char production), including a surrogate that is not part of a pair. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function isHighSurrogate(c: number): boolean { return c >= 0xd800 && c <= 0xdbff; }
function isLowSurrogate(c: number): boolean { return c >= 0xdc00 && c <= 0xdfff; }

function describeChar(c: number): string {
  if (c === 0) return 'NUL byte in the file: this looks like binary data, not XML text.';
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c >= 0xd800 && c <= 0xdfff) return `Unpaired surrogate ${hex} is not a character: the text is not valid Unicode here.`;
  return `Character ${hex} is not allowed in XML.`;
}

/** XML 1.0's XMLDecl after '<?xml': version, then optional encoding and standalone, each after white space. */
const XML_DECLARATION = /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)'))?[ \t\r\n]*$/;

/**
 * Encoding names the .NET Framework's Encoding.GetEncoding knows (IANA names and Windows code pages, compared
 * case-insensitively), by pattern; libxml2 knows these too. A name outside them makes .NET's XmlReader throw
 * ("System does not support '…' encoding").
 */
const KNOWN_ENCODINGS = /^(?:utf-(?:8|7|16|16le|16be|32|32le|32be)|unicode|unicodefffe|ucs-2|ucs-4|iso-10646-ucs-2|us-ascii|ascii|ansi_x3\.4-1968|iso-8859-(?:[1-9]|1[0-5])|iso8859-(?:[1-9]|1[0-5])|latin1|l1|iso-2022-(?:jp|kr|cn)|windows-(?:874|125[0-8]|31j)|cp(?:437|850|852|855|857|858|860|861|862|863|864|865|866|869|874|932|936|949|950|125[0-8]|65001)|ibm\d{3,5}|x-[a-z0-9._-]+|shift_jis|shift-jis|sjis|ms_kanji|euc-(?:jp|kr|cn|tw)|gb2312|gbk|gb18030|hz-gb-2312|big5(?:-hkscs)?|koi8-[ru]|ks_c_5601-1987|macintosh|mac|csisolatin1|dos-\d+|utf8)$/i;

function isKnownEncoding(name: string): boolean { return KNOWN_ENCODINGS.test(name); }

/** The entity names a DOCTYPE's internal subset declares, and whether it names an external DTD. */
function readDoctype(body: string): { entities: Set<string>; external: boolean } {
  const entities = new Set<string>();
  const bracket = body.indexOf('[');
  const head = bracket < 0 ? body : body.slice(0, bracket);
  const external = /[ \t\r\n](?:SYSTEM|PUBLIC)[ \t\r\n]/.test(head + ' ');
  if (bracket >= 0) {
    const re = /<!ENTITY[ \t\r\n]+([^ \t\r\n%]+)/g;
    for (let m = re.exec(body); m; m = re.exec(body)) entities.add(m[1]);
  }
  return { entities, external };
}

/** What a '<!' construct that is neither a comment, CDATA nor DOCTYPE most likely meant to be. */
function markupHint(text: string, start: number): string {
  const head = text.slice(start, start + 12);
  if (head.startsWith('<!-')) return "A comment starts with '<!--' (two dashes).";
  if (/^<!doctype/i.test(head)) return "DOCTYPE must be written in capitals: '<!DOCTYPE'.";
  if (/^<!\[cdata\[/i.test(head)) return "A CDATA section starts with '<![CDATA[' (in capitals).";
  if (head.startsWith('<![')) return "Unknown markup: a CDATA section starts with '<![CDATA['.";
  if (/^<!(?:ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(head)) return 'Markup declarations are only allowed inside a DOCTYPE.';
  return "Unknown markup declaration: after '<!' only a comment '<!--', '<![CDATA[' or '<!DOCTYPE' may follow.";
}

/** Attributes of one start tag compared by a scan; beyond this many, by a set of their names. */
const ATTRIBUTE_SCAN_LIMIT = 16;

export function parseXml(text: string, options: ParseOptions = {}): XmlDocument {
  return new Parser(text, options.maxErrors ?? 200).parse();
}

/**
 * `parseXml` in steps: the generator pauses (yields) after about every
 * `stepChars` characters, so a caller can let other work run while a large
 * file is parsed, or stop early. Run to completion, it returns exactly what
 * `parseXml` returns.
 */
export function* parseXmlSteps(text: string, options: ParseOptions = {}, stepChars = 1 << 18): Generator<void, XmlDocument, void> {
  const parser = new Parser(text, options.maxErrors ?? 200);
  parser.begin();
  while (!parser.done()) {
    parser.run(stepChars);
    if (!parser.done()) yield;
  }
  return parser.finish();
}

class Parser {
  private pos = 0;
  private readonly len: number;
  private readonly errors: XmlSyntaxError[] = [];
  private errorCount = 0;
  private hasError = false;
  private readonly top: XmlNode[] = [];
  /** Where the construct being parsed starts: the owner of the errors it reports (see errorOwners). */
  private constructStart = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  /** Entities a DOCTYPE declares (never expanded); undefined before a DOCTYPE is seen. */
  private doctype: { readonly entities: ReadonlySet<string>; readonly external: boolean } | undefined;
  /** Recently seen names by hash: repeated element and attribute names become one shared string, not one per use. */
  private readonly names: Array<string | undefined> = new Array(NAME_CACHE_SIZE);
  /**
   * Names of end tags known to match no open element. Kept while no element of that name is opened, so a run of
   * stray end tags under deep nesting costs one search of the open-element stack, not one per tag.
   */
  private readonly unmatchedEndTags = new Set<string>();
  /**
   * Offsets of the next TEXT_SPECIAL / VALUE_SPECIAL character at or after the last position searched (`len` when
   * there is none). The parser only moves forward, so each part of the text is searched at most once per kind: a
   * native search instead of a loop over every character.
   */
  private nextTextSpecial = -1;
  private nextValueSpecial = -1;
  /** Offset of the next '>' at or after the last unterminated attribute value (same idea). */
  private nextGt = -1;

  constructor(private readonly text: string, private readonly maxErrors: number) {
    this.len = text.length;
  }

  private error(message: string, start: number, end: number, severity: 'error' | 'info' = 'error'): void {
    if (severity === 'error') this.hasError = true;
    this.errorCount++;
    let e: XmlSyntaxError | undefined;
    if (this.errors.length < this.maxErrors) {
      e = { message, start, end: Math.max(start, Math.min(end, this.len)), severity };
    } else if (this.errors.length === this.maxErrors) {
      e = { message: 'Too many XML syntax errors; further errors are not reported.', start, end: Math.max(start, Math.min(end, this.len)), severity: 'error' };
    }
    if (e) {
      this.errors.push(e);
      errorOwners.set(e, this.constructStart);
    }
  }

  private textSpecialFrom(from: number): number {
    if (this.nextTextSpecial < from) this.nextTextSpecial = this.search(TEXT_SPECIAL, from);
    return this.nextTextSpecial;
  }

  private valueSpecialFrom(from: number): number {
    if (this.nextValueSpecial < from) this.nextValueSpecial = this.search(VALUE_SPECIAL, from);
    return this.nextValueSpecial;
  }

  /**
   * The offset of the next match of `re` at or after `from` (`len` when none). A fragment parse searches its own
   * range only: what starts inside and reaches past it makes the fragment fail anyway, and a search through the
   * rest of a large file for every fragment would make an incremental re-parse as slow as a full one.
   */
  private search(re: RegExp, from: number): number {
    if (this.window !== undefined) {
      re.lastIndex = from - this.windowStart;
      const m = re.exec(this.window);
      return m ? m.index + this.windowStart : this.len;
    }
    re.lastIndex = from;
    const m = re.exec(this.text);
    return m ? m.index : this.len;
  }

  private nextForbidden = -1;
  private window: string | undefined;
  private windowStart = 0;

  /**
   * The children of the open elements, one reused array per depth: an element gets an array of exactly its number of
   * children when it closes (one allocation), and every element without children shares one empty array.
   */
  private readonly pending: XmlNode[][] = [];

  /** Close the innermost open element: its children are final. */
  private pop(): XmlElement {
    const depth = this.stack.length - 1;
    const el = this.stack.pop()!;
    const kids = this.pending[depth];
    if (kids && kids.length) {
      (el as { children: XmlNode[] }).children = kids.slice();
      kids.length = 0;
    }
    return el;
  }

  private current(): XmlElement | undefined { return this.stack.length ? this.stack[this.stack.length - 1] : undefined; }

  /**
   * Scan an XML name from `start` and return its end offset; the name itself is then `this.scannedName`
   * (shared with earlier occurrences of the same name).
   */
  private scanName(start: number): number {
    const text = this.text, len = this.len;
    let i = start, h = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 0x80 ? !isNameChar(c) : !this.isNameCharAt(c, i)) break;
      h = (Math.imul(h, 31) + c) | 0;
      i += isHighSurrogate(c) ? 2 : 1;
    }
    const n = i - start;
    if (n > NAME_CACHE_MAX_LENGTH) { this.scannedName = text.slice(start, i); return i; }
    const slot = (h ^ (h >>> 10) ^ n) & (NAME_CACHE_SIZE - 1);
    const cached = this.names[slot];
    if (cached !== undefined && cached.length === n && text.startsWith(cached, start)) { this.scannedName = cached; return i; }
    const name = text.slice(start, i);
    this.names[slot] = name;
    this.scannedName = name;
    return i;
  }

  /** A non-ASCII name character at `i`: a high surrogate only when a low one follows (U+10000–U+EFFFF). */
  private isNameCharAt(c: number, i: number): boolean {
    if (!isNameChar(c)) return false;
    return !isHighSurrogate(c) || isLowSurrogate(this.text.charCodeAt(i + 1));
  }

  /** Report the first character XML forbids in [start, end) (comments, PIs, CDATA, DOCTYPE). */
  private checkForbidden(start: number, end: number): void {
    // One forward cursor, like the other searches: each part of the text is searched once, however many comments.
    if (this.nextForbidden < start) this.nextForbidden = this.search(FORBIDDEN, start);
    const at = this.nextForbidden;
    if (at >= end) return;
    this.error(describeChar(this.text.charCodeAt(at)), at, at + 1);
  }

  private scannedName = '';
  /**
   * The attributes of the start tag being parsed. They are copied into an array of exactly their number when the tag
   * ends: arrays grown by push keep room for 16 more entries, which for a large file adds up to megabytes.
   */
  private readonly attrs: XmlAttribute[] = [];
  /** Names of the current start tag's attributes that have a value, once it has more than ATTRIBUTE_SCAN_LIMIT (else a scan of `attrs`). */
  private attrNames: Set<string> | undefined;

  private append(node: XmlNode): void {
    const depth = this.stack.length;
    if (this.fragment && depth === this.fragment.outerDepth) this.fragment.nodes.push(node);
    else if (depth) (this.pending[depth - 1] ??= []).push(node);
    else this.top.push(node);
  }

  /**
   * Fragment mode (incremental re-parsing, {@link reparse}): the parse starts inside the document with the
   * ancestors of the fragment open; nodes at the fragment's top level are collected here instead of being added to
   * the (already complete) parent; `aborted` is set when the fragment's text reaches outside it (an end tag that
   * closes an ancestor).
   */
  private fragment: { readonly outerDepth: number; readonly nodes: XmlNode[]; aborted: boolean } | undefined;

  /** Parse `text` from `start` to `limit` with `ancestors` open; see {@link reparse}. */
  parseFragment(start: number, limit: number, ancestors: readonly XmlElement[], root: XmlElement, doctype: Parser['doctype']): { nodes: XmlNode[]; errors: XmlSyntaxError[]; ok: boolean } {
    this.fragment = { outerDepth: ancestors.length, nodes: [], aborted: false };
    this.window = this.text.slice(start, limit);
    this.windowStart = start;
    for (const a of ancestors) this.stack.push(a);
    this.root = root;
    this.doctype = doctype;
    this.pos = start;
    let last: XmlNode | undefined;
    while (this.pos < limit && !this.fragment.aborted) {
      this.constructStart = this.pos;
      if (this.text.charCodeAt(this.pos) === CH_LT) this.parseMarkup();
      else this.parseText();
      if (this.stack.length < ancestors.length) this.fragment.aborted = true;
      last = this.fragment.nodes[this.fragment.nodes.length - 1];
    }
    const ok = !this.fragment.aborted && this.pos === limit && this.stack.length === ancestors.length
      && (last === undefined ? start === limit : last.end === limit);
    this.stack.length = 0;
    return { nodes: this.fragment.nodes, errors: this.errors, ok };
  }

  parse(): XmlDocument {
    this.begin();
    this.run(this.len);
    return this.finish();
  }

  begin(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1; // byte-order mark
  }

  done(): boolean { return this.pos >= this.len; }

  /** Parse the constructs that start in the next `chars` characters. */
  run(chars: number): void {
    const text = this.text;
    const until = Math.min(this.len, this.pos + chars);
    while (this.pos < until) {
      this.constructStart = this.pos;
      const c = text.charCodeAt(this.pos);
      if (c === CH_LT) this.parseMarkup();
      else this.parseText();
    }
  }

  finish(): XmlDocument {
    const text = this.text;
    this.constructStart = this.len;
    // Anything still open at end of input was never closed.
    while (this.stack.length) {
      const el = this.pop();
      el.end = this.len;
      el.closed = false;
      this.error(`Element <${el.name}> is not closed (end of file reached).`, el.nameStart, el.nameEnd);
    }
    if (!this.root) {
      const start = 0, end = Math.min(this.len, 1);
      this.error(this.len === 0 || text.trim() === '' ? 'The file is empty: an XML document needs a root element.' : 'No root element found: this does not look like an XML document.', start, end);
    }
    // In document order (errors found when an element closes are reported at its start tag): a stable sort.
    if (!sortedByStart(this.errors)) this.errors.sort((a, b) => a.start - b.start);
    return { text, children: this.top, root: this.root, errors: this.errors, wellFormed: !this.hasError };
  }

  private parseText(): void {
    const text = this.text;
    const start = this.pos;
    let end = text.indexOf('<', start);
    if (end < 0) end = this.len;
    this.pos = end;
    if (this.textSpecialFrom(start) < end) this.scanCharacterData(start, end, true);
    const parent = this.current();
    if (!parent) {
      // Only whitespace may stand outside the root element.
      for (let i = start; i < end; i++) {
        if (!isWs(text.charCodeAt(i))) {
          let j = end;
          while (j > i && isWs(text.charCodeAt(j - 1))) j--;
          this.error(this.root ? 'Text after the root element is not allowed.' : 'Text before the root element is not allowed.', i, j);
          break;
        }
      }
    }
    this.append({ type: 'text', start, end });
  }

  /** Report forbidden characters and malformed entity references in text or attribute values. */
  private scanCharacterData(start: number, end: number, inText: boolean): void {
    const text = this.text;
    let forbiddenReported = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === CH_AMP) {
        i = this.checkEntity(i, end) - 1;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1)) && i + 1 < end) { i++; continue; }
        if (!forbiddenReported) {
          forbiddenReported = true;
          this.error(describeChar(c), i, i + 1);
        }
      } else if (c < 32 || c >= 0xfffe) {
        if (isForbiddenChar(c) && !forbiddenReported) {
          forbiddenReported = true;
          // A NUL byte anywhere in this run of text says "binary file" more clearly than the first bad character.
          const nul = c === 0 ? i : text.indexOf('\u0000', i);
          const at = nul >= 0 && nul < end ? nul : i;
          let j = at + 1;
          while (j < end && isForbiddenChar(text.charCodeAt(j))) j++;
          this.error(describeChar(text.charCodeAt(at)), at, j);
        }
      } else if (inText && c === 93 /* ] */ && text.startsWith(']]>', i)) {
        this.error("']]>' is not allowed in text; write ']]&gt;'.", i, i + 3);
      }
    }
  }

  /** Validate an entity reference starting at `at` ('&'). Returns the offset after it. */
  private checkEntity(at: number, limit: number): number {
    const text = this.text;
    // Look for the ';' at most 40 characters ahead (never scan the rest of the file for each '&').
    let semi = -1;
    for (let k = at + 1, stop = Math.min(limit, at + 41); k < stop; k++) {
      if (text.charCodeAt(k) === CH_SEMI) { semi = k; break; }
    }
    if (semi < 0) {
      this.error("'&' must start an entity reference such as '&amp;'; write '&amp;' for a literal ampersand.", at, at + 1);
      return at + 1;
    }
    const body = text.slice(at + 1, semi);
    if (body.charCodeAt(0) === CH_HASH) {
      const ok = /^#(?:[0-9]+|x[0-9a-fA-F]+)$/.test(body);
      if (!ok) this.error(`Malformed character reference '&${body};'.`, at, semi + 1);
      else {
        const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 32 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) {
          this.error(`Character reference '&${body};' names a character XML does not allow.`, at, semi + 1);
        }
      }
      return semi + 1;
    }
    if (!/^[A-Za-z_:][\w.:-]*$/.test(body)) {
      this.error("'&' must start an entity reference such as '&amp;'; write '&amp;' for a literal ampersand.", at, at + 1);
      return at + 1;
    }
    if (!(body in PREDEFINED_ENTITIES)) {
      const dt = this.doctype;
      if (dt?.entities.has(body)) this.error(`Entity '&${body};' is declared in the DOCTYPE, which is not processed: it is left unexpanded.`, at, semi + 1, 'info');
      else if (dt?.external) this.error(`Entity '&${body};' can only come from the external DTD, which is never read: it is left unexpanded.`, at, semi + 1, 'info');
      else this.error(`Unknown entity '&${body};': only &amp; &lt; &gt; &quot; &apos; and character references are defined.`, at, semi + 1);
    }
    return semi + 1;
  }

  private parseMarkup(): void {
    const text = this.text;
    const start = this.pos;
    const next = text.charCodeAt(start + 1);
    if (next === CH_BANG) {
      if (text.startsWith('<!--', start)) return this.parseComment(start);
      if (text.startsWith('<![CDATA[', start)) return this.parseCData(start);
      if (text.startsWith('<!DOCTYPE', start)) return this.parseDoctype(start);
      // Unknown declaration: skip to '>'; say what was most likely meant.
      let end = text.indexOf('>', start);
      end = end < 0 ? this.len : end + 1;
      this.error(markupHint(text, start), start, Math.min(end, start + 2 + (/^[\w\[-]*/.exec(text.slice(start + 2, start + 12))?.[0].length ?? 0)));
      this.pos = end;
      return;
    }
    if (next === CH_QMARK) return this.parsePI(start);
    if (next === CH_SLASH) return this.parseEndTag(start);
    if (isNameStart(next) && (!isHighSurrogate(next) || isLowSurrogate(text.charCodeAt(start + 2)))) return this.parseStartTag(start);
    // A lone '<'.
    this.error(isWs(next) ? "'<' must be followed by the element name, without a space; write '&lt;' for a literal '<'." : "'<' must start a tag; write '&lt;' for a literal '<'.", start, start + 1);
    this.pos = start + 1;
    this.append({ type: 'text', start, end: start + 1 });
  }

  private parseComment(start: number): void {
    const text = this.text;
    const close = text.indexOf('-->', start + 4);
    const end = close < 0 ? this.len : close + 3;
    if (close < 0) this.error('Comment is not closed: expected -->.', start, start + 4);
    else {
      const dd = text.indexOf('--', start + 4);
      if (dd >= 0 && dd < close) this.error(dd + 1 === close ? "A comment may not end with '--->': remove the extra '-'." : "'--' is not allowed inside a comment.", dd, dd + 2);
    }
    this.checkForbidden(start + 4, close < 0 ? this.len : close);
    this.pos = end;
    this.append({ type: 'comment', start, end, value: text.slice(start + 4, close < 0 ? this.len : close) });
  }

  private parseCData(start: number): void {
    const close = this.text.indexOf(']]>', start + 9);
    const end = close < 0 ? this.len : close + 3;
    if (close < 0) this.error('CDATA section is not closed: expected ]]>.', start, start + 9);
    this.checkForbidden(start + 9, close < 0 ? this.len : close);
    if (!this.current()) this.error('CDATA is not allowed outside the root element.', start, end);
    this.pos = end;
    this.append({ type: 'cdata', start, end });
  }

  private parseDoctype(start: number): void {
    // Skip the declaration, including an internal subset in [...]; nothing inside is expanded or fetched.
    const text = this.text;
    let i = start + 9, depth = 0, quote = 0;
    for (; i < this.len; i++) {
      const c = text.charCodeAt(i);
      if (quote) { if (c === quote) quote = 0; continue; }
      if (c === CH_QUOT || c === CH_APOS) quote = c;
      else if (c === 91) depth++;
      else if (c === 93) depth = Math.max(0, depth - 1);
      else if (c === CH_GT && depth === 0) break;
    }
    const end = i < this.len ? i + 1 : this.len;
    if (i >= this.len) this.error('DOCTYPE declaration is not closed.', start, start + 9);
    if (this.root || this.current()) this.error('DOCTYPE must come before the root element.', start, start + 9);
    this.error('DOCTYPE is not processed: its entities are never expanded and external references are never read.', start, start + 9, 'info');
    this.checkForbidden(start + 9, end);
    this.doctype = readDoctype(text.slice(start + 9, end));
    if (this.fragment) this.fragment.aborted = true; // it changes how every later entity reference reads
    this.pos = end;
    this.append({ type: 'doctype', start, end });
  }

  private parsePI(start: number): void {
    const text = this.text;
    const first = text.charCodeAt(start + 2);
    let i = start + 2;
    if (isNameStart(first)) i = this.scanName(i);
    const target = text.slice(start + 2, i);
    const close = text.indexOf('?>', i);
    const end = close < 0 ? this.len : close + 2;
    const contentEnd = close < 0 ? this.len : close;
    if (close < 0) this.error('Processing instruction is not closed: expected ?>.', start, i);
    if (target === '') this.error('Processing instruction needs a target name.', start, start + 2);
    else if (target.toLowerCase() === 'xml') {
      const bomOffset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (target !== 'xml') this.error(`'<?${target}' must be written in lower case: '<?xml'.`, start, i);
      else if (start !== bomOffset) this.error('The XML declaration <?xml ...?> must be the very first thing in the file (nothing, not even whitespace, may precede it).', start, i);
      else if (close >= 0) this.checkXmlDeclaration(i, close);
    } else if (i < contentEnd && !isWs(text.charCodeAt(i))) {
      this.error(`A processing instruction's target must be followed by a space: '<?${target} …?>'.`, i, i + 1);
    }
    this.checkForbidden(i, contentEnd);
    this.pos = end;
    this.append({ type: 'pi', start, end, target });
  }

  /** The pseudo-attributes of `<?xml …?>` between `from` (after 'xml') and `to` (the '?>'): XML 1.0's XMLDecl. */
  private checkXmlDeclaration(from: number, to: number): void {
    const body = this.text.slice(from, to);
    const m = XML_DECLARATION.exec(body);
    if (!m) {
      this.error(/version/.test(body)
        ? 'Malformed XML declaration: write <?xml version="1.0" encoding="utf-8"?> (version first, then encoding, then standalone, each after a space).'
        : 'The XML declaration needs a version: <?xml version="1.0" …?>.', from - 5, to + 2);
      return;
    }
    /** Offset of a pseudo-attribute's value: after the '=' and the quote that follow its name. */
    const valueAt = (name: string) => {
      const eq = body.indexOf('=', body.indexOf(name));
      let k = eq + 1;
      while (isWs(body.charCodeAt(k))) k++;
      return from + k + 1;
    };
    const version = m[1] ?? m[2];
    if (version !== '1.0') {
      const at = valueAt('version');
      this.error(/^1\.[0-9]+$/.test(version)
        ? `XML version "${version}" is not supported by IIS and .NET: write version="1.0".`
        : `"${version}" is not an XML version: write version="1.0".`, at, at + version.length);
    }
    const encoding = m[3] ?? m[4];
    if (encoding !== undefined) {
      const at = valueAt('encoding');
      if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(encoding)) this.error(`"${encoding}" is not an encoding name (letters, digits, '.', '_' and '-', starting with a letter).`, at, at + encoding.length);
      else if (!isKnownEncoding(encoding)) this.error(`Unknown encoding "${encoding}": .NET cannot read the file; write encoding="utf-8".`, at, at + encoding.length);
    }
    const standalone = m[5] ?? m[6];
    if (standalone !== undefined && standalone !== 'yes' && standalone !== 'no') {
      const at = valueAt('standalone');
      this.error(`standalone must be "yes" or "no", not "${standalone}".`, at, at + standalone.length);
    }
  }

  private parseStartTag(start: number): void {
    const text = this.text;
    let i = start + 1;
    const nameStart = i;
    i = this.scanName(i);
    const nameEnd = i;
    const name = this.scannedName;
    const parent = this.current();
    const el: XmlElement = {
      type: 'element', name, start, end: start, nameStart, nameEnd, startTagEnd: start, endTagStart: -1,
      selfClosing: false, closed: false, attributes: NO_ATTRIBUTES, children: NO_CHILDREN, parent, depth: this.stack.length,
    };
    if (!parent) {
      if (this.root) this.error(`Only one root element is allowed; <${name}> is a second one.`, nameStart, nameEnd);
      else this.root = el;
    }
    this.append(el);

    let terminated = false;
    /** The previous construct was an attribute with a value: the next attribute needs white space before it. */
    let afterValue = false;
    while (i < this.len) {
      const c = text.charCodeAt(i);
      if (isWs(c)) { i++; afterValue = false; continue; }
      if (c === CH_GT) { i++; terminated = true; break; }
      if (c === CH_SLASH && text.charCodeAt(i + 1) === CH_GT) { i += 2; el.selfClosing = true; terminated = true; break; }
      if (c === CH_LT) break; // a new tag starts: this one was never closed
      if (isNameStart(c) && (!isHighSurrogate(c) || isLowSurrogate(text.charCodeAt(i + 1)))) {
        if (afterValue) this.error('Attributes must be separated by white space.', i, i + 1);
        const before = this.attrs.length;
        i = this.parseAttribute(el, i);
        const a = this.attrs[before];
        afterValue = !!a && a.quote !== '' && a.end > a.valueEnd;
        continue;
      }
      afterValue = false;
      // Garbage inside the tag: report it once and skip to something meaningful.
      let j = i + 1;
      while (j < this.len) {
        const d = text.charCodeAt(j);
        if (isWs(d) || d === CH_GT || d === CH_LT || d === CH_SLASH || isNameStart(d)) break;
        j++;
      }
      if (c === CH_SLASH) this.error("'/' in a tag must be followed by '>'.", i, i + 1);
      else this.error(`Unexpected character '${text[i]}' in tag <${name}>.`, i, j);
      i = j;
    }
    if (this.attrs.length) {
      (el as { attributes: XmlAttribute[] }).attributes = this.attrs.slice();
      this.attrs.length = 0;
      this.attrNames = undefined;
    }
    el.startTagEnd = i;
    if (!terminated) {
      this.error(`Start tag <${name}> is not closed: expected '>' or '/>'.`, nameStart, nameEnd);
      el.selfClosing = true; // treat as empty so following siblings are not swallowed
      el.closed = false;
      el.end = i;
      this.pos = i;
      return;
    }
    this.pos = i;
    if (el.selfClosing) {
      el.closed = true;
      el.end = i;
    } else {
      this.stack.push(el);
      if (this.unmatchedEndTags.size !== 0) this.unmatchedEndTags.delete(name);
    }
  }

  private parseAttribute(el: XmlElement, i: number): number {
    const text = this.text;
    const nameStart = i;
    i = this.scanName(i);
    const nameEnd = i;
    const name = this.scannedName;
    let j = i;
    while (j < this.len && isWs(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== CH_EQ) {
      this.error(`Attribute '${name}' has no value: expected ${name}="...".`, nameStart, nameEnd);
      this.attrs.push({ name, nameStart, nameEnd, value: '', rawValue: '', valueStart: nameEnd, valueEnd: nameEnd, quote: '', start: nameStart, end: nameEnd });
      return nameEnd;
    }
    j++;
    while (j < this.len && isWs(text.charCodeAt(j))) j++;
    const q = text.charCodeAt(j);
    let valueStart: number, valueEnd: number, end: number, quote: '"' | "'" | '';
    /** The value may hold entity references, forbidden characters or whitespace to normalise. */
    let special = true;
    if (q === CH_QUOT || q === CH_APOS) {
      quote = q === CH_QUOT ? '"' : "'";
      valueStart = j + 1;
      // The value ends at the closing quote unless a '<' (which cannot appear in a value) comes first. A value
      // without special characters needs no further checks and no decoding.
      let close = text.indexOf(quote, valueStart);
      let lt = -1;
      if (close < 0 || this.valueSpecialFrom(valueStart) < close) {
        lt = text.indexOf('<', valueStart);
        if (lt >= 0 && lt < close) close = -1;
      } else {
        special = false;
      }
      if (close < 0) {
        // Unterminated value: stop at the next '<' or line end that is followed by markup.
        let stop = lt >= 0 ? lt : this.len;
        if (this.nextGt < valueStart) this.nextGt = text.indexOf('>', valueStart);
        const gt = this.nextGt < 0 ? -1 : this.nextGt;
        if (this.nextGt < 0) this.nextGt = this.len; // no '>' left: never search again
        if (gt >= 0 && gt < stop) stop = text.charCodeAt(gt - 1) === CH_SLASH && gt - 1 >= valueStart ? gt - 1 : gt;
        valueEnd = stop;
        end = stop;
        this.error(`Attribute value of '${name}' is not closed: expected ${quote}.`, j, j + 1);
      } else {
        valueEnd = close;
        end = close + 1;
      }
    } else {
      quote = '';
      valueStart = j;
      let k = j;
      while (k < this.len) {
        const d = text.charCodeAt(k);
        if (isWs(d) || d === CH_GT || d === CH_LT || (d === CH_SLASH && text.charCodeAt(k + 1) === CH_GT)) break;
        k++;
      }
      valueEnd = k;
      end = k;
      this.error(`Attribute value of '${name}' must be in quotes.`, valueStart, Math.max(valueEnd, valueStart + 1));
    }
    const rawValue = text.slice(valueStart, valueEnd);
    if (special) this.scanCharacterData(valueStart, valueEnd, false);
    const attributes = this.attrs;
    // Attributes written without a value (valueStart === nameEnd) do not count as a first occurrence. A scan while
    // the tag has few attributes, a set of their names beyond that (so 20,000 attributes cost linear time).
    let twice = false;
    if (attributes.length <= ATTRIBUTE_SCAN_LIMIT) {
      for (let k = 0; k < attributes.length; k++) {
        const other = attributes[k];
        if (other.name === name && other.valueStart !== other.nameEnd) { twice = true; break; }
      }
    } else {
      if (!this.attrNames) this.attrNames = new Set(attributes.filter((a) => a.valueStart !== a.nameEnd).map((a) => a.name));
      twice = this.attrNames.has(name);
    }
    if (twice) this.error(`Attribute '${name}' appears twice on <${el.name}>.`, nameStart, nameEnd);
    if (this.attrNames && valueStart !== nameEnd) this.attrNames.add(name);
    attributes.push({ name, nameStart, nameEnd, value: special ? decodeAttributeValue(rawValue) : rawValue, rawValue, valueStart, valueEnd, quote, start: nameStart, end });
    return end;
  }

  private parseEndTag(start: number): void {
    const text = this.text;
    let i = start + 2;
    const nameStart = i;
    i = this.scanName(i);
    const nameEnd = i;
    const name = this.scannedName;
    while (i < this.len && isWs(text.charCodeAt(i))) i++;
    let end: number;
    if (text.charCodeAt(i) === CH_GT) end = i + 1;
    else {
      end = i;
      this.error(name ? `End tag </${name}> is not closed: expected '>'.` : "Expected an element name after '</'.", start, Math.max(nameEnd, start + 2));
    }
    this.pos = Math.max(end, start + 2);
    if (!name) {
      if (end === i + 1) this.error("An end tag needs the element's name: '</name>'.", start, end);
      return;
    }
    // Find the matching open element.
    let k = this.stack.length - 1;
    if (this.unmatchedEndTags.size !== 0 && this.unmatchedEndTags.has(name)) k = -1;
    else {
      while (k >= 0 && this.stack[k].name !== name) k--;
      if (k < 0) this.unmatchedEndTags.add(name);
    }
    if (k < 0) {
      this.error(`End tag </${name}> has no matching start tag.`, nameStart, nameEnd);
      return;
    }
    if (this.fragment && k < this.fragment.outerDepth) {
      // It closes an element outside the fragment: the change reaches beyond it.
      this.fragment.aborted = true;
      return;
    }
    // Elements opened after the match are implicitly closed (and reported).
    while (this.stack.length - 1 > k) {
      const open = this.pop();
      open.end = start;
      open.closed = false;
      this.error(`Element <${open.name}> is not closed before </${name}>.`, open.nameStart, open.nameEnd);
    }
    const el = this.pop();
    el.endTagStart = start;
    el.end = this.pos;
    el.closed = true;
  }
}

/**
 * One parser kept alive for the life of the module, parsing nothing. V8 keeps the hidden classes ("maps") of a
 * parser's fields only while an object has them; when the last parser is collected, a full garbage collection frees
 * them, and the parser's optimised code, which checks those maps, is thrown away ("deoptimization: weak objects")
 * and compiled again on the next parse. Measured before this (`node --trace-deopt`, a full collection between two
 * parses of a 10,000-deep file): every parse after a collection ran the parser unoptimised first, 3 ms → ~30 ms.
 */
export const keepParserShape: unknown = new Parser('', 0);

/**
 * The offset of the construct (tag, text, comment, …) whose parse reported each error: an error may lie just
 * outside its construct (a missing value is reported where the next tag starts), so an incremental re-parse drops
 * the errors of the constructs it parses again by owner, not by position.
 */
const errorOwners = new WeakMap<XmlSyntaxError, number>();

function sortedByStart(errors: readonly XmlSyntaxError[]): boolean {
  for (let i = 1; i < errors.length; i++) if (errors[i - 1].start > errors[i].start) return false;
  return true;
}

/** Decode entity references and normalise whitespace the way an XML processor does for attribute values. */
export function decodeAttributeValue(raw: string): string {
  let s = raw;
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (/[\t\n]/.test(s)) s = s.replace(/[\t\n]/g, ' ');
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  // One pass over the references (a value may hold a million of them): pieces collected, joined once.
  const parts: string[] = [];
  let last = 0;
  while (amp >= 0) {
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(s);
    if (m) {
      const body = m[1];
      let decoded: string | undefined;
      if (body[0] === '#') {
        const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        try { decoded = String.fromCodePoint(cp); } catch { decoded = undefined; }
      } else {
        decoded = PREDEFINED_ENTITIES[body];
      }
      if (decoded !== undefined) {
        parts.push(s.slice(last, amp), decoded);
        last = amp + m[0].length;
      }
    }
    amp = s.indexOf('&', amp + 1);
  }
  parts.push(s.slice(last));
  return parts.join('');
}

/**
 * An entity or character reference at `lastIndex` (sticky). Its name or digits stop at the next '&', so the scans
 * from every '&' of a value cover it about once.
 */
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/y;

/** Encode a string for use inside a double-quoted attribute value. */
export function encodeAttributeValue(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element') out.push(c);
  return out;
}

/** The innermost element whose range contains `offset` (start inclusive, end exclusive). Iterative. */
export function elementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let nodes: XmlNode[] = doc.children;
  let found: XmlElement | undefined;
  outer: for (;;) {
    // children are in document order: binary search would do, but linear is fine for typical fan-out.
    let lo = 0, hi = nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const n = nodes[mid];
      if (n.end <= offset && !(n.end === offset && n.type === 'element' && !n.closed)) lo = mid + 1;
      else if (n.start > offset) hi = mid - 1;
      else {
        if (n.type !== 'element') break outer;
        found = n;
        nodes = n.children;
        continue outer;
      }
    }
    break;
  }
  return found;
}

/** Visit every element in document order without recursion. Return false from the callback to skip children. */
export function walkElements(doc: XmlDocument, cb: (el: XmlElement) => boolean | void): void {
  const stack: XmlNode[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push(doc.children[i]);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'element') continue;
    if (cb(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

// ---------------------------------------------------------------------------
// Incremental re-parsing

/** A change of the text: `[start, end)` of the old text was replaced by `newLength` characters. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newLength: number;
}

/** What an incremental re-parse replaced: `removed` (old nodes) by `added` (new nodes) among `parent`'s children. */
export interface ReparsedRegion {
  readonly parent: XmlElement;
  readonly removed: readonly XmlNode[];
  readonly added: readonly XmlNode[];
  /** Offsets of the replaced range in the old text; in the new text it is [oldStart, oldEnd + delta). */
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly delta: number;
}

/**
 * Re-parse only the nodes around a change, reusing the rest of the tree. The change lies in the content of some
 * element P (between its start and end tags); the run of P's children that covers it — from the last child starting
 * before the change to the next child that is not text and starts after it (or P's end tag) — is parsed again from
 * the new text with P and its ancestors open, exactly as the full parse has them there, and replaces the old run;
 * every node after it moves by the change's length. The result equals a full parse of `text` (a differential test
 * holds it to that). When the new run would reach outside its range (an end tag that closes an ancestor, an element
 * left open, a comment or tag that runs past the next node), or the change touches the root's tags, a DOCTYPE comes
 * or goes, or there are many errors, the answer is undefined and the caller parses the whole text.
 *
 * The old document is consumed: its nodes are moved and reused by the new one.
 */
export function reparse(prev: XmlDocument, text: string, change: TextChange, options: ParseOptions = {}): { doc: XmlDocument; region: ReparsedRegion } | undefined {
  const delta = change.newLength - (change.end - change.start);
  if (text.length !== prev.text.length + delta || change.start < 0 || change.end > prev.text.length || change.start > change.end) return undefined;
  const maxErrors = options.maxErrors ?? 200;
  if (prev.errors.length > maxErrors / 4) return undefined;
  // The deepest element whose content (between its tags, which must be intact) contains the change.
  const contains = (el: XmlElement) => !el.selfClosing && el.closed && el.endTagStart >= 0 && el.startTagEnd <= change.start && change.end <= el.endTagStart;
  const root = prev.root;
  if (!root || !contains(root)) return undefined;
  // A construct that reported an error may have looked past its end to decide (an attribute value left open looks
  // for its quote up to the next '<'): such a construct just before the change is parsed again with it.
  const owners: number[] = prev.errors.map((e) => errorOwners.get(e) ?? e.start);
  const ownsErrors = (n: XmlNode) => owners.some((o) => o >= n.start && o < n.end);
  let parent: XmlElement = root;
  for (;;) {
    const kids = parent.children;
    const at = lastStartingBefore(kids, change.start + 1);
    const n = at < 0 ? undefined : kids[at];
    // Into an element whose start tag reported nothing (its tag's parse cannot have looked into its content).
    if (n && n.type === 'element' && contains(n) && n.startTagEnd <= change.start && !owners.includes(n.start)) { parent = n; continue; }
    break;
  }
  const kids = parent.children;
  // The run: from the last child starting before the change (or the content's start), and the children before it
  // that reported errors ...
  let first = lastStartingBefore(kids, change.start);
  while (first > 0 && owners.length && ownsErrors(kids[first - 1])) first--;
  const from = first < 0 ? parent.startTagEnd : kids[first].start;
  const i0 = Math.max(first, 0);
  // ... to the first child after it that is not text (or the end tag).
  let i1 = i0;
  while (i1 < kids.length && (kids[i1].start < change.end || kids[i1].type === 'text')) i1++;
  const to = i1 < kids.length ? kids[i1].start : parent.endTagStart;
  if (from > change.start || to < change.end) return undefined;
  // The old run must have been complete in itself too: no element in it left for a later end tag (or the end of the
  // file) to close, whose errors and structure would then depend on what follows.
  if (!closedWithin(kids, i0, i1, to)) return undefined;
  // Errors: none may straddle the run's start (they are sorted by start).
  for (const e of prev.errors) if (e.start < from && e.end > from) return undefined;
  const outer: XmlElement[] = [];
  for (let a: XmlElement | undefined = parent; a; a = a.parent) outer.push(a);
  outer.reverse();
  const limit = to + delta;
  const doctypeNode = prev.children.find((n) => n.type === 'doctype');
  const doctype = doctypeNode ? readDoctype(text.slice(doctypeNode.start + 9, doctypeNode.end)) : undefined;
  const parser = new Parser(text, maxErrors);
  const r = parser.parseFragment(from, limit, outer, root, doctype);
  if (!r.ok || prev.errors.length + r.errors.length > maxErrors / 2) return undefined;

  // Splice the new nodes in, then move everything after the old run.
  const removed = kids.slice(i0, i1);
  kids.splice(i0, i1 - i0, ...r.nodes);
  if (delta !== 0) {
    shiftNodes(kids, i0 + r.nodes.length, delta);
    for (let child: XmlElement = parent; ;) {
      const el = child as { end: number; endTagStart: number };
      el.end += delta;
      if (el.endTagStart >= 0) el.endTagStart += delta;
      const up = child.parent;
      const siblings = up ? up.children : prev.children;
      shiftNodes(siblings, siblings.indexOf(child) + 1, delta);
      if (!up) break;
      child = up;
    }
  }
  // Errors: drop those the old run's constructs reported, add the new run's, move the later ones.
  const errors: XmlSyntaxError[] = [];
  for (const e of prev.errors) {
    const owner = errorOwners.get(e) ?? e.start;
    if (owner < from) errors.push(e);
    else if (owner >= to) {
      const moved = { ...e, start: e.start + delta, end: e.end + delta };
      errorOwners.set(moved, owner + delta);
      errors.push(moved);
    }
  }
  for (const e of r.errors) errors.push(e);
  if (!sortedByStart(errors)) errors.sort((x, y) => x.start - y.start);
  const doc: XmlDocument = { text, children: prev.children, root, errors, wellFormed: !errors.some((e) => e.severity === 'error') };
  return { doc, region: { parent, removed, added: r.nodes, oldStart: from, oldEnd: to, delta } };
}

/** Are all elements of `nodes[i0..i1)` closed by constructs before `to` (iterative)? */
function closedWithin(nodes: readonly XmlNode[], i0: number, i1: number, to: number): boolean {
  const stack: XmlNode[] = nodes.slice(i0, i1);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'element') continue;
    if (!n.closed && n.end >= to) return false;
    for (const c of n.children) stack.push(c);
  }
  return true;
}

/** Index of the last node starting before `offset` (nodes are in document order), or -1. */
function lastStartingBefore(nodes: readonly XmlNode[], offset: number): number {
  let lo = 0, hi = nodes.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].start < offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at;
}

/** Move `nodes[from..]` and everything inside them by `delta` (iterative). */
function shiftNodes(nodes: readonly XmlNode[], from: number, delta: number): void {
  const stack: XmlNode[] = [];
  for (let i = nodes.length - 1; i >= from; i--) stack.push(nodes[i]);
  while (stack.length) {
    const n = stack.pop()! as { start: number; end: number };
    n.start += delta;
    n.end += delta;
    const node = n as XmlNode;
    if (node.type !== 'element') continue;
    const el = node as { nameStart: number; nameEnd: number; startTagEnd: number; endTagStart: number };
    el.nameStart += delta;
    el.nameEnd += delta;
    el.startTagEnd += delta;
    if (el.endTagStart >= 0) el.endTagStart += delta;
    for (const a of node.attributes) {
      const m = a as { nameStart: number; nameEnd: number; valueStart: number; valueEnd: number; start: number; end: number };
      m.nameStart += delta; m.nameEnd += delta; m.valueStart += delta; m.valueEnd += delta; m.start += delta; m.end += delta;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}
