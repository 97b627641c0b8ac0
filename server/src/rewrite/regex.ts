/**
 * The URL Rewrite module's ECMAScript regular expressions: a parser that
 * accepts exactly what the module's native regex engine accepts, with the
 * offset of the first error, and a translation of accepted patterns into an
 * equivalent JavaScript RegExp source so the rule engine can run them.
 *
 * The module documents its syntax as "ECMAScript" (Perl compatible). It is a
 * native module, and its 500.52 messages repeat the error descriptions of the
 * Visual C++ `<regex>` library (TR1, later std::regex), whose ECMAScript
 * grammar is the one of ECMA-262 3rd edition as adopted by C++ [re.grammar].
 * That grammar is stricter than today's JavaScript RegExp in some places (no
 * Annex B leniencies) and older in others (no lookbehind, no named groups);
 * `dialect.ts` lists every difference with its source, and the tests run each
 * row through this parser and through JavaScript's RegExp.
 *
 * The parser follows the Visual C++ library's parser (microsoft/STL,
 * stl/inc/regex, `_Parser`, in the version first published in 2019, which
 * carries the library's long-standing behaviour): the same decisions, in our
 * own code. It is iterative (a pattern comes from the edited document and
 * may nest deeply).
 */

/** The error kinds of the C++ library (regex_constants::error_type), which the module reports. */
export type RegexErrorKind =
  | 'error_paren' | 'error_brack' | 'error_brace' | 'error_badbrace' | 'error_badrepeat'
  | 'error_escape' | 'error_backref' | 'error_range' | 'error_ctype' | 'error_collate' | 'error_syntax';

export interface RegexError {
  readonly kind: RegexErrorKind;
  /** Plain words, our own. */
  readonly message: string;
  /** Offsets into the pattern (UTF-16 code units). */
  readonly start: number;
  readonly end: number;
}

export type ClassItem =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'escape'; readonly name: 'd' | 'D' | 's' | 'S' | 'w' | 'W' }
  /** [[:alpha:]]: a named class of the C++ grammar. */
  | { readonly kind: 'posix'; readonly name: string }
  /** [[=a=]] or [[.a.]] with a one-character name: that character. */
  | { readonly kind: 'equiv'; readonly code: number };

export type RegexNode =
  | { readonly kind: 'char'; readonly code: number; readonly start: number; readonly end: number }
  | { readonly kind: 'dot'; readonly start: number; readonly end: number }
  | { readonly kind: 'class'; readonly negate: boolean; readonly items: readonly ClassItem[]; readonly start: number; readonly end: number }
  | { readonly kind: 'escape'; readonly name: 'd' | 'D' | 's' | 'S' | 'w' | 'W'; readonly start: number; readonly end: number }
  | { readonly kind: 'assert'; readonly name: 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary'; readonly start: number; readonly end: number }
  | { readonly kind: 'backref'; readonly index: number; readonly start: number; readonly end: number }
  | { readonly kind: 'group'; readonly capture: number | undefined; readonly alternatives: RegexNode[][]; readonly start: number; end: number }
  | { readonly kind: 'look'; readonly negate: boolean; readonly alternatives: RegexNode[][]; readonly start: number; end: number }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number; readonly greedy: boolean; readonly start: number; readonly end: number };

export interface ParsedRegex {
  readonly source: string;
  readonly alternatives: RegexNode[][];
  /** Number of capture groups. */
  readonly groups: number;
}

export type ParseResult = { readonly ok: true; readonly regex: ParsedRegex } | { readonly ok: false; readonly error: RegexError };

/** Class names the C++ library knows inside `[[:name:]]` (regex_traits::lookup_classname). */
export const POSIX_CLASSES: ReadonlySet<string> = new Set(['alnum', 'alpha', 'blank', 'cntrl', 'd', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 's', 'upper', 'w', 'xdigit']);

const MESSAGES: Record<RegexErrorKind, string> = {
  error_paren: 'unmatched parenthesis',
  error_brack: 'unmatched square bracket',
  error_brace: 'unmatched curly brace',
  error_badbrace: 'invalid repeat count in { }',
  error_badrepeat: 'a repeat operator ("*", "+", "?" or "{") follows nothing it can repeat',
  error_escape: 'invalid escape sequence',
  error_backref: 'back-reference to a capture group that does not exist (yet)',
  error_range: 'invalid character range',
  error_ctype: 'unknown character class name',
  error_collate: 'invalid collating element',
  error_syntax: 'unsupported group construct',
};

class Failure extends Error {
  constructor(readonly detail: RegexError) { super(detail.message); }
}

function fail(kind: RegexErrorKind, start: number, end: number, detail?: string): never {
  throw new Failure({ kind, message: detail ?? MESSAGES[kind], start, end: Math.max(end, start + 1) });
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

interface Frame {
  readonly node: Extract<RegexNode, { kind: 'group' | 'look' }> | undefined;
  readonly alternatives: RegexNode[][];
}

/** Parse a pattern as the module's ECMAScript engine does. Never throws. */
export function parseRegex(source: string): ParseResult {
  try {
    return { ok: true, regex: new Parser(source).parse() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: e.detail };
    throw e;
  }
}

class Parser {
  private pos = 0;
  private groups = 0;
  /** Capture groups whose closing parenthesis was seen (back-references may name only those). */
  private readonly finished = new Set<number>();

  constructor(private readonly s: string) {}

  private code(at = this.pos): number { return at < this.s.length ? this.s.charCodeAt(at) : -1; }

  parse(): ParsedRegex {
    const root: Frame = { node: undefined, alternatives: [[]] };
    const stack: Frame[] = [root];
    const s = this.s;
    while (this.pos < s.length) {
      const frame = stack[stack.length - 1];
      const alt = frame.alternatives[frame.alternatives.length - 1];
      const start = this.pos;
      const c = s[this.pos];
      let atom: RegexNode | undefined;
      let quantifiable = true;
      switch (c) {
        case '|':
          this.pos++;
          frame.alternatives.push([]);
          continue;
        case ')': {
          if (!frame.node) fail('error_paren', start, start + 1, 'this ")" closes no group');
          this.pos++;
          const node = frame.node;
          node.end = this.pos;
          if (node.kind === 'group' && node.capture !== undefined) this.finished.add(node.capture);
          stack.pop();
          const parent = stack[stack.length - 1];
          parent.alternatives[parent.alternatives.length - 1].push(node);
          // A lookahead is an assertion: nothing may repeat it.
          if (node.kind === 'group') this.quantifier(parent.alternatives[parent.alternatives.length - 1]);
          else this.rejectQuantifier();
          continue;
        }
        case '(': {
          this.pos++;
          if (s[this.pos] === '?') {
            const kind = s[this.pos + 1];
            if (kind === ':') { this.pos += 2; stack.push(this.open({ kind: 'group', capture: undefined, alternatives: [[]], start, end: -1 })); }
            else if (kind === '=' || kind === '!') { this.pos += 2; stack.push(this.open({ kind: 'look', negate: kind === '!', alternatives: [[]], start, end: -1 })); }
            else {
              const what = kind === '<' ? (s[this.pos + 2] === '=' || s[this.pos + 2] === '!' ? 'lookbehind "(?<=" and "(?<!" is not supported' : 'named groups "(?<name>" are not supported')
                : kind === 'P' ? 'named groups "(?P<name>" are not supported'
                : 'only "(?:", "(?=" and "(?!" may follow "(?"';
              const lookbehind = kind === '<' && (s[this.pos + 2] === '=' || s[this.pos + 2] === '!');
              fail('error_syntax', start, Math.min(s.length, this.pos + (lookbehind ? 3 : 2)), what);
            }
          } else {
            const index = ++this.groups;
            stack.push(this.open({ kind: 'group', capture: index, alternatives: [[]], start, end: -1 }));
          }
          continue;
        }
        case '.': this.pos++; atom = { kind: 'dot', start, end: this.pos }; break;
        case '^': this.pos++; atom = { kind: 'assert', name: 'bol', start, end: this.pos }; quantifiable = false; break;
        case '$': this.pos++; atom = { kind: 'assert', name: 'eol', start, end: this.pos }; quantifiable = false; break;
        case '*': case '+': case '?':
          fail('error_badrepeat', start, start + 1);
        case '{':
          fail('error_badrepeat', start, start + 1, 'a "{" follows nothing it can repeat; write "\\{" for a brace');
        case '}':
          fail('error_brace', start, start + 1, 'this "}" closes no repeat count; write "\\}" for a brace');
        case ']':
          fail('error_brack', start, start + 1, 'this "]" closes no bracket expression; write "\\]"');
        case '[': atom = this.characterClass(); break;
        case '\\': {
          const r = this.atomEscape();
          atom = r.node;
          quantifiable = r.quantifiable;
          break;
        }
        default:
          this.pos++;
          atom = { kind: 'char', code: c.charCodeAt(0), start, end: this.pos };
      }
      alt.push(atom);
      if (quantifiable) this.quantifier(alt);
      else this.rejectQuantifier();
    }
    if (stack.length > 1) {
      const open = stack[stack.length - 1].node!;
      fail('error_paren', open.start, open.start + 1, 'this "(" is never closed');
    }
    return { source: s, alternatives: root.alternatives, groups: this.groups };
  }

  private open(node: Extract<RegexNode, { kind: 'group' | 'look' }>): Frame {
    return { node, alternatives: node.alternatives };
  }

  /** After an assertion: a repeat operator there repeats nothing. */
  private rejectQuantifier(): void {
    const c = this.s[this.pos];
    if (c === '*' || c === '+' || c === '?' || c === '{') fail('error_badrepeat', this.pos, this.pos + 1, 'an assertion ("^", "$", "\\b" or a lookahead) cannot be repeated');
  }

  /** An optional quantifier after the last atom of `alt`. */
  private quantifier(alt: RegexNode[]): void {
    const s = this.s;
    const start = this.pos;
    const c = s[this.pos];
    let min: number, max: number;
    if (c === '*') { min = 0; max = -1; this.pos++; }
    else if (c === '+') { min = 1; max = -1; this.pos++; }
    else if (c === '?') { min = 0; max = 1; this.pos++; }
    else if (c === '{') {
      this.pos++;
      const a = this.digits();
      if (a === undefined) fail('error_badbrace', start, this.pos + 1, 'a "{" must start a repeat count such as "{2}"; write "\\{" for a brace');
      min = a;
      max = a;
      if (s[this.pos] === ',') {
        this.pos++;
        if (s[this.pos] === '}') max = -1;
        else {
          const b = this.digits();
          if (b === undefined) fail('error_badbrace', start, this.pos + 1, 'a repeat count "{n,m}" needs a number or nothing after the comma');
          max = b;
        }
      }
      if (s[this.pos] !== '}') fail('error_badbrace', start, this.pos + 1, 'this repeat count is not closed by "}"');
      this.pos++;
      if (max !== -1 && max < min) fail('error_badbrace', start, this.pos, `the repeat count "{${min},${max}}" has its maximum below its minimum`);
    } else return;
    let greedy = true;
    if (s[this.pos] === '?') { greedy = false; this.pos++; }
    const node = alt.pop()!;
    alt.push({ kind: 'repeat', node, min, max, greedy, start: node.start, end: this.pos });
    const next = s[this.pos];
    if (next === '*' || next === '+' || next === '?' || next === '{') fail('error_badrepeat', this.pos, this.pos + 1, 'a second repeat operator follows a repeated expression');
  }

  private digits(): number | undefined {
    const from = this.pos;
    let v = 0;
    while (isDigit(this.code())) { v = v * 10 + (this.code() - 48); if (v > 0x7fffffff) v = 0x7fffffff; this.pos++; }
    return this.pos > from ? v : undefined;
  }

  /** `\` outside a class (pos at the backslash). */
  private atomEscape(): { node: RegexNode; quantifiable: boolean } {
    const start = this.pos;
    this.pos++;
    const c = this.code();
    if (c < 0) fail('error_escape', start, start + 1, 'the pattern ends with a lone backslash');
    const ch = String.fromCharCode(c);
    if (ch === 'b' || ch === 'B') {
      this.pos++;
      return { node: { kind: 'assert', name: ch === 'b' ? 'wordBoundary' : 'notWordBoundary', start, end: this.pos }, quantifiable: false };
    }
    if (isDigit(c)) {
      const value = this.digits()!;
      if (value === 0) return { node: { kind: 'char', code: 0, start, end: this.pos }, quantifiable: true };
      if (value > this.groups || !this.finished.has(value)) {
        fail('error_backref', start, this.pos, value > this.groups
          ? `"\\${value}" refers to capture group ${value}, and the pattern has ${this.groups === 0 ? 'none' : `only ${this.groups} before it`}`
          : `"\\${value}" refers to capture group ${value} from inside that group`);
      }
      return { node: { kind: 'backref', index: value, start, end: this.pos }, quantifiable: true };
    }
    if ('dDsSwW'.includes(ch)) {
      this.pos++;
      return { node: { kind: 'escape', name: ch as 'd', start, end: this.pos }, quantifiable: true };
    }
    const code = this.characterEscape(start);
    return { node: { kind: 'char', code, start, end: this.pos }, quantifiable: true };
  }

  /** The character of an escape (pos after the backslash); identity escapes for everything but c, d, s, w and their capitals. */
  private characterEscape(start: number): number {
    const c = this.code();
    if (c < 0) fail('error_escape', start, start + 1, 'the pattern ends with a lone backslash');
    const ch = String.fromCharCode(c);
    this.pos++;
    switch (ch) {
      case 'f': return 12;
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'v': return 11;
      case 'c': {
        const l = this.code();
        if (!isAsciiLetter(l)) fail('error_escape', start, this.pos + (l < 0 ? 0 : 1), '"\\c" must be followed by a letter');
        this.pos++;
        return l % 32;
      }
      case 'x': return this.hex(start, 2, '"\\x" must be followed by two hexadecimal digits');
      case 'u': return this.hex(start, 4, '"\\u" must be followed by four hexadecimal digits ("\\u{…}" is not supported)');
      default: return c;
    }
  }

  private hex(start: number, count: number, message: string): number {
    let v = 0;
    for (let i = 0; i < count; i++) {
      const c = this.code();
      if (!isHex(c)) fail('error_escape', start, this.pos + (c < 0 ? 0 : 1), message);
      v = v * 16 + parseInt(String.fromCharCode(c), 16);
      this.pos++;
    }
    return v;
  }

  /** A bracket expression (pos at '['). */
  private characterClass(): RegexNode {
    const s = this.s;
    const start = this.pos;
    this.pos++;
    let negate = false;
    if (s[this.pos] === '^') { negate = true; this.pos++; }
    const items: ClassItem[] = [];
    for (;;) {
      if (this.pos >= s.length) fail('error_brack', start, start + 1, 'this "[" is never closed by "]"');
      if (s[this.pos] === ']') { this.pos++; break; }
      const atomStart = this.pos;
      const a = this.classAtom();
      if (a.kind !== 'char') { items.push(a); continue; }
      if (s[this.pos] === '-') {
        this.pos++;
        if (this.pos >= s.length || s[this.pos] === ']') { items.push(a, { kind: 'char', code: 45 }); continue; }
        const b = this.classAtom();
        if (b.kind !== 'char') fail('error_range', atomStart, this.pos, 'a range cannot end with a class such as "\\d"');
        if (b.code < a.code) fail('error_range', atomStart, this.pos, 'this range ends before it starts');
        items.push({ kind: 'range', from: a.code, to: b.code });
      } else items.push(a);
    }
    return { kind: 'class', negate, items, start, end: this.pos };
  }

  private classAtom(): ClassItem {
    const s = this.s;
    const start = this.pos;
    const c = s[this.pos];
    if (c === '\\') {
      this.pos++;
      const n = this.code();
      if (n < 0) fail('error_escape', start, start + 1, 'the pattern ends with a lone backslash');
      const ch = String.fromCharCode(n);
      if ('dDsSwW'.includes(ch)) { this.pos++; return { kind: 'escape', name: ch as 'd' }; }
      if (isDigit(n)) {
        const v = this.digits()!;
        if (v !== 0) fail('error_escape', start, this.pos, 'a back-reference or octal escape cannot appear inside "[ ]"');
        return { kind: 'char', code: 0 };
      }
      // \b inside [ ] is the letter b for this engine (not backspace): see dialect.ts.
      return { kind: 'char', code: this.characterEscape(start) };
    }
    if (c === '[') {
      const d = s[this.pos + 1];
      if (d === ':' || d === '=' || d === '.') {
        this.pos += 2;
        const nameStart = this.pos;
        while (this.pos < s.length && s[this.pos] !== ':' && s[this.pos] !== '=' && s[this.pos] !== '.') this.pos++;
        const name = s.slice(nameStart, this.pos);
        const kind = d === ':' ? 'error_ctype' : 'error_collate';
        if (s[this.pos] !== d || s[this.pos + 1] !== ']') fail(kind, start, Math.min(s.length, this.pos + 2), `"[${d}" must be closed by "${d}]"`);
        this.pos += 2;
        if (d === ':') {
          if (!POSIX_CLASSES.has(name)) fail('error_ctype', start, this.pos, `"[:${name}:]" is not a character class this engine knows`);
          return { kind: 'posix', name };
        }
        if (name.length !== 1) fail('error_collate', start, this.pos, `"[${d}${name}${d}]" is not a collating element this engine knows`);
        return { kind: 'equiv', code: name.charCodeAt(0) };
      }
    }
    this.pos++;
    return { kind: 'char', code: c.charCodeAt(0) };
  }
}

// ---------------------------------------------------------------------------
// Translation to JavaScript

const POSIX_JS: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', d: '0-9', digit: '0-9',
  graph: '\\x21-\\x7e', lower: 'a-z', print: '\\x20-\\x7e', punct: '!-\\/:-@\\[-`{-~', space: '\\s', s: '\\s',
  upper: 'A-Z', w: '\\w', xdigit: '0-9A-Fa-f',
};

function jsChar(code: number): string {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) return String.fromCharCode(code);
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** The other-case form of an ASCII letter, or undefined. */
function otherCase(code: number): number | undefined {
  if (code >= 65 && code <= 90) return code + 32;
  if (code >= 97 && code <= 122) return code - 32;
  return undefined;
}

/** A non-ASCII character with case variants (the expansion covers ASCII letters only). */
function nonAsciiCased(code: number): boolean {
  if (code < 128) return false;
  const c = String.fromCharCode(code);
  return c.toLowerCase() !== c || c.toUpperCase() !== c;
}

/** The ASCII other-case ranges of the letters in [from, to]. */
function otherCaseRanges(from: number, to: number): string {
  let out = '';
  for (const [lo, hi, delta] of [[65, 90, 32], [97, 122, -32]] as const) {
    const a = Math.max(from, lo), b = Math.min(to, hi);
    if (a <= b) out += a === b ? jsChar(a + delta) : `${jsChar(a + delta)}-${jsChar(b + delta)}`;
  }
  return out;
}

function jsClassItem(i: ClassItem, ignoreCase: boolean): string {
  switch (i.kind) {
    case 'char': case 'equiv': { const o = ignoreCase ? otherCase(i.code) : undefined; return jsChar(i.code) + (o !== undefined ? jsChar(o) : ''); }
    case 'range': return `${jsChar(i.from)}-${jsChar(i.to)}${ignoreCase ? otherCaseRanges(i.from, i.to) : ''}`;
    case 'escape': return '\\' + i.name;
    case 'posix': return ignoreCase && (i.name === 'lower' || i.name === 'upper') ? POSIX_JS.alpha : POSIX_JS[i.name];
  }
}

export interface JavaScriptRegex {
  readonly source: string;
  /** '' or 'i' (only when the expansion cannot spell the case-insensitivity out). */
  readonly flags: string;
}

/**
 * A JavaScript RegExp that matches exactly what the parsed pattern matches
 * under the module's rules (class contents spelled out, `\b` in a class as the
 * letter b, POSIX classes as ASCII ranges). With `ignoreCase`, letters are
 * spelled in both cases (`[aA]`) instead of using the `i` flag; the flag is
 * kept only where that cannot be done (back-references, letters outside
 * ASCII). The rule engine runs patterns with matcher.ts, which takes its
 * character tests from this translation and is tested against it. Iterative.
 */
export function toJavaScriptRegex(regex: ParsedRegex, ignoreCase = false): JavaScriptRegex {
  const spelled = emit(regex, ignoreCase);
  // With the flag, the plain spelling is enough (and exact for every letter).
  if (spelled.needsFlag) return { source: emit(regex, false).source, flags: 'i' };
  return { source: spelled.source, flags: '' };
}

function emit(regex: ParsedRegex, ignoreCase: boolean): { source: string; needsFlag: boolean } {
  let out = '';
  let needsFlag = false;
  type Item = { node: RegexNode } | { text: string } | { alternatives: RegexNode[][] };
  const stack: Item[] = [{ alternatives: regex.alternatives }];
  while (stack.length) {
    const item = stack.pop()!;
    if ('text' in item) { out += item.text; continue; }
    if ('alternatives' in item) {
      const parts: Item[] = [];
      item.alternatives.forEach((alt, i) => {
        if (i > 0) parts.push({ text: '|' });
        for (const n of alt) parts.push({ node: n });
      });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
      continue;
    }
    const n = item.node;
    switch (n.kind) {
      case 'char': {
        const o = ignoreCase ? otherCase(n.code) : undefined;
        if (ignoreCase && nonAsciiCased(n.code)) needsFlag = true;
        out += o !== undefined ? `[${jsChar(n.code)}${jsChar(o)}]` : jsChar(n.code);
        break;
      }
      case 'dot': out += '.'; break;
      case 'escape': out += '\\' + n.name; break;
      case 'class':
        if (ignoreCase && n.items.some((i) => (i.kind === 'char' || i.kind === 'equiv' ? nonAsciiCased(i.code) : i.kind === 'range' && i.to >= 128))) needsFlag = true;
        out += `[${n.negate ? '^' : ''}${n.items.map((i) => jsClassItem(i, ignoreCase)).join('')}]`;
        break;
      case 'assert': out += n.name === 'bol' ? '^' : n.name === 'eol' ? '$' : n.name === 'wordBoundary' ? '\\b' : '\\B'; break;
      case 'backref': out += `\\${n.index}(?:)`; if (ignoreCase) needsFlag = true; break;
      case 'group':
      case 'look': {
        const open = n.kind === 'look' ? (n.negate ? '(?!' : '(?=') : n.capture === undefined ? '(?:' : '(';
        stack.push({ text: ')' }, { alternatives: n.alternatives }, { text: open });
        break;
      }
      case 'repeat': {
        const q = n.min === 0 && n.max === -1 ? '*' : n.min === 1 && n.max === -1 ? '+' : n.min === 0 && n.max === 1 ? '?'
          : n.max === -1 ? `{${n.min},}` : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
        stack.push({ text: ')' + q + (n.greedy ? '' : '?') }, { node: n.node }, { text: '(?:' });
        break;
      }
    }
  }
  return { source: out, needsFlag };
}

/** The case-sensitive JavaScript source of a parsed pattern (see toJavaScriptRegex). */
export function toJavaScript(regex: ParsedRegex): string {
  return toJavaScriptRegex(regex, false).source;
}

// ---------------------------------------------------------------------------
// Questions about a parsed pattern

/**
 * Does every match have to start with `code` at the very beginning of the
 * input? True for `^/foo`, `^(/a|/b)`, `^/+x`; false for `^/?x`, `/foo`,
 * `^(?:/|x)`. Used to tell that a distributed rule's `^/…` never matches.
 */
export function mustStartWith(regex: ParsedRegex, code: number): boolean {
  // Each alternative must begin with ^ followed by something that must consume `code` first.
  const stack: RegexNode[][] = [...regex.alternatives];
  const budget = { n: 10000 };
  while (stack.length) {
    const alt = stack.pop()!;
    if (--budget.n < 0) return false;
    if (alt[0]?.kind !== 'assert' || alt[0].name !== 'bol') return false;
    if (!firstConsumes(alt.slice(1), code, budget)) return false;
  }
  return regex.alternatives.length > 0;
}

/** Must the sequence `seq` (after a ^) consume `code` as its first character? Iterative over nested groups. */
function firstConsumes(seq: readonly RegexNode[], code: number, budget: { n: number }): boolean {
  const work: Array<readonly RegexNode[]> = [seq];
  while (work.length) {
    const s = work.pop()!;
    if (--budget.n < 0) return false;
    let i = 0;
    // Assertions consume nothing: skip ^ and lookaheads (a lookahead cannot make a / optional).
    while (i < s.length && (s[i].kind === 'look' || (s[i].kind === 'assert' && (s[i] as { name: string }).name === 'bol'))) i++;
    let n = s[i];
    if (!n) return false;
    if (n.kind === 'repeat') {
      if (n.min < 1) return false;
      n = n.node;
    }
    if (n.kind === 'char') { if (n.code !== code) return false; continue; }
    if (n.kind === 'group') {
      // Every alternative of the group must start with it (followed by anything).
      for (const a of n.alternatives) work.push([...a, ...s.slice(i + 1)]);
      continue;
    }
    return false;
  }
  return true;
}

/**
 * A string the pattern probably matches (its shortest straightforward
 * reading: first alternatives, minimum repeats, a representative character
 * per class), to be confirmed by running the pattern; undefined when the
 * pattern has constructs this cannot follow (back-references).
 */
export function sampleMatch(regex: ParsedRegex, preferLonger = false): string | undefined {
  let out = '';
  const stack: RegexNode[] = [];
  const pushSeq = (seq: readonly RegexNode[]) => { for (let i = seq.length - 1; i >= 0; i--) stack.push(seq[i]); };
  pushSeq(regex.alternatives[0] ?? []);
  let steps = 0;
  while (stack.length) {
    if (++steps > 10000 || out.length > 2000) return undefined;
    const n = stack.pop()!;
    switch (n.kind) {
      case 'char': out += String.fromCharCode(n.code); break;
      case 'dot': out += 'a'; break;
      case 'escape': out += ({ d: '1', D: 'a', s: ' ', S: 'a', w: 'a', W: '-' } as const)[n.name]; break;
      case 'class': {
        const c = classSample(n);
        if (c === undefined) return undefined;
        out += c;
        break;
      }
      case 'assert': case 'look': break;
      case 'backref': return undefined;
      case 'group': pushSeq(n.alternatives[0] ?? []); break;
      case 'repeat': {
        const times = n.min > 0 ? n.min : preferLonger && n.max !== 0 ? 1 : 0;
        for (let t = 0; t < times; t++) stack.push(n.node);
        break;
      }
    }
  }
  return out;
}

const SAMPLE_CHARS = 'a1-_.Z/ ~';

function classSample(n: Extract<RegexNode, { kind: 'class' }>): string | undefined {
  const matches = (code: number): boolean => {
    const ch = String.fromCharCode(code);
    let hit = false;
    for (const i of n.items) {
      if (i.kind === 'char' || i.kind === 'equiv') hit = i.code === code;
      else if (i.kind === 'range') hit = code >= i.from && code <= i.to;
      else if (i.kind === 'escape') hit = new RegExp('\\' + i.name).test(ch);
      else hit = new RegExp(`[${POSIX_JS[i.name]}]`).test(ch);
      if (hit) break;
    }
    return n.negate ? !hit : hit;
  };
  if (!n.negate) {
    const first = n.items[0];
    if (first?.kind === 'char' || first?.kind === 'equiv') return String.fromCharCode(first.code);
    if (first?.kind === 'range') return String.fromCharCode(first.from);
  }
  for (const ch of SAMPLE_CHARS) if (matches(ch.charCodeAt(0))) return ch;
  for (let c = 33; c < 127; c++) if (matches(c)) return String.fromCharCode(c);
  return undefined;
}
