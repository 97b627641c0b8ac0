/**
 * Where the URL Rewrite module's ECMAScript regular expressions differ from
 * JavaScript's RegExp (as Node and browsers run it, without flags), one row
 * per construct, each with its source. `regex.ts` implements the module's
 * side; test/unit/rewrite-dialect.test.ts runs every row's pattern through
 * it and through `new RegExp`, so a row that stops being true fails.
 *
 * Evidence levels:
 * - `module`: observed on IIS (a 500.52 reported for the pattern);
 * - `engine`: the behaviour of the Visual C++ `<regex>` parser the module's
 *   messages come from (the module does not document its engine; its 500.52
 *   texts are the Visual C++ TR1 `regex_constants::error_type` descriptions,
 *   see MODULE_500_52), and of the grammar that parser implements;
 * - `documented`: Microsoft's URL Rewrite documentation says so.
 */

export interface DialectRow {
  readonly id: string;
  /** The construct, in plain words. */
  readonly construct: string;
  /** An example pattern (as written in the attribute, after XML decoding). */
  readonly pattern: string;
  /** Whether the module compiles it (false: 500.52). */
  readonly moduleAccepts: boolean;
  /** Whether `new RegExp(pattern)` compiles it. */
  readonly javascriptAccepts: boolean;
  /** When both accept: an input on which they disagree, and whether the module matches it (JavaScript then does the opposite). */
  readonly input?: string;
  readonly moduleMatches?: boolean;
  readonly evidence: 'module' | 'engine' | 'documented';
  readonly source: string;
}

/** Sources cited by the rows. */
export const SOURCES = {
  MODULE_500_52: 'saotn.org, "IIS URL Rewrite \'Rewrite Module error: Expression contains a repeat expression\'" (2016-02-16): the condition pattern ^/{C:1} answers HTTP 500.52 "The expression "^/" contains a repeat expression (one of \'*\', \'?\', \'+\', \'{\' in most contexts) that is not preceded by an expression." — the text of Visual C++ TR1 regex_constants::error_badrepeat',
  MSVC_PARSER: 'microsoft/STL stl/inc/regex, commit 219514876 (2019-09-04, the Visual C++ <regex> parser as first published): _Parser::_Alternative, _Wrapped_disjunction, _Quantifier, _AtomEscape, _CharacterEscape, _ClassAtom, _ClassRanges, _IsIdentityEscape',
  CPP_GRAMMAR: 'ISO/IEC 14882:2011 [re.grammar] (C++ TR1 7.13): the ECMAScript grammar of std::regex is ECMA-262 3rd edition 15.10 plus [[:class:]], [[=x=]] and [[.x.]] inside brackets',
  ES3: 'ECMA-262 3rd edition (1999) 15.10.1: PatternCharacter excludes ^ $ \\ . * + ? ( ) [ ] { } |; no lookbehind, no named groups',
  ANNEX_B: 'ECMA-262 (2015 and later) Annex B.1.4 "Regular Expressions Patterns": the web-compatibility leniencies JavaScript engines apply without the u flag (lone { } ], \\c, \\x and \\u without digits, octal escapes, quantified lookaheads)',
  ES2018: 'ECMA-262 9th edition (2018): lookbehind assertions (?<= (?<! and named capture groups (?<name>',
  MS_REFERENCE: 'Microsoft, "URL Rewrite Module Configuration Reference", Rule pattern syntax: "ECMAScript – Perl compatible (ECMAScript standard compliant) regular expression syntax"; case-insensitive by default (Rule pattern properties)',
  DANIELVL_2008: 'Daniel Vasquez Lopez (URL Rewrite team), "URL Rewrite for IIS 7.0 / Regular Expressions and Wildcards" (blogs.iis.net, 2008-06-06): both engines case-insensitive by default; wildcard matching is exact, regex matching is partial; each * of a wildcard creates a capture',
} as const;

export const DIALECT: readonly DialectRow[] = [
  // --- Constructs JavaScript accepts and the module rejects --------------------------------------
  { id: 'lookbehind', construct: 'lookbehind assertion (?<=…) / (?<!…)', pattern: '(?<!\\.aspx)$', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Wrapped_disjunction: after "(?" only ":", "=" or "!"); ${SOURCES.ES3}; ${SOURCES.ES2018}` },
  { id: 'named-group', construct: 'named capture group (?<name>…)', pattern: '^(?<id>[0-9]+)$', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Wrapped_disjunction); ${SOURCES.ES2018}` },
  { id: 'brace-not-quantifier', construct: 'a { that does not start a repeat count {n}, {n,}, {n,m}', pattern: '^/{C:1}', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'module', source: `${SOURCES.MODULE_500_52}; ${SOURCES.MSVC_PARSER} (_Quantifier: error_badbrace); ${SOURCES.ANNEX_B}` },
  { id: 'brace-at-start', construct: 'a { with nothing before it to repeat', pattern: '{id}', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Alternative: error_badrepeat); ${SOURCES.ANNEX_B}` },
  { id: 'lone-close-brace', construct: 'a } that closes no repeat count', pattern: 'a}', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Alternative: error_brace); ${SOURCES.ES3}; ${SOURCES.ANNEX_B}` },
  { id: 'lone-close-bracket', construct: 'a ] that closes no bracket expression', pattern: 'a]', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Alternative: error_brack); ${SOURCES.ES3}; ${SOURCES.ANNEX_B}` },
  { id: 'empty-class-then-bracket', construct: '[]…] (a ] right after [ closes an empty class; the next ] is then unmatched)', pattern: '[]a]', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_CharacterClass: no special first ] in ECMAScript); ${SOURCES.ANNEX_B}` },
  { id: 'hex-escape-short', construct: '\\x without two hexadecimal digits', pattern: '\\xZZ', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_CharacterEscape: _HexDigits(2)); ${SOURCES.ANNEX_B}` },
  { id: 'unicode-escape-short', construct: '\\u without four hexadecimal digits (including \\u{…})', pattern: '\\u{41}', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_CharacterEscape: _HexDigits(4)); ${SOURCES.ANNEX_B}` },
  { id: 'control-escape', construct: '\\c not followed by a letter', pattern: 'a\\c1', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_CharacterEscape: \\c needs a letter); ${SOURCES.ANNEX_B}` },
  { id: 'unicode-property', construct: '\\p{…} (Unicode properties): \\p is the letter p, then {L} is a bad repeat count', pattern: '\\p{L}+', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_IsIdentityEscape, _Quantifier); ${SOURCES.ANNEX_B}` },
  { id: 'backref-missing-group', construct: 'a back-reference \\n to a group the pattern does not have', pattern: '(a)\\2', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_AtomEscape: error_backref); ${SOURCES.ANNEX_B} (JavaScript reads \\2 as an octal escape)` },
  { id: 'backref-inside-group', construct: 'a back-reference to the group it is inside', pattern: '(a\\1)', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_AtomEscape: the group must be finished)` },
  { id: 'octal-in-class', construct: 'a decimal escape other than \\0 inside [ ]', pattern: '[\\1]', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_ClassEscape: error_escape); ${SOURCES.ANNEX_B}` },
  { id: 'quantified-lookahead', construct: 'a repeat operator after a lookahead', pattern: '(?=a)*b', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Wrapped_disjunction returns "not quantifiable" for assertions); ${SOURCES.ANNEX_B} (QuantifiableAssertion)` },
  { id: 'range-to-class', construct: 'a range ending in a class escape [a-\\d]', pattern: '[a-\\d]', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_ClassRanges: error_range when a set follows the dash); ${SOURCES.ANNEX_B}` },
  { id: 'unknown-posix-class', construct: 'an unknown [[:name:]] class', pattern: '[[:word:]]', moduleAccepts: false, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.CPP_GRAMMAR}; ${SOURCES.MSVC_PARSER} (_Do_ex_class: error_ctype)` },
  // --- Accepted by both, but they match differently ----------------------------------------------
  { id: 'posix-class', construct: '[[:digit:]] is a class of digits for the module, and for JavaScript a class of "[:digt" followed by a literal ]', pattern: '^[[:digit:]]+$', moduleAccepts: true, javascriptAccepts: true,
    input: '2024', moduleMatches: true, evidence: 'engine', source: `${SOURCES.CPP_GRAMMAR}; ${SOURCES.MSVC_PARSER} (_ClassAtom)` },
  { id: 'backspace-in-class', construct: '[\\b] is the letter b for the module, backspace (U+0008) for JavaScript', pattern: '^[\\b]$', moduleAccepts: true, javascriptAccepts: true,
    input: 'b', moduleMatches: true, evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (ECMAScript flags lack _L_esc_ffnx, so \\b in a class is an identity escape)` },
  { id: 'zero-then-digits', construct: '\\0 followed by digits is one decimal escape for the module (\\01 = back-reference 1), an octal escape for JavaScript', pattern: '^(a)\\01$', moduleAccepts: true, javascriptAccepts: true,
    input: 'aa', moduleMatches: true, evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_AtomEscape reads every digit: _DecimalDigits); ${SOURCES.ANNEX_B}` },
  // --- The same in both (twins the parser must not reject) ---------------------------------------
  { id: 'class-escape-then-dash', construct: 'a dash after a class escape is a literal dash: [\\w-.]', pattern: '^[\\w-.]+$', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_ClassRanges: no range check after a set)` },
  { id: 'lookahead', construct: 'lookahead (?=…) and (?!…)', pattern: '^(?!api/)(.*)$', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER}; ${SOURCES.ES3}` },
  { id: 'non-capturing', construct: 'non-capturing group (?:…)', pattern: '^(?:en|fr)/(.*)', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER}; ${SOURCES.ES3}` },
  { id: 'lazy-quantifier', construct: 'lazy quantifiers *? +? ?? {n,m}?', pattern: '^(.+?)/?$', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER}; ${SOURCES.ES3}` },
  { id: 'escaped-brace', construct: 'escaped braces \\{ \\}', pattern: '^\\{id\\}$', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (identity escapes)` },
  { id: 'identity-escape', construct: 'a backslash before any other character is that character: \\/ \\- \\_', pattern: '^api\\/v1\\-\\_x', moduleAccepts: true, javascriptAccepts: true,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_IsIdentityEscape)` },
  { id: 'bad-repeat-count', construct: 'a repeat count whose maximum is below its minimum', pattern: 'a{3,1}', moduleAccepts: false, javascriptAccepts: false,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Quantifier); ${SOURCES.ES3}` },
  { id: 'nothing-to-repeat', construct: 'a * with nothing before it', pattern: '*.aspx', moduleAccepts: false, javascriptAccepts: false,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_Alternative: error_badrepeat); ${SOURCES.ES3}` },
  { id: 'reversed-range', construct: 'a range that ends before it starts', pattern: '[z-a]', moduleAccepts: false, javascriptAccepts: false,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (_ClassRanges); ${SOURCES.ES3}` },
  { id: 'unclosed-group', construct: 'an unclosed parenthesis', pattern: '^(foo', moduleAccepts: false, javascriptAccepts: false,
    evidence: 'engine', source: `${SOURCES.MSVC_PARSER} (error_paren); ${SOURCES.ES3}` },
];
