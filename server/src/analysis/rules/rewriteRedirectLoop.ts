/**
 * `rewrite-redirect-loop` (warning): a Redirect rule whose target is
 * redirected again and again — the classic HTTPS redirect to `http://`, the
 * canonical-host rule whose condition also matches the canonical host, the
 * lower-case rule that still matches with ignoreCase, the trailing-slash rule
 * that matches its own result.
 *
 * Found by running the rules (rewrite/engine.ts): for each Redirect rule of
 * the file, requests that its pattern and conditions accept are built (a
 * sample string of the pattern, sample hosts and query strings from the
 * conditions' patterns, http and https), run through the rules in effect at
 * the rule's level (global rules, then the distributed rules of the hierarchy
 * and this file), and the redirects followed (up to 10). A loop is reported
 * only when nothing in the chain was undecided (conditions on files and
 * folders are), and the chain stays on the same site (the same host, or the
 * host with or without "www."; with an applicationHost.config, its bindings).
 */
import type { Rule, RuleContext } from './rule';
import type { RelatedInformation } from '../types';
import { REWRITE_SECTIONS, ruleElements } from '../../rewrite/model';
import { PatternBudgetExceeded, StepMeter, compilePattern } from '../../rewrite/patterns';
import { sampleMatch } from '../../rewrite/regex';
import { EngineRule, RequestEnvironment, RuleSets, TestTrace, testUrl } from '../../rewrite/engine';
import { resolveRequest } from '../../rewrite/resolve';
import { rewriteScopeAt } from '../rewriteRules';
import { shown, trimEndChars } from '../../util/strings';
import { RewriteContext, hasRewrite, rewriteContext } from '../rewriteContext';

/** A string the pattern accepts (a sample confirmed by matching), or undefined. */
function witness(pattern: string, syntax: EngineRule['rule']['patternSyntax'], ignoreCase: boolean, negate: boolean, steps: StepMeter): string | undefined {
  const c = compilePattern(pattern, syntax);
  if (!c.ok) return undefined;
  const accepts = (s: string) => {
    try { return !!c.pattern.match(s, ignoreCase, steps) !== negate; } catch (error) {
      if (error instanceof PatternBudgetExceeded) return false;
      throw error;
    }
  };
  const candidates: string[] = [];
  if (negate) candidates.push('x', 'index.html', 'a/b', '');
  else if (syntax === 'ECMAScript' && c.pattern.regex) {
    for (const longer of [false, true]) { const s = sampleMatch(c.pattern.regex, longer); if (s !== undefined) candidates.push(s.replace(/^\^/, '')); }
  } else if (syntax === 'Wildcard') candidates.push(pattern.replace(/\*/g, ''), pattern.replace(/\*/g, 'a'));
  else candidates.push(pattern);
  return candidates.find(accepts);
}

const HOST_VARIABLES = new Set(['HTTP_HOST', 'SERVER_NAME']);

/** Candidate requests for a rule: path from its pattern, hosts, query strings and other variables from its conditions. */
function candidates(r: EngineRule, steps: StepMeter): Array<{ url: string; variables: Record<string, string> }> | undefined {
  const rule = r.rule;
  const input = rule.match ? witness(rule.match.url, rule.patternSyntax, rule.match.ignoreCase, rule.match.negate, steps) : '';
  if (input === undefined || /^[a-z]+:\/\//i.test(input)) return undefined;
  const base = r.phase === 'global' ? '' : trimEndChars(r.base, '/');
  const path = `${base}/${input}`.replace(/\/{2,}/g, '/');
  const hosts = new Set<string>();
  let query = '';
  let schemeMatters = false, hostMatters = false;
  const variables: Record<string, string> = {};
  for (const c of rule.conditions.items) {
    const m = /^\{([A-Za-z_][\w-]*)\}$/.exec(c.input.trim());
    if (/\{(HTTPS|SERVER_PORT|SERVER_PORT_SECURE|CACHE_URL)\}/i.test(c.input)) schemeMatters = true;
    if (/\{(HTTP_HOST|SERVER_NAME|CACHE_URL)\}/i.test(c.input)) hostMatters = true;
    if (!m || c.matchType !== 'Pattern') continue;
    const name = m[1].toUpperCase();
    const w = witness(c.pattern, rule.patternSyntax, c.ignoreCase, c.negate, steps);
    if (w === undefined) continue;
    if (HOST_VARIABLES.has(name)) { if (/^[a-z0-9.-]+(:\d+)?$/i.test(w) && w.includes('.')) hosts.add(w.toLowerCase()); }
    else if (name === 'QUERY_STRING') query = w;
    else if (!['HTTPS', 'SERVER_PORT', 'SERVER_PORT_SECURE', 'REQUEST_URI', 'URL', 'PATH_INFO', 'SCRIPT_NAME', 'UNENCODED_URL', 'HTTP_URL', 'CACHE_URL'].includes(name)) variables[name] = w;
  }
  if (hostMatters || !hosts.size) hosts.add('example.com');
  if (hostMatters) hosts.add('www.example.com');
  const out: Array<{ url: string; variables: Record<string, string> }> = [];
  for (const scheme of schemeMatters ? ['http', 'https'] : ['http']) {
    for (const host of hosts) {
      try { out.push({ url: new URL(`${scheme}://${host}${encodeURI(path)}${query ? '?' + query : ''}`).href, variables }); } catch { /* not a URL */ }
    }
  }
  return out.slice(0, 8);
}

const sameSite = (a: string, b: string) => a === b || a === `www.${b}` || b === `www.${a}`;

export const rewriteRedirectLoopRule: Rule = {
  id: 'rewrite-redirect-loop',
  codes: ['rewrite-redirect-loop'],
  check(ctx: RuleContext) {
    // XML Document Transform files hold fragments merged into another file: only their patterns are checked.
    if (!hasRewrite(ctx) || ctx.file.kind === 'transform') return;
    const rc = rewriteContext(ctx);
    // The rules of this file, by the configuration path they apply to.
    const byTarget = new Map<string, { at: readonly string[] }>();
    for (const s of ctx.file.sections) {
      if (s.path !== REWRITE_SECTIONS.rules && s.path !== REWRITE_SECTIONS.globalRules) continue;
      if (!ruleElements(s.element).some((el) => el.children.some((c) => c.type === 'element' && c.name === 'action'))) continue;
      const at = s.path === REWRITE_SECTIONS.globalRules ? rc.current.configPath : rc.targetOf(s);
      byTarget.set(at.join('/').toLowerCase(), { at });
    }
    const reported = new Set<number>();
    // Each redirect rule's test runs the whole rule set: the work is bounded, not quadratic in a huge file.
    const budget: Budget = { rules: { left: RULE_BUDGET }, steps: { left: STEP_BUDGET } };
    for (const { at } of byTarget.values()) checkScope(ctx, rc, at, reported, budget);
  },
};

/** Rule evaluations one analysis may spend on loop checks (about 0.2 s): every redirect rule of a file of a few hundred rules. */
const RULE_BUDGET = 60000;
/** Pattern-matching work (matcher.ts steps) one analysis may spend on them; a pattern that backtracks badly uses it up instead of hanging. */
const STEP_BUDGET = 3_000_000;

interface Budget { readonly rules: { left: number }; readonly steps: StepMeter }
const spent = (b: Budget) => b.rules.left <= 0 || b.steps.left <= 0;

function checkScope(ctx: RuleContext, rc: RewriteContext, at: readonly string[], reported: Set<number>, budget: Budget): void {
  const scope = rewriteScopeAt(rc.h, rc.chain, at, ctx.schema);
  const sets: RuleSets = { ...scope, physicalPath: () => undefined };
  const own = [...scope.global, ...scope.distributed].filter((r) => r.file === '' && r.rule.action.type === 'Redirect' && r.rule.enabled);
  const sites = rc.h.sites;
  const siteName = at[0];
  for (const r of own) {
    if (spent(budget)) return;
    if (reported.has(r.rule.element.start)) continue;
    for (const cand of candidates(r, budget.steps) ?? []) {
      const first = new URL(cand.url);
      const env: RequestEnvironment = {
        ruleSets(url) {
          if (sites && siteName && rc.h.mapped) {
            const bound = resolveRequest(url, sites);
            if (bound) return bound.site.name.toLowerCase() === siteName.toLowerCase() ? sets : undefined;
          }
          return sameSite(url.hostname.toLowerCase(), first.hostname.toLowerCase()) ? sets : undefined;
        },
        fileKind: () => undefined,
      };
      if (spent(budget)) return;
      const trace = testUrl(cand.url, env, { variables: cand.variables, quiet: true, budget: budget.rules, steps: budget.steps });
      if (!firstRedirectIs(trace, r) || !trace.loop) continue;
      const chain = [trace, ...trace.redirects];
      if (chain.some((t) => t.result.action === 'Undecided')) continue;
      reported.add(r.rule.element.start);
      const nameAttr = r.rule.element.attributes.find((a) => a.name === 'name');
      const urlAttr = r.rule.action.urlAttribute;
      const at = urlAttr ?? nameAttr;
      const start = at ? at.valueStart : r.rule.element.nameStart;
      const end = at ? Math.max(at.valueStart + 1, at.valueEnd) : r.rule.element.nameEnd;
      const target = new URL(trace.result.url!, trace.url).href;
      const related: RelatedInformation[] = [];
      for (const t of trace.redirects.slice(0, 3)) {
        const again = t.rules.find((x) => x.outcome.startsWith('Redirect'));
        const rule = again && [...scope.global, ...scope.distributed].find((e) => e.file === '' && again.file === '' && e.rule.element.start === again.offset);
        if (rule) related.push({ message: `${t.url} is redirected again by "${again!.name}"`, start: rule.rule.element.start, end: rule.rule.element.startTagEnd });
      }
      const chainText = [trace.url, ...trace.redirects.map((t) => t.url), trace.loop.url].join(' → ');
      ctx.report({
        code: 'rewrite-redirect-loop', start, end, related,
        message: target === trace.url
          ? `Rule "${shown(r.rule.name)}" redirects ${shown(trace.url, 50)} to itself: a redirect loop.`
          : `Rule "${shown(r.rule.name)}" redirects ${shown(trace.url, 40)} to ${shown(target, 40)}, which is redirected again: a redirect loop.`,
        detail: `Running the rules: ${chainText} (${trace.loop.reason}); browsers stop with "too many redirects". The request was built from the rule's pattern and conditions; test other URLs with iis-config-lint --rewrite-test or the command "IIS Config: Test URL against Rewrite Rules…".`,
      });
      break;
    }
  }
}

/** The first request of the trace ends with a redirect by `r`. */
function firstRedirectIs(trace: TestTrace, r: EngineRule): boolean {
  if (trace.result.action !== 'Redirect') return false;
  const last = trace.rules[trace.rules.length - 1];
  return !!last && last.file === r.file && last.offset === r.rule.element.start;
}
