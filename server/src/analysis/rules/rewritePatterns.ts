/**
 * URL Rewrite patterns, as the module compiles and matches them.
 *
 * `rewrite-pattern-invalid` (error): a rule's `<match url>`, a condition's
 * `pattern`, an outbound rule's `<match pattern>` or a pre-condition's
 * `pattern` that does not compile under its patternSyntax. Only ECMAScript
 * patterns can fail; the dialect is the module's (rewrite/regex.ts,
 * rewrite/dialect.ts), not JavaScript's. IIS answers 500.52 for every request
 * the rule set sees. The range is the offending construct inside the value.
 *
 * `rewrite-pattern-never-matches` (warning): a distributed rule (`<rules>`)
 * sees the URL path relative to its folder, without a leading slash (URL
 * Rewrite Module Configuration Reference, "Accessing URL Parts from a Rewrite
 * Rule"), so a `<match url>` that must start with `/` at the start of the
 * input never matches (with negate="true": always). `<globalRules>` are not
 * checked. Quick fix: drop the slash.
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlAttribute, childElements } from '../../syntax/xml';
import { REWRITE_SECTIONS, outboundCollections, readInboundRule, readOutboundRule } from '../../rewrite/model';
import { PatternSyntax, compilePattern } from '../../rewrite/patterns';
import { mustStartWith } from '../../rewrite/regex';
import { valueOffset, valueRange } from '../rewriteContext';

interface NeverData { readonly slashStart: number; readonly slashEnd: number }

function checkPattern(ctx: RuleContext, attr: XmlAttribute | undefined, syntax: PatternSyntax, what: string): void {
  if (!attr || syntax !== 'ECMAScript') return;
  const r = compilePattern(attr.value, syntax);
  if (r.ok) return;
  const e = r.error;
  const range = valueRange(attr, e.start, Math.min(e.end, attr.value.length));
  ctx.report({
    code: 'rewrite-pattern-invalid', ...range,
    message: `This ${what} does not compile in URL Rewrite (500.52): ${e.message}.`,
    detail: `URL Rewrite compiles ECMAScript patterns with its own native engine, whose grammar is older and stricter than JavaScript's (no lookbehind or named groups, no lone "{", "}" or "]"); a pattern it cannot compile makes IIS answer 500.52 for every request the rule set sees. The differences, with their sources, are listed in docs/rewrite.md.`,
  });
}

/** Per section: the patterns of one rewrite section. */
export function checkRewritePatterns(section: SectionInstance, ctx: RuleContext): void {
  if (section.path === REWRITE_SECTIONS.rules || section.path === REWRITE_SECTIONS.globalRules) {
    for (const el of childElements(section.element)) {
      if (el.name !== 'rule') continue;
      const rule = readInboundRule(el);
      checkPattern(ctx, rule.match?.urlAttribute, rule.patternSyntax, '<match url> pattern');
      for (const c of rule.conditions.items) if (c.matchType === 'Pattern') checkPattern(ctx, c.patternAttribute, rule.patternSyntax, 'condition pattern');
      if (section.path === REWRITE_SECTIONS.rules && rule.match?.urlAttribute) neverMatches(ctx, rule.match.urlAttribute, rule.patternSyntax, rule.match.negate);
    }
  } else if (section.path === REWRITE_SECTIONS.outboundRules) {
    const o = outboundCollections(section.element);
    for (const el of o.rules) {
      const rule = readOutboundRule(el);
      checkPattern(ctx, rule.match?.patternAttribute, rule.patternSyntax, 'outbound <match pattern>');
      for (const c of rule.conditions.items) if (c.matchType === 'Pattern') checkPattern(ctx, c.patternAttribute, rule.patternSyntax, 'condition pattern');
    }
    for (const p of o.preConditions) for (const c of p.items) if (c.matchType === 'Pattern') checkPattern(ctx, c.patternAttribute, p.patternSyntax, 'pre-condition pattern');
  }
}

function neverMatches(ctx: RuleContext, attr: XmlAttribute, syntax: PatternSyntax, negate: boolean): void {
  const v = attr.value;
  let slash = -1;
  if (syntax === 'ECMAScript') {
    const r = compilePattern(v, syntax);
    if (!r.ok || !r.pattern.regex || !mustStartWith(r.pattern.regex, 47)) return;
    const m = /^\^(\\?\/)/.exec(v);
    slash = m ? 1 : v.indexOf('/');
    const len = m ? m[1].length : 1;
    report(ctx, attr, slash, slash + len, negate, !!m);
    return;
  }
  if (v.startsWith('/')) report(ctx, attr, 0, 1, negate, true);
}

function report(ctx: RuleContext, attr: XmlAttribute, from: number, to: number, negate: boolean, fixable: boolean): void {
  const range = valueRange(attr, from, to);
  ctx.report({
    code: 'rewrite-pattern-never-matches', ...range,
    ...(fixable ? { data: { slashStart: valueOffset(attr, from), slashEnd: valueOffset(attr, to) } satisfies NeverData } : {}),
    message: negate
      ? 'A distributed rule sees the URL without its leading "/", so this negated pattern matches every URL.'
      : 'A distributed rule sees the URL without its leading "/", so this pattern never matches.',
    detail: 'Rules in <rules> match the URL path relative to the folder of the web.config (or the <location>) that defines them, without the leading slash: for http://host/content/default.aspx a rule of the site root sees "content/default.aspx" (URL Rewrite Module Configuration Reference, "Accessing URL Parts from a Rewrite Rule"). Conditions on {REQUEST_URI} or {URL} do see the slash.',
  });
}

export const rewritePatternsRule: Rule = {
  id: 'rewrite-patterns',
  codes: ['rewrite-pattern-invalid', 'rewrite-pattern-never-matches'],
  checkSection(section, ctx) {
    checkRewritePatterns(section, ctx);
  },
  fixes(diagnostic: Diagnostic): CodeAction[] {
    const data = diagnostic.data as NeverData | undefined;
    if (diagnostic.code !== 'rewrite-pattern-never-matches' || !data) return [];
    return [{ title: 'Remove the leading "/" (distributed rules match the path without it)', kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: data.slashStart, end: data.slashEnd, newText: '' }] }];
  },
};
