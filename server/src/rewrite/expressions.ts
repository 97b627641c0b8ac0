/**
 * URL Rewrite expressions: the strings of condition inputs, action URLs,
 * server variable values and rewrite-map keys, with `{…}` references:
 *
 *   {R:n} {C:n}        back-references to the rule pattern and conditions
 *   {NAME}             a server variable (HTTP_* request headers, RESPONSE_* response headers)
 *   {Name:argument}    a string function (ToLower, UrlEncode, …), a rewrite map or a rewrite provider
 *
 * There is no escape character: `{` always opens a reference; a `}` that
 * closes none is an ordinary character (Daniel Vasquez Lopez, URL Rewrite
 * team, "How to escape {curly brackets} in URL Rewrite rule", blogs.iis.net,
 * 2011-07-29; a literal { is written {UrlDecode:%7B}). Parsing never fails:
 * an unclosed `{` is kept as text and reported in `unclosed`.
 */

export type ExpressionPart =
  | { readonly kind: 'text'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'backref'; readonly source: 'R' | 'C'; readonly index: number; readonly start: number; readonly end: number }
  /** `{NAME}`; nameStart/nameEnd cover NAME. */
  | { readonly kind: 'variable'; readonly name: string; readonly nameStart: number; readonly nameEnd: number; readonly start: number; readonly end: number }
  /** `{Name:argument}`: a function, map or provider. */
  | { readonly kind: 'call'; readonly name: string; readonly nameStart: number; readonly nameEnd: number; readonly argument: ExpressionPart[]; readonly start: number; readonly end: number };

export interface Expression {
  readonly parts: ExpressionPart[];
  /** Offsets of `{` that are never closed (kept as text). */
  readonly unclosed: number[];
}

interface Open {
  readonly start: number;
  readonly parts: ExpressionPart[];
  /** Offset of the first top-level ':' of this reference, once seen. */
  colon: number;
  /** Parts before the colon (the name), while the colon is not seen. */
}

/** Parse an expression; offsets are into `s` (iterative: references nest). */
export function parseExpression(s: string): Expression {
  const root: ExpressionPart[] = [];
  const stack: Open[] = [];
  const unclosed: number[] = [];
  let textStart = 0;
  const current = () => (stack.length ? stack[stack.length - 1].parts : root);
  const flush = (upTo: number) => {
    if (upTo > textStart) current().push({ kind: 'text', text: s.slice(textStart, upTo), start: textStart, end: upTo });
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') {
      flush(i);
      stack.push({ start: i, parts: [], colon: -1 });
      textStart = i + 1;
    } else if (c === ':' && stack.length && stack[stack.length - 1].colon < 0) {
      const top = stack[stack.length - 1];
      // The name is the plain text before the first colon; a nested reference before it makes it no name.
      if (top.parts.length === 0) {
        top.colon = i;
        textStart = i + 1;
      }
    } else if (c === '}' && stack.length) {
      flush(i);
      const top = stack.pop()!;
      const end = i + 1;
      current().push(finish(s, top, end));
      textStart = end;
    }
  }
  flush(s.length);
  // Unclosed references become text again (their parts, flattened, in order).
  while (stack.length) {
    const top = stack.pop()!;
    unclosed.push(top.start);
    const parent = current();
    parent.push({ kind: 'text', text: top.colon >= 0 ? s.slice(top.start, top.colon + 1) : '{', start: top.start, end: top.colon >= 0 ? top.colon + 1 : top.start + 1 });
    parent.push(...top.parts);
  }
  return { parts: mergeText(root), unclosed: unclosed.reverse() };
}

function finish(s: string, open: Open, end: number): ExpressionPart {
  const start = open.start;
  if (open.colon >= 0) {
    const name = s.slice(start + 1, open.colon);
    const nameStart = start + 1, nameEnd = open.colon;
    const arg = mergeText(open.parts);
    const argText = s.slice(open.colon + 1, end - 1);
    if ((name === 'R' || name === 'C' || name === 'r' || name === 'c') && /^\d+$/.test(argText)) {
      return { kind: 'backref', source: name.toUpperCase() as 'R' | 'C', index: Number(argText), start, end };
    }
    return { kind: 'call', name, nameStart, nameEnd, argument: arg, start, end };
  }
  const inner = mergeText(open.parts);
  if (inner.length === 1 && inner[0].kind === 'text' || inner.length === 0) {
    const name = s.slice(start + 1, end - 1);
    return { kind: 'variable', name, nameStart: start + 1, nameEnd: end - 1, start, end };
  }
  // {text{ref}text} without a colon: a variable whose name is built from references; keep it as a call-less variable.
  return { kind: 'variable', name: s.slice(start + 1, end - 1), nameStart: start + 1, nameEnd: end - 1, start, end };
}

function mergeText(parts: ExpressionPart[]): ExpressionPart[] {
  const out: ExpressionPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text' && last.end === p.start) out[out.length - 1] = { kind: 'text', text: last.text + p.text, start: last.start, end: p.end };
    else out.push(p);
  }
  return out;
}

/** Every reference of an expression, nested ones included, outermost first (iterative). */
export function references(expr: Expression): Exclude<ExpressionPart, { kind: 'text' }>[] {
  const out: Exclude<ExpressionPart, { kind: 'text' }>[] = [];
  const stack = [...expr.parts].reverse();
  while (stack.length) {
    const p = stack.pop()!;
    if (p.kind === 'text') continue;
    out.push(p);
    if (p.kind === 'call') for (let i = p.argument.length - 1; i >= 0; i--) stack.push(p.argument[i]);
  }
  return out;
}

/** What evaluating an expression needs. */
export interface EvaluationScope {
  /** Rule back-references ({R:0} = the matched string). */
  readonly rule: readonly string[];
  /** Condition back-references in effect. */
  readonly condition: readonly string[];
  /** A server variable's value (undefined: not known for this test). */
  variable(name: string): string | undefined;
  /** A rewrite map or provider lookup; undefined result: not decidable (a provider). 'no-such' when nothing has that name. */
  lookup(name: string, key: string): { value: string } | { undecided: string } | 'no-such';
}

export interface Evaluated {
  readonly value: string;
  /** Why the value is not certain (a provider was called, a variable the test does not know). */
  readonly undecided?: string;
  /** Variables read that the test did not provide (their value is taken as empty). */
  readonly missing: readonly string[];
}

const FUNCTION_IMPL: Record<string, (s: string) => string> = {
  tolower: (s) => s.toLowerCase(),
  // UrlEncode leaves the characters of a URL's structure alone and escapes the rest (spaces, non-ASCII, unsafe).
  urlencode: (s) => encodeURI(s).replace(/%25([0-9A-Fa-f]{2})/g, '%$1'),
  urldecode: (s) => { try { return decodeURIComponent(s.replace(/\+/g, '%20')); } catch { return s; } },
  escapedatastring: (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
  htmlencode: (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
};

/** Evaluate an expression (iterative). */
export function evaluate(expr: Expression, scope: EvaluationScope): Evaluated {
  const missing: string[] = [];
  let undecided: string | undefined;
  // Post-order evaluation with an explicit stack: each frame collects its parts' values.
  interface Frame { readonly parts: readonly ExpressionPart[]; i: number; acc: string; readonly call?: Extract<ExpressionPart, { kind: 'call' }> }
  const stack: Frame[] = [{ parts: expr.parts, i: 0, acc: '' }];
  let result = '';
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i >= f.parts.length) {
      stack.pop();
      let v = f.acc;
      if (f.call) {
        const fn = FUNCTION_IMPL[f.call.name.toLowerCase()];
        if (fn) v = fn(v);
        else {
          const r = scope.lookup(f.call.name, v);
          if (r === 'no-such') { v = ''; undecided ??= `{${f.call.name}:…} names no rewrite map, provider or function`; }
          else if ('undecided' in r) { v = ''; undecided ??= r.undecided; }
          else v = r.value;
        }
      }
      if (stack.length) stack[stack.length - 1].acc += v;
      else result = v;
      continue;
    }
    const p = f.parts[f.i++];
    switch (p.kind) {
      case 'text': f.acc += p.text; break;
      case 'backref': f.acc += (p.source === 'R' ? scope.rule : scope.condition)[p.index] ?? ''; break;
      case 'variable': {
        const v = scope.variable(p.name);
        if (v === undefined) missing.push(p.name.toUpperCase());
        f.acc += v ?? '';
        break;
      }
      case 'call': stack.push({ parts: p.argument, i: 0, acc: '', call: p }); break;
    }
  }
  return { value: result, ...(undecided ? { undecided } : {}), missing };
}
