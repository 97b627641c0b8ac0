/**
 * References inside URL Rewrite expressions (condition inputs, action URLs,
 * server variable values, custom response texts, outbound values).
 *
 * `rewrite-backreference-invalid` (warning): `{R:n}` beyond the capture
 * groups of the rule's pattern (or in a rule without a pattern, or whose
 * pattern is negated and so captures nothing), `{C:n}` beyond what the
 * conditions it can see capture: in a condition input the conditions before
 * it, in the action the last matched condition — or, with
 * trackAllCaptures="true", the groups of all of them, numbered on (URL
 * Rewrite Module Configuration Reference, "Using back-references"; 2.0
 * reference, "Tracking Capture Groups Across Conditions"). The expression
 * then silently uses an empty string; IIS Manager refuses it ("The condition
 * back reference 1 is not valid", MicrosoftDocs/iis-docs#568). Wildcard
 * patterns capture one group per `*`, ExactMatch none.
 *
 * `rewrite-reference-unknown` (warning): `{Name:…}` that is neither a string
 * function (ToLower, UrlEncode, UrlDecode, HtmlEncode, EscapeDataString) nor
 * a rewrite map or provider defined in the files in view; an outbound
 * `preCondition` or `customTags` that names nothing defined; and a server
 * variable that does not exist — a name IIS does not define and no rule sets,
 * or an HTTP_* header name one letter away from a common header
 * ({HTTP_HOTS}). Each with did-you-mean fixes. Maps and pre-conditions are
 * only checked when the files above are in view (a hierarchy, or
 * applicationHost.config itself).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlAttribute, childElements, encodeAttributeValue } from '../../syntax/xml';
import { ConditionDef, REWRITE_SECTIONS, outboundCollections, readInboundRule, readOutboundRule } from '../../rewrite/model';
import { PatternSyntax, compilePattern } from '../../rewrite/patterns';
import { ExpressionPart, parseExpression, references } from '../../rewrite/expressions';
import { COMMON_HEADER_VARIABLES, COMMON_RESPONSE_VARIABLES, FUNCTIONS, SERVER_VARIABLES, functionNamed, variableKind } from '../../rewrite/variables';
import { closestMatches, editDistance, shown } from '../../util/strings';
import { REWRITE_PATHS, RewriteContext, hasRewrite, rewriteContext, valueRange } from '../rewriteContext';

const BACKREF_DETAIL = 'Back-references {R:n} and {C:n} take the capture groups of the rule pattern and of the conditions (without trackAllCaptures, the last condition that matched; with it, all of them in order), from 0 to 9; one beyond them is an empty string (URL Rewrite Module Configuration Reference, "Using back-references in rewrite rules"; 2.0 reference, "Tracking Capture Groups Across Conditions").';

interface Data { readonly start: number; readonly end: number; readonly suggestions: readonly string[]; readonly what: string }

/** What back-references an expression can see. */
interface Captures {
  /** Groups of the rule pattern; undefined: the rule has no pattern; null: unknown (the pattern does not compile). */
  readonly rule: number | undefined | null;
  readonly negated: boolean;
  /** Highest valid {C:n}; undefined: no condition can provide any; null: unknown. */
  readonly condition: number | undefined | null;
  /** Words for the {C} scope. */
  readonly conditionScope: string;
}

function groupsOf(pattern: string, syntax: PatternSyntax): number | null {
  const r = compilePattern(pattern, syntax);
  return r.ok ? r.pattern.groups : null;
}

/** The highest {C:n} the given conditions can provide. */
function conditionCaptures(conds: readonly ConditionDef[], syntax: PatternSyntax, trackAll: boolean): number | undefined | null {
  let max: number | undefined;
  let sum = 0;
  let any = false;
  for (const c of conds) {
    if (c.matchType !== 'Pattern' || c.negate) continue;
    const g = groupsOf(c.pattern, syntax);
    if (g === null) return null;
    any = true;
    max = Math.max(max ?? 0, g);
    sum += g;
  }
  if (!any) return undefined;
  return trackAll ? sum : max;
}

/** What a pass looks at: back-references (per section), or names defined elsewhere in the files (whole document). */
type Pass = { readonly kind: 'backrefs' } | { readonly kind: 'names'; readonly rc: RewriteContext };

function checkExpression(ctx: RuleContext, pass: Pass, attr: XmlAttribute | undefined, caps: Captures, outbound: boolean): void {
  if (!attr) return;
  const expr = parseExpression(attr.value);
  for (const ref of references(expr)) {
    if ((ref.kind === 'backref') !== (pass.kind === 'backrefs')) continue;
    checkReference(ctx, pass.kind === 'names' ? pass.rc : undefined, attr, ref, caps, outbound);
  }
}

function checkReference(ctx: RuleContext, rc: RewriteContext | undefined, attr: XmlAttribute, ref: Exclude<ExpressionPart, { kind: 'text' }>, caps: Captures, outbound: boolean): void {
  const range = valueRange(attr, ref.start, ref.end);
  const text = attr.value.slice(ref.start, ref.end);
  if (ref.kind === 'backref') {
    if (ref.source === 'R') {
      if (caps.rule === null) return;
      let why: string | undefined;
      if (caps.rule === undefined) why = 'the rule has no <match> pattern to capture anything';
      else if (caps.negated && ref.index > 0) why = 'the pattern is negated (negate="true") and captures nothing';
      else if (ref.index > 9) why = 'rule back-references go from {R:0} to {R:9}';
      else if (ref.index > caps.rule) why = `the pattern has ${caps.rule === 0 ? 'no capture group' : caps.rule === 1 ? 'only 1 capture group' : `only ${caps.rule} capture groups`}`;
      if (why) ctx.report({ code: 'rewrite-backreference-invalid', ...range, message: `${text} is always empty: ${why}.`, detail: BACKREF_DETAIL });
    } else {
      if (caps.condition === null) return;
      let why: string | undefined;
      if (caps.condition === undefined) why = `no condition ${caps.conditionScope} matches a pattern that could capture it`;
      else if (ref.index > caps.condition) why = `the conditions ${caps.conditionScope} capture ${caps.condition === 0 ? 'no group' : caps.condition === 1 ? 'only 1 group' : `only ${caps.condition} groups`}`;
      if (why) ctx.report({ code: 'rewrite-backreference-invalid', ...range, message: `${text} is always empty: ${why}.`, detail: BACKREF_DETAIL });
    }
    return;
  }
  if (!rc) return;
  if (ref.kind === 'call') {
    if (functionNamed(ref.name)) return;
    const lower = ref.name.toLowerCase();
    if (rc.maps.has(lower) || rc.providers.has(lower)) return;
    if (!rc.known) return;
    const candidates = [...FUNCTIONS, ...rc.mapNames];
    const suggestions = closestMatches(ref.name, candidates, 3);
    const nameRange = valueRange(attr, ref.nameStart, ref.nameEnd);
    ctx.report({
      code: 'rewrite-reference-unknown', ...nameRange,
      data: { ...nameRange, suggestions, what: 'name' } satisfies Data,
      message: `{${shown(ref.name)}:…} is no string function, rewrite map or provider defined here${suggestions.length ? `; did you mean ${suggestions[0]}?` : '.'}`,
      detail: `The string functions are ${FUNCTIONS.join(', ')} (URL Rewrite Module Configuration Reference, "String functions"); any other {Name:key} looks up a rewrite map or a rewrite provider of that name in the files in view.`,
    });
    return;
  }
  // A server variable.
  const name = ref.name.trim();
  if (!name || /[{}]/.test(name)) return;
  const upper = name.toUpperCase().replace(/-/g, '_');
  if (rc.setVariables.has(upper)) return;
  const kind = variableKind(name);
  const nameRange = valueRange(attr, ref.nameStart, ref.nameEnd);
  if (kind === 'server') return;
  if (kind === 'request-header' || kind === 'response-header') {
    const common = kind === 'request-header' ? COMMON_HEADER_VARIABLES : COMMON_RESPONSE_VARIABLES;
    if (common.includes(upper) || upper.length < 9) return;
    const close = common.filter((c) => editDistance(upper, c, false, 2) <= 1 || (c.length >= 12 && editDistance(upper, c, false, 2) <= 2));
    if (!close.length) return;
    ctx.report({
      code: 'rewrite-reference-unknown', ...nameRange, data: { ...nameRange, suggestions: close.slice(0, 3), what: 'name' } satisfies Data,
      message: `{${shown(name)}} reads a ${kind === 'request-header' ? 'request' : 'response'} header "${shown(headerName(upper, kind))}" that is likely misspelt; did you mean {${close[0]}}?`,
      detail: `A {HTTP_…} variable reads the request header of that name (dashes become underscores), and an unknown header is empty; this name is one letter away from the common header ${close[0]}.`,
    });
    return;
  }
  if (outbound && upper.startsWith('RESPONSE')) return;
  const suggestions = closestMatches(upper, [...SERVER_VARIABLES, ...COMMON_HEADER_VARIABLES, ...rc.setVariables], 3);
  ctx.report({
    code: 'rewrite-reference-unknown', ...nameRange, data: { ...nameRange, suggestions, what: 'name' } satisfies Data,
    message: `{${shown(name)}} is no server variable IIS defines or a rule here sets${suggestions.length ? `; did you mean {${suggestions[0]}}?` : '.'}`,
    detail: 'IIS Server Variables (learn.microsoft.com/iis/web-dev-reference/server-variables) lists the variables IIS defines; a rule can define more with <serverVariables><set name="…">, and HTTP_* and RESPONSE_* names read request and response headers. A name that is none of these is empty.',
  });
}

function headerName(upper: string, kind: 'request-header' | 'response-header'): string {
  return upper.slice(kind === 'request-header' ? 5 : 9).toLowerCase().replace(/_/g, '-');
}

/** The references of one rewrite section: its back-references (`backrefs`, depends on the section alone) or the names it uses. */
export function checkRewriteReferences(section: SectionInstance, ctx: RuleContext, pass: Pass): void {
  const rc = pass.kind === 'names' ? pass.rc : undefined;
  if (section.path === REWRITE_SECTIONS.rules || section.path === REWRITE_SECTIONS.globalRules) {
    for (const el of childElements(section.element)) {
      if (el.name !== 'rule') continue;
      const rule = readInboundRule(el);
      const ruleGroups = rule.match ? groupsOf(rule.match.url, rule.patternSyntax) : undefined;
      const items = rule.conditions.items;
      items.forEach((c, i) => {
        checkExpression(ctx, pass, c.inputAttribute, {
          rule: ruleGroups, negated: !!rule.match?.negate,
          condition: conditionCaptures(items.slice(0, i), rule.patternSyntax, rule.conditions.trackAllCaptures),
          conditionScope: 'before it',
        }, false);
      });
      const actionCaps: Captures = {
        rule: ruleGroups, negated: !!rule.match?.negate,
        condition: conditionCaptures(items, rule.patternSyntax, rule.conditions.trackAllCaptures),
        conditionScope: rule.conditions.trackAllCaptures ? 'of this rule' : 'of this rule (the last one that matched)',
      };
      for (const sv of rule.serverVariables) checkExpression(ctx, pass, sv.valueAttribute, actionCaps, false);
      checkExpression(ctx, pass, rule.action.urlAttribute, actionCaps, false);
      checkExpression(ctx, pass, rule.action.statusReasonAttribute, actionCaps, false);
      checkExpression(ctx, pass, rule.action.statusDescriptionAttribute, actionCaps, false);
    }
  } else if (section.path === REWRITE_SECTIONS.outboundRules) {
    const o = outboundCollections(section.element);
    for (const el of o.rules) {
      const rule = readOutboundRule(el);
      const ruleGroups = rule.match ? groupsOf(rule.match.pattern, rule.patternSyntax) : undefined;
      const items = rule.conditions.items;
      items.forEach((c, i) => checkExpression(ctx, pass, c.inputAttribute, {
        rule: ruleGroups, negated: !!rule.match?.negate, condition: conditionCaptures(items.slice(0, i), rule.patternSyntax, rule.conditions.trackAllCaptures), conditionScope: 'before it',
      }, true));
      checkExpression(ctx, pass, rule.actionValue, {
        rule: ruleGroups, negated: !!rule.match?.negate, condition: conditionCaptures(items, rule.patternSyntax, rule.conditions.trackAllCaptures), conditionScope: 'of this rule',
      }, true);
      if (rc?.known && rule.preCondition && rule.preCondition.value.trim()) unknownName(ctx, rule.preCondition, rule.preCondition.value.trim(), rc.preConditions, rc.preConditionNames, 'pre-condition', '<preConditions>');
      const tags = rule.match?.customTags;
      if (rc?.known && tags && tags.value.trim()) unknownName(ctx, tags, tags.value.trim(), rc.customTags, rc.customTagNames, 'custom tags collection', '<customTags>');
    }
    for (const p of o.preConditions) {
      p.items.forEach((c, i) => checkExpression(ctx, pass, c.inputAttribute, {
        rule: undefined, negated: false, condition: conditionCaptures(p.items.slice(0, i), p.patternSyntax, false), conditionScope: 'before it',
      }, true));
    }
  }
}

function unknownName(ctx: RuleContext, attr: XmlAttribute, name: string, defined: ReadonlySet<string>, names: readonly string[], what: string, where: string): void {
  if (defined.has(name.toLowerCase())) return;
  const suggestions = closestMatches(name, names, 3);
  const range = { start: attr.valueStart, end: Math.max(attr.valueStart + 1, attr.valueEnd) };
  ctx.report({
    code: 'rewrite-reference-unknown', ...range, data: { start: attr.valueStart, end: attr.valueEnd, suggestions, what: 'value' } satisfies Data,
    message: `No ${what} named "${shown(name)}" is defined in ${where}${suggestions.length ? `; did you mean "${suggestions[0]}"?` : '.'}`,
    ...(names.length ? { detail: `Defined in the files in view: ${names.slice(0, 20).map((n) => `"${n}"`).join(', ')}.` } : {}),
  });
}

export const rewriteReferencesRule: Rule = {
  id: 'rewrite-references',
  codes: ['rewrite-backreference-invalid', 'rewrite-reference-unknown'],
  // Back-references depend on their rule alone; the names a rule uses may be defined in any section of the files in view.
  checkSection(section, ctx) {
    if (ctx.file.kind === 'transform') return;
    checkRewriteReferences(section, ctx, { kind: 'backrefs' });
  },
  check(ctx) {
    // XML Document Transform files hold fragments merged into another file: only their patterns are checked.
    if (!hasRewrite(ctx) || ctx.file.kind === 'transform') return;
    const pass: Pass = { kind: 'names', rc: rewriteContext(ctx) };
    for (const s of ctx.file.sections) if (REWRITE_PATHS.has(s.path)) checkRewriteReferences(s, ctx, pass);
  },
  fixes(diagnostic: Diagnostic): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (diagnostic.code !== 'rewrite-reference-unknown' || !data) return [];
    return data.suggestions.map((s, i) => ({
      title: `Change to "${s}"`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: [{ start: data.start, end: data.end, newText: encodeAttributeValue(s) }],
    }));
  },
};
