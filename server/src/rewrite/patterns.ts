/**
 * Patterns of the three syntaxes a rule can choose with `patternSyntax`,
 * compiled once and matched as the module matches them.
 *
 * - ECMAScript (the default): the module's regular expressions (regex.ts),
 *   searched anywhere in the input ("partial match") and case-insensitive
 *   unless ignoreCase="false".
 * - Wildcard: the whole input must match; `*` matches any run of characters
 *   and captures it ({R:1} is the first `*`). Only `*` is special.
 * - ExactMatch: the input must equal the pattern (inbound rules); outbound
 *   rules look for it anywhere in the response text.
 *
 * Sources: URL Rewrite Module Configuration Reference ("Rule pattern syntax",
 * "Using back-references"); URL Rewrite Module 2.0 Configuration Reference
 * ("ExactMatch – exact string search is performed within the input string");
 * Daniel Vasquez Lopez (URL Rewrite team), "URL Rewrite for IIS 7.0 / Regular
 * Expressions and Wildcards" (2008): wildcard matching is exact, regex
 * matching partial, both case-insensitive by default, the only reserved
 * wildcard character is `*`. The configuration reference also describes `?`
 * as "exactly one character"; the team's own statements (the blog above, and
 * a product-team answer quoted in Professional Microsoft IIS 8, Wrox 2013,
 * ch. 19 "Wildcards Pattern Matches") say `?` is not special, which is what
 * this implementation follows. How several `*` share a string is not
 * documented: each takes as few characters as the rest allows (the trace
 * shows the captures).
 */
import { ParsedRegex, RegexError, RegexNode, parseRegex } from './regex';
import { BoundedMatcher, StepMeter } from './matcher';

export { PatternBudgetExceeded } from './matcher';
export type { StepMeter } from './matcher';

export type PatternSyntax = 'ECMAScript' | 'Wildcard' | 'ExactMatch';

export interface CompiledPattern {
  readonly syntax: PatternSyntax;
  readonly source: string;
  /** Capture groups ({R:1} … {R:n}). */
  readonly groups: number;
  /** The parsed regex (ECMAScript only). */
  readonly regex?: ParsedRegex;
  /**
   * Captures of a match ([0] = the matched text), or undefined when it does
   * not match. The work is bounded (matcher.ts): a pattern that backtracks
   * too much throws PatternBudgetExceeded, against the meter given (shared
   * by a run) or a budget of its own.
   */
  match(input: string, ignoreCase: boolean, meter?: StepMeter): string[] | undefined;
}

export type CompileResult = { readonly ok: true; readonly pattern: CompiledPattern } | { readonly ok: false; readonly error: RegexError };

/** The syntax an attribute value names (values compare case-insensitively, as IIS reads enums); default ECMAScript. */
export function patternSyntaxOf(value: string | undefined): PatternSyntax {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'wildcard' ? 'Wildcard' : v === 'exactmatch' ? 'ExactMatch' : 'ECMAScript';
}

/** Compiled patterns by syntax (and search mode) and source: the rule engine matches the same patterns again and again. */
const caches = new Map<string, Map<string, CompileResult>>();
const CACHE_LIMIT = 100000;

/** Compile a pattern of a syntax (cached; never throws). `search`: ExactMatch looks anywhere (outbound rules). */
export function compilePattern(source: string, syntax: PatternSyntax, search = false): CompileResult {
  const kind = search ? syntax + '/search' : syntax;
  let cache = caches.get(kind);
  if (!cache) caches.set(kind, (cache = new Map()));
  let r = cache.get(source);
  if (!r) {
    r = compile(source, syntax, search);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, r);
  }
  return r;
}

function compile(source: string, syntax: PatternSyntax, search: boolean): CompileResult {
  if (syntax === 'ECMAScript') {
    const parsed = parseRegex(source);
    if (!parsed.ok) return parsed;
    const matcher = new BoundedMatcher(parsed.regex);
    return {
      ok: true,
      pattern: { syntax, source, groups: parsed.regex.groups, regex: parsed.regex, match: (input, ignoreCase, meter) => matcher.exec(input, ignoreCase, meter) },
    };
  }
  if (syntax === 'Wildcard') {
    // ^ literal (lazy any)* literal … $: the whole input, each * as few characters as the rest allows.
    const at = { start: 0, end: 0 };
    const seq: RegexNode[] = [{ kind: 'assert', name: 'bol', ...at }];
    let groups = 0;
    for (const ch of source) {
      if (ch === '*') {
        const any: RegexNode = { kind: 'class', negate: true, items: [], ...at };
        seq.push({ kind: 'group', capture: ++groups, alternatives: [[{ kind: 'repeat', node: any, min: 0, max: -1, greedy: false, ...at }]], ...at });
      } else for (let i = 0; i < ch.length; i++) seq.push({ kind: 'char', code: ch.charCodeAt(i), ...at });
    }
    seq.push({ kind: 'assert', name: 'eol', ...at });
    const matcher = new BoundedMatcher({ source, alternatives: [seq], groups });
    return { ok: true, pattern: { syntax, source, groups, match: (input, ignoreCase, meter) => matcher.exec(input, ignoreCase, meter) } };
  }
  return {
    ok: true,
    pattern: {
      syntax, source, groups: 0,
      match(input, ignoreCase) {
        const a = ignoreCase ? input.toLowerCase() : input, b = ignoreCase ? source.toLowerCase() : source;
        if (search) { const at = a.indexOf(b); return at >= 0 ? [input.slice(at, at + b.length)] : undefined; }
        return a === b ? [input] : undefined;
      },
    },
  };
}
