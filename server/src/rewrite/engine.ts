/**
 * The inbound rule engine: runs a request through URL Rewrite rules the way
 * the module does, and records every decision.
 *
 * Order and inputs (URL Rewrite Module Configuration Reference: "Rewrite
 * Rules Scope", "Rules Evaluation", "Rules Inheritance", "Accessing URL Parts
 * from a Rewrite Rule"; "Using Global and Distributed Rewrite Rules"):
 * - the server's `<globalRules>` first, on the URL path without the leading
 *   slash; then the distributed `<rules>` in effect for the (possibly
 *   rewritten) URL, parents first, each on the URL path relative to the
 *   folder (or `<location>`) it is defined for;
 * - a rule's pattern, then its conditions (MatchAll / MatchAny, negate,
 *   ignoreCase, back-references to the previous condition, or to all of them
 *   with trackAllCaptures), then its server variables and its action;
 * - Rewrite: the substituted URL is the input of the next rule (relative
 *   substitutions are relative to the rule's folder); Redirect, CustomResponse
 *   and AbortRequest end the processing; stopProcessing ends the rule set;
 * - appendQueryString (default true) keeps the request's query string.
 *
 * The engine is pure: the caller supplies the rule sets for a URL and answers
 * whether a physical path is a file or a folder (or that it cannot tell, and
 * the trace says "undecided"). Redirects are followed, up to 10 hops, while
 * they stay on a site the caller knows; a URL seen twice is a loop.
 */
import { Expression, EvaluationScope, evaluate, parseExpression } from './expressions';
import type { ConditionDef, InboundRule, RewriteMapDef } from './model';
import { PatternBudgetExceeded, StepMeter, compilePattern } from './patterns';
import { trimChars, trimEndChars } from '../util/strings';

export interface EngineRule {
  readonly rule: InboundRule;
  readonly phase: 'global' | 'distributed';
  /** URL path of the level the rule is defined for ('/' or '/blog'); distributed rules match relative to it. */
  readonly base: string;
  /** The file the rule is written in, and its 1-based line. */
  readonly file: string;
  readonly line: number;
}

export interface RuleSets {
  readonly global: readonly EngineRule[];
  /** Distributed rules in effect for the URL, parents first. */
  readonly distributed: readonly EngineRule[];
  /** Rewrite maps in effect, by lower-case name. */
  readonly maps: ReadonlyMap<string, RewriteMapDef>;
  /** Rewrite providers in effect (lower-case names): their results cannot be computed offline. */
  readonly providers: ReadonlySet<string>;
  /** The site serving the URL (for the trace). */
  readonly site?: string;
  /** The physical path a URL path maps to (REQUEST_FILENAME), when known. */
  physicalPath(urlPath: string): string | undefined;
}

export interface RequestEnvironment {
  /** The rule sets for a URL; undefined when no site the caller knows serves it (a redirect leaving the server). */
  ruleSets(url: URL): RuleSets | undefined;
  /** Whether a physical path is a file or a folder; undefined when it cannot be told (the condition is undecided). */
  fileKind(physicalPath: string): 'file' | 'directory' | 'missing' | undefined;
}

export type ResultAction = 'None' | 'Rewrite' | 'Redirect' | 'CustomResponse' | 'AbortRequest' | 'Undecided' | 'Error';

export interface RequestResult {
  readonly action: ResultAction;
  /** The final URL (Rewrite, None), the Location (Redirect). */
  readonly url?: string;
  readonly statusCode?: number;
  readonly subStatusCode?: number;
  readonly reason?: string;
  /** A Rewrite to an absolute URL: the request is forwarded (Application Request Routing). */
  readonly proxy?: boolean;
  /** Why the result is Undecided or Error. */
  readonly note?: string;
}

export interface ConditionTrace {
  readonly input: string;
  /** The input after expanding references. */
  readonly value: string;
  readonly matchType: ConditionDef['matchType'];
  readonly pattern?: string;
  readonly negate: boolean;
  /** true, false, 'undecided', or 'skipped' (not evaluated: the grouping was already decided). */
  readonly result: boolean | 'undecided' | 'skipped';
  readonly captures?: readonly string[];
  readonly note?: string;
}

export interface RuleTrace {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Offset of the rule's element in its file. */
  readonly offset: number;
  readonly phase: 'global' | 'distributed';
  /** The string the pattern was matched against. */
  readonly input: string;
  readonly matched: boolean | 'disabled' | 'error' | 'undecided';
  readonly captures?: readonly string[];
  readonly conditions: readonly ConditionTrace[];
  readonly conditionsMet?: boolean | 'undecided';
  readonly serverVariables?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** What the rule did, in words ("Rewrite to /index.php", "conditions not met", …). */
  readonly outcome: string;
  readonly stopProcessing?: boolean;
}

export interface RequestTrace {
  readonly url: string;
  readonly site?: string;
  readonly result: RequestResult;
  readonly rules: readonly RuleTrace[];
  /** Server variables the rules read that the test did not provide (taken as empty). */
  readonly missingVariables: readonly string[];
}

export interface TestTrace extends RequestTrace {
  /** The redirects followed, in order (each a request of its own). */
  readonly redirects: readonly RequestTrace[];
  /** The redirect chain revisits a URL, or still redirects after the hop limit. */
  readonly loop?: { readonly url: string; readonly hops: number; readonly reason: string };
  /** The redirect chain leaves the sites in view at this URL. */
  readonly leaves?: string;
}

export interface TestOptions {
  /** Server variables stated by the user (HTTPS=on, HTTP_USER_AGENT=…), over the ones derived from the URL. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Redirects to follow (default 10). */
  readonly maxRedirects?: number;
  /** Record only the rules whose pattern matched (for callers that look at outcomes only). */
  readonly quiet?: boolean;
  /** Rule evaluations left; each rule run takes one, and at 0 the request ends Undecided. Shared by the caller across tests. */
  readonly budget?: { left: number };
  /**
   * Pattern-matching work left (matcher.ts steps), shared by every match of
   * the test and its redirects (default {@link STEPS_PER_TEST}); a match that
   * runs out makes its rule, and the request, Undecided.
   */
  readonly steps?: StepMeter;
}

export const MAX_REDIRECTS = 10;
/** The matching work of one URL test when the caller gives none (about a second at most). */
export const STEPS_PER_TEST = 5_000_000;

/** Run a URL through the rules, following redirects. */
export function testUrl(url: string, env: RequestEnvironment, options0: TestOptions = {}): TestTrace {
  const options: TestOptions = options0.steps ? options0 : { ...options0, steps: { left: STEPS_PER_TEST } };
  const first = runRequest(toUrl(url), env, options.variables ?? {}, options);
  const redirects: RequestTrace[] = [];
  const seen = new Set([normalize(first.url)]);
  let current = first;
  let loop: TestTrace['loop'];
  let leaves: string | undefined;
  const max = options.maxRedirects ?? MAX_REDIRECTS;
  while (current.result.action === 'Redirect' && current.result.url) {
    let next: URL;
    try { next = new URL(current.result.url, current.url); } catch { break; }
    const key = normalize(next.href);
    if (seen.has(key)) { loop = { url: next.href, hops: redirects.length + 1, reason: `the redirect goes back to ${next.href}, which was already requested` }; break; }
    if (redirects.length >= max) { loop = { url: next.href, hops: redirects.length, reason: `still redirecting after ${max} redirects` }; break; }
    if (!env.ruleSets(next)) { leaves = next.href; break; }
    seen.add(key);
    // A redirected request is a new request: the user's variables that the URL decides are derived anew.
    const variables = { ...(options.variables ?? {}) };
    for (const k of URL_VARIABLES) delete variables[k];
    current = runRequest(next, env, variables, options);
    redirects.push(current);
  }
  return { ...first, redirects, ...(loop ? { loop } : {}), ...(leaves ? { leaves } : {}) };
}

function toUrl(u: string): URL {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return new URL(u);
  return new URL(u.startsWith('/') ? u : '/' + u, 'http://localhost');
}

function normalize(u: string): string {
  try { const x = new URL(u); return `${x.protocol}//${x.host.toLowerCase()}${x.pathname}${x.search}`; } catch { return u; }
}

/** Variables the request URL decides (the user's values for them are dropped on redirects). */
const URL_VARIABLES = ['HTTPS', 'SERVER_PORT', 'SERVER_PORT_SECURE', 'HTTP_HOST', 'SERVER_NAME', 'QUERY_STRING', 'REQUEST_URI', 'URL', 'PATH_INFO', 'SCRIPT_NAME', 'UNENCODED_URL', 'HTTP_URL', 'CACHE_URL'];

function safeDecode(s: string): string {
  try { return decodeURIComponent(s.replace(/%2F/gi, '%252F')).replace(/%2F/gi, '%2F'); } catch { return s; }
}

/** Server variables a request URL gives (URL Rewrite Module Configuration Reference, "Accessing URL Parts from a Rewrite Rule"). */
export function urlVariables(url: URL): Record<string, string> {
  const https = url.protocol === 'https:';
  const port = url.port || (https ? '443' : '80');
  const path = safeDecode(url.pathname);
  const query = url.search.replace(/^\?/, '');
  return {
    HTTPS: https ? 'on' : 'off', SERVER_PORT: port, SERVER_PORT_SECURE: https ? '1' : '0',
    HTTP_HOST: url.host, SERVER_NAME: url.hostname, QUERY_STRING: query,
    REQUEST_URI: url.pathname + url.search, URL: path, PATH_INFO: path, SCRIPT_NAME: path,
    UNENCODED_URL: url.pathname + url.search, HTTP_URL: url.pathname + url.search,
    CACHE_URL: `${url.protocol}//${url.hostname}:${port}${url.pathname}${url.search}`,
    REQUEST_METHOD: 'GET', HTTP_METHOD: 'GET', SERVER_PROTOCOL: 'HTTP/1.1', HTTP_VERSION: 'HTTP/1.1',
  };
}

interface State {
  /** The current URL path ('/a/b', or an absolute URL after a proxy rewrite). */
  path: string;
  query: string;
  rewritten: boolean;
  proxy: boolean;
  readonly vars: Map<string, string>;
  readonly missing: Set<string>;
}

const expressionCache = new Map<string, Expression>();
function expr(s: string): Expression {
  let e = expressionCache.get(s);
  if (!e) {
    e = parseExpression(s);
    if (expressionCache.size > 5000) expressionCache.clear();
    expressionCache.set(s, e);
  }
  return e;
}

/** The input of a rule: the URL path relative to the rule's level, without the leading slash. */
export function ruleInput(path: string, rule: Pick<EngineRule, 'phase' | 'base'>): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const p = path.replace(/^\/+/, '');
  if (rule.phase === 'global') return p;
  const base = trimChars(rule.base, '/');
  if (!base) return p;
  const lower = p.toLowerCase(), b = base.toLowerCase();
  if (lower === b) return '';
  if (lower.startsWith(b + '/')) return p.slice(base.length + 1);
  return p;
}

/** A substitution URL made absolute-path: relative ones are relative to the rule's level. */
function resolveSubstitution(target: string, rule: EngineRule): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || target.startsWith('/')) return target;
  const base = rule.phase === 'global' ? '' : trimEndChars(rule.base, '/');
  return `${base}/${target}`;
}

function runRequest(url: URL, env: RequestEnvironment, userVariables: Readonly<Record<string, string>>, options: TestOptions): RequestTrace {
  const sets = env.ruleSets(url);
  const traces: RuleTrace[] = [];
  const vars = new Map<string, string>(Object.entries(urlVariables(url)));
  const state: State = { path: safeDecode(url.pathname), query: url.search.replace(/^\?/, ''), rewritten: false, proxy: false, vars, missing: new Set() };
  const setPhysical = (s: RuleSets | undefined) => {
    const physical = s?.physicalPath(state.path);
    if (physical !== undefined) for (const k of ['REQUEST_FILENAME', 'PATH_TRANSLATED', 'SCRIPT_FILENAME', 'SCRIPT_TRANSLATED']) vars.set(k, physical);
    const root = s?.physicalPath('/');
    if (root !== undefined) { vars.set('APPL_PHYSICAL_PATH', root); vars.set('DOCUMENT_ROOT', trimEndChars(root, '\\/')); }
    if (s?.site) vars.set('INSTANCE_NAME', s.site);
  };
  setPhysical(sets);
  for (const [k, v] of Object.entries(userVariables)) vars.set(k.toUpperCase().replace(/-/g, '_'), v);
  const originalUrl = state.path + (state.query ? '?' + state.query : '');
  const done = (result: RequestResult): RequestTrace => ({ url: url.href, ...(sets?.site ? { site: sets.site } : {}), result, rules: traces, missingVariables: [...state.missing].sort() });
  if (!sets) return done({ action: 'None', url: originalUrl, note: 'no site in view serves this URL' });

  const run = (rules: readonly EngineRule[], s: RuleSets): RequestResult | undefined => {
    for (const r of rules) {
      if (options.budget && --options.budget.left < 0) return { action: 'Undecided', note: 'the evaluation budget ran out' };
      const outcome = runRule(r, state, env, s, traces, !!options.quiet, options.steps ?? { left: STEPS_PER_TEST });
      if (outcome === 'stop') return undefined;
      if (outcome) return outcome;
    }
    return undefined;
  };
  const globalResult = run(sets.global, sets);
  if (globalResult) return done(globalResult);
  // Global rules ran before the request was mapped to its configuration: the distributed rules are the rewritten URL's.
  let distributed = sets;
  if (state.rewritten && !state.proxy) {
    vars.set('HTTP_X_ORIGINAL_URL', originalUrl);
    const again = env.ruleSets(new URL(state.path + (state.query ? '?' + state.query : ''), url));
    if (again) distributed = again;
    for (const [k, v] of Object.entries(urlVariables(new URL(state.path + (state.query ? '?' + state.query : ''), url)))) {
      if (k !== 'HTTP_HOST' && k !== 'SERVER_NAME' && !(k in userVariables)) vars.set(k, v);
    }
    setPhysical(distributed);
  }
  const result = run(distributed.distributed, distributed);
  if (result) return done(result);
  const finalUrl = state.path + (state.query ? '?' + state.query : '');
  return done(state.rewritten ? { action: 'Rewrite', url: finalUrl, ...(state.proxy ? { proxy: true } : {}) } : { action: 'None', url: finalUrl });
}

/** Run one rule; a result ends the request, 'stop' ends the rule set. */
function runRule(r: EngineRule, state: State, env: RequestEnvironment, sets: RuleSets, traces: RuleTrace[], quiet: boolean, steps: StepMeter): RequestResult | 'stop' | undefined {
  const rule = r.rule;
  const base = { name: rule.name, file: r.file, line: r.line, offset: rule.element.start, phase: r.phase };
  const input = ruleInput(state.path, r);
  if (!rule.enabled) { if (!quiet) traces.push({ ...base, input, matched: 'disabled', conditions: [], outcome: 'disabled (enabled="false")' }); return undefined; }
  const source = rule.match?.url ?? '';
  const compiled = compilePattern(source, rule.match ? rule.patternSyntax : 'ECMAScript');
  if (!compiled.ok) {
    traces.push({ ...base, input, matched: 'error', conditions: [], outcome: `the pattern does not compile: ${compiled.error.message}` });
    return { action: 'Error', statusCode: 500, subStatusCode: 52, note: `rule "${rule.name}": the pattern does not compile (${compiled.error.message}); IIS answers 500.52 for every request` };
  }
  let m: string[] | undefined;
  try { m = compiled.pattern.match(input, rule.match?.ignoreCase ?? true, steps); } catch (error) {
    if (!(error instanceof PatternBudgetExceeded)) throw error;
    traces.push({ ...base, input, matched: 'undecided', conditions: [], outcome: `undecided: ${error.message}` });
    return { action: 'Undecided', note: `rule "${rule.name}": ${error.message}` };
  }
  const negate = rule.match?.negate ?? false;
  const matched = negate ? !m : !!m;
  const captures = negate ? [] : m ?? [];
  if (!matched) { if (!quiet) traces.push({ ...base, input, matched: false, conditions: [], outcome: 'pattern does not match' }); return undefined; }

  // Conditions.
  const conds: ConditionTrace[] = [];
  const c = rule.conditions;
  let last: string[] = [];
  const all: string[] = [];
  let met: boolean | 'undecided' = true;
  let undecidedSeen = false;
  let anyTrue = false;
  const conditionScope = (): string[] => (c.trackAllCaptures ? all : last);
  for (let i = 0; i < c.items.length; i++) {
    const cond = c.items[i];
    if ((c.logicalGrouping === 'MatchAll' && met === false) || (c.logicalGrouping === 'MatchAny' && anyTrue)) {
      conds.push({ input: cond.input, value: '', matchType: cond.matchType, ...(cond.matchType === 'Pattern' ? { pattern: cond.pattern } : {}), negate: cond.negate, result: 'skipped' });
      continue;
    }
    const ev = evaluate(expr(cond.input || (cond.matchType === 'Pattern' ? '' : '{REQUEST_FILENAME}')), scope(state, sets, captures, conditionScope()));
    let result: boolean | 'undecided';
    let caps: string[] | undefined;
    let note = ev.undecided;
    if (ev.undecided) result = 'undecided';
    else if (cond.matchType === 'Pattern') {
      const p = compilePattern(cond.pattern, rule.patternSyntax);
      if (!p.ok) {
        traces.push({ ...base, input, matched: true, captures, conditions: conds, outcome: `condition pattern does not compile: ${p.error.message}` });
        return { action: 'Error', statusCode: 500, subStatusCode: 52, note: `rule "${rule.name}": a condition pattern does not compile (${p.error.message})` };
      }
      let cm: string[] | undefined;
      try { cm = p.pattern.match(ev.value, cond.ignoreCase, steps); } catch (error) {
        if (!(error instanceof PatternBudgetExceeded)) throw error;
        conds.push({ input: cond.input, value: ev.value, matchType: cond.matchType, pattern: cond.pattern, negate: cond.negate, result: 'undecided', note: error.message });
        traces.push({ ...base, input, matched: true, captures, conditions: conds, conditionsMet: 'undecided', outcome: `undecided: ${error.message}` });
        return { action: 'Undecided', note: `rule "${rule.name}": a condition pattern ${error.message.replace(/^the pattern /, '')}` };
      }
      result = cond.negate ? !cm : !!cm;
      if (cm && !cond.negate) {
        caps = cm;
        if (c.trackAllCaptures) { if (all.length === 0) all.push(...cm); else all.push(...cm.slice(1)); }
        else last = cm;
      }
    } else {
      const kind = env.fileKind(ev.value);
      if (kind === undefined) { result = 'undecided'; note = 'whether this is a file or a folder cannot be told here (state it with --exists or --missing)'; }
      else {
        const is = cond.matchType === 'IsFile' ? kind === 'file' : kind === 'directory';
        result = cond.negate ? !is : is;
        note = `${kind === 'missing' ? 'does not exist' : `is a ${kind === 'file' ? 'file' : 'folder'}`}`;
      }
    }
    conds.push({ input: cond.input, value: ev.value, matchType: cond.matchType, ...(cond.matchType === 'Pattern' ? { pattern: cond.pattern } : {}), negate: cond.negate, result, ...(caps ? { captures: caps } : {}), ...(note ? { note } : {}) });
    if (result === 'undecided') undecidedSeen = true;
    else if (result) anyTrue = true;
    else if (c.logicalGrouping === 'MatchAll') met = false;
  }
  if (c.items.length) {
    if (c.logicalGrouping === 'MatchAll') met = met === false ? false : undecidedSeen ? 'undecided' : true;
    else met = anyTrue ? true : undecidedSeen ? 'undecided' : false;
  }
  if (met === 'undecided') {
    traces.push({ ...base, input, matched: true, captures, conditions: conds, conditionsMet: 'undecided', outcome: 'undecided: a condition cannot be decided' });
    return { action: 'Undecided', note: `rule "${rule.name}" depends on a condition that cannot be decided offline` };
  }
  if (!met) { traces.push({ ...base, input, matched: true, captures, conditions: conds, conditionsMet: false, outcome: 'conditions not met' }); return undefined; }

  const actionScope = scope(state, sets, captures, conditionScope());
  // Server variables are set when the rule applies, before its action.
  const setVars: Array<{ name: string; value: string }> = [];
  for (const sv of rule.serverVariables) {
    const v = evaluate(expr(sv.value), actionScope).value;
    const key = sv.name.toUpperCase().replace(/-/g, '_');
    if (sv.replace || !state.vars.has(key)) state.vars.set(key, v);
    setVars.push({ name: sv.name, value: v });
  }
  const a = rule.action;
  const traceBase = { ...base, input, matched: true as const, captures, conditions: conds, ...(c.items.length ? { conditionsMet: true } : {}), ...(setVars.length ? { serverVariables: setVars } : {}), ...(rule.stopProcessing ? { stopProcessing: true } : {}) };
  const substitution = (): { value: string } | { undecided: string } => {
    const ev = evaluate(expr(a.url), actionScope);
    return ev.undecided ? { undecided: ev.undecided } : { value: ev.value };
  };
  switch (a.type) {
    case 'None':
      traces.push({ ...traceBase, outcome: 'action None' });
      return rule.stopProcessing ? 'stop' : undefined;
    case 'AbortRequest':
      traces.push({ ...traceBase, outcome: 'AbortRequest: the connection is dropped' });
      return { action: 'AbortRequest' };
    case 'CustomResponse': {
      const reason = a.statusReason !== undefined ? evaluate(expr(a.statusReason), actionScope).value : undefined;
      traces.push({ ...traceBase, outcome: `CustomResponse ${a.statusCode ?? 0}${a.subStatusCode ? '.' + a.subStatusCode : ''}${reason ? ' ' + reason : ''}` });
      return { action: 'CustomResponse', statusCode: a.statusCode ?? 0, ...(a.subStatusCode ? { subStatusCode: a.subStatusCode } : {}), ...(reason ? { reason } : {}) };
    }
    case 'Redirect': {
      const s = substitution();
      if ('undecided' in s) { traces.push({ ...traceBase, outcome: `undecided: ${s.undecided}` }); return { action: 'Undecided', note: s.undecided }; }
      let location = resolveSubstitution(s.value, r);
      if (a.appendQueryString && state.query) location += (location.includes('?') ? '&' : '?') + state.query;
      traces.push({ ...traceBase, outcome: `Redirect ${a.redirectStatus} to ${location}` });
      return { action: 'Redirect', url: location, statusCode: a.redirectStatus };
    }
    case 'Rewrite': {
      const s = substitution();
      if ('undecided' in s) { traces.push({ ...traceBase, outcome: `undecided: ${s.undecided}` }); return { action: 'Undecided', note: s.undecided }; }
      const target = resolveSubstitution(s.value, r);
      const q = target.indexOf('?');
      const newPath = q >= 0 ? target.slice(0, q) : target;
      const newQuery = q >= 0 ? target.slice(q + 1) : '';
      const query = a.appendQueryString && state.query ? (newQuery ? `${newQuery}&${state.query}` : state.query) : newQuery;
      state.path = newPath;
      state.query = query;
      state.rewritten = true;
      state.proxy = /^[a-z][a-z0-9+.-]*:\/\//i.test(newPath);
      traces.push({ ...traceBase, outcome: `Rewrite to ${newPath}${query ? '?' + query : ''}${state.proxy ? ' (forwarded by Application Request Routing)' : ''}` });
      return rule.stopProcessing ? 'stop' : undefined;
    }
  }
}

/**
 * Variables naming the physical file of the request: they follow the URL as earlier rules rewrote it — the
 * Azure App Service / iisnode web.config ("First we consider whether the incoming URL matches a physical file in the
 * /public folder": a rule rewrites to public{REQUEST_URI}, the next tests {REQUEST_FILENAME} with IsFile) relies on it.
 */
const PHYSICAL_VARIABLES = new Set(['REQUEST_FILENAME', 'SCRIPT_FILENAME', 'PATH_TRANSLATED', 'SCRIPT_TRANSLATED']);

function scope(state: State, sets: RuleSets, rule: readonly string[], condition: readonly string[]): EvaluationScope {
  return {
    rule, condition,
    variable(name) {
      const key = name.toUpperCase().replace(/-/g, '_');
      if (PHYSICAL_VARIABLES.has(key) && state.rewritten && !state.proxy) {
        const physical = sets.physicalPath(state.path);
        if (physical !== undefined) return physical;
      }
      const v = state.vars.get(key);
      if (v === undefined) state.missing.add(name.toUpperCase());
      return v;
    },
    lookup(name, key) {
      const map = sets.maps.get(name.toLowerCase());
      if (map) return { value: map.entries.get(map.ignoreCase ? key.toLowerCase() : key) ?? map.defaultValue };
      if (sets.providers.has(name.toLowerCase())) return { undecided: `rewrite provider "${name}" runs .NET code that cannot be run offline` };
      return 'no-such';
    },
  };
}
