/**
 * Runs a parsed pattern (regex.ts) against an input with a bounded amount of
 * work, so that a pattern taken from a configuration file cannot hang the
 * process that analyses it: `^(a|aa)+b$`, `(x+x+)+y`, `^((a+)\2)+$` or a
 * wildcard with many `*` take exponential or high-polynomial time in a
 * backtracking engine (JavaScript's RegExp included, and with
 * back-references no engine can avoid it). When the work runs out, the match
 * throws {@link PatternBudgetExceeded} and the caller reports the outcome as
 * undecided.
 *
 * It is a backtracking machine over a small program compiled from the
 * pattern, with the matching rules of ECMAScript (ECMA-262, "Pattern
 * Semantics"): alternatives and greedy or lazy repeats tried in order; the
 * captures inside a repeated atom cleared at each iteration; an optional
 * iteration that matches the empty string fails; a capture set when its
 * group closes; a back-reference to an unset capture matching the empty
 * string; lookaheads atomic, a negative one leaving no captures. Character
 * tests are JavaScript's own: each character atom runs as a one-character
 * RegExp built by toJavaScriptRegex, so a match here is a match of the
 * translated RegExp (the tests compare the two on generated patterns).
 * Iterative, except one level of the run per nested lookahead (at most
 * {@link MAX_LOOKAHEAD_NESTING}).
 */
import { ParsedRegex, RegexNode, toJavaScriptRegex } from './regex';

/** The work of a match ran out (the pattern backtracks too much on this input). */
export class PatternBudgetExceeded extends Error {
  constructor(message = 'the pattern takes too much work on this input to be run here') { super(message); }
}

/** Steps left, shared by the matches of one run (a URL test, one document's loop check). */
export interface StepMeter { left: number }

/** The most work one match may take (about 5 ms). */
export const STEPS_PER_MATCH = 200000;

/** Lookaheads nested deeper than this are not run (each level is a level of the JavaScript stack). */
export const MAX_LOOKAHEAD_NESTING = 100;

type Ins =
  | { readonly op: 'char'; readonly test: CharTest }
  | { readonly op: 'bol' } | { readonly op: 'eol' } | { readonly op: 'word'; readonly negate: boolean }
  | { readonly op: 'backref'; readonly group: number }
  | { readonly op: 'open'; readonly group: number }
  | { readonly op: 'close'; readonly group: number }
  /** Try `next` (pc + 1) first, then `alt`. */
  | { readonly op: 'split'; alt: number }
  | { readonly op: 'jmp'; to: number }
  /** The lookahead's program runs from pc + 1 to `end` (a 'succeed'); the match continues at end + 1. */
  | { readonly op: 'look'; readonly negate: boolean; end: number }
  | { readonly op: 'succeed' }
  | { readonly op: 'loopInit'; readonly loop: number }
  /** Decide whether to run the body (pc + 1) once more or leave for `exit`. */
  | { readonly op: 'loopHead'; readonly loop: number; readonly min: number; readonly max: number; readonly greedy: boolean; exit: number }
  /** The iteration starts: remember where, clear the captures of the groups inside. */
  | { readonly op: 'loopBody'; readonly loop: number; readonly capFrom: number; readonly capTo: number }
  | { readonly op: 'loopTail'; readonly loop: number; readonly min: number; readonly head: number }
  | { readonly op: 'match' };

/** One character atom: JavaScript's answer for a code unit, remembered. */
class CharTest {
  private readonly ascii = new Int8Array(128).fill(-1);
  private readonly other = new Map<number, boolean>();
  constructor(private readonly re: RegExp) {}
  test(code: number): boolean {
    if (code < 128) {
      const v = this.ascii[code];
      if (v >= 0) return v === 1;
      const r = this.re.test(String.fromCharCode(code));
      this.ascii[code] = r ? 1 : 0;
      return r;
    }
    let r = this.other.get(code);
    if (r === undefined) {
      r = this.re.test(String.fromCharCode(code));
      if (this.other.size < 4096) this.other.set(code, r);
    }
    return r;
  }
}

interface Program {
  readonly code: readonly Ins[];
  readonly groups: number;
  readonly loops: number;
  /** Every alternative starts with ^: only the start of the input can match. */
  readonly anchored: boolean;
  /** Reused by every run of the program (runs do not overlap: JavaScript runs one at a time, and a lookahead runs inside its run). */
  readonly regs: Int32Array;
  readonly log: number[];
  readonly stack: number[];
}

/** Character tests by their JavaScript source: the same atoms ('.', '[^/]', letters) recur across rules. */
const charTests = new Map<string, CharTest>();

function charTest(node: RegexNode, ignoreCase: boolean): CharTest {
  const js = toJavaScriptRegex({ source: '', alternatives: [[node]], groups: 0 }, ignoreCase);
  const key = js.flags + '/' + js.source;
  let t = charTests.get(key);
  if (!t) {
    t = new CharTest(new RegExp(`^(?:${js.source})$`, js.flags));
    if (charTests.size >= 20000) charTests.clear();
    charTests.set(key, t);
  }
  return t;
}

/** The capture groups a subtree holds: [first, last], or [1, 0] when none. */
function capturesIn(node: RegexNode): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const stack: RegexNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'group' || n.kind === 'look') {
      if (n.kind === 'group' && n.capture !== undefined) { lo = Math.min(lo, n.capture); hi = Math.max(hi, n.capture); }
      for (const a of n.alternatives) stack.push(...a);
    } else if (n.kind === 'repeat') stack.push(n.node);
  }
  return lo === Infinity ? [1, 0] : [lo, hi];
}

function compileProgram(regex: ParsedRegex, ignoreCase: boolean): Program {
  const code: Ins[] = [];
  let loops = 0;
  // Iterative: a task is a node to emit or an action to run once the nodes before it are emitted.
  type Task = RegexNode | (() => void);
  const tasks: Array<{ readonly task: Task; readonly looks: number }> = [];
  const push = (list: readonly Task[], looks: number) => { for (let i = list.length - 1; i >= 0; i--) tasks.push({ task: list[i], looks }); };
  const alternatives = (alts: readonly (readonly RegexNode[])[]): Task[] => {
    if (alts.length <= 1) return [...(alts[0] ?? [])];
    const out: Task[] = [];
    const jumps: Array<{ op: 'jmp'; to: number }> = [];
    alts.forEach((alt, i) => {
      if (i === alts.length - 1) { out.push(...alt); return; }
      const split = { op: 'split' as const, alt: -1 };
      out.push(() => { code.push(split); }, ...alt, () => {
        const j = { op: 'jmp' as const, to: -1 };
        code.push(j);
        jumps.push(j);
        split.alt = code.length;
      });
    });
    out.push(() => { for (const j of jumps) j.to = code.length; });
    return out;
  };
  push(alternatives(regex.alternatives), 0);
  while (tasks.length) {
    const { task: n, looks } = tasks.pop()!;
    if (typeof n === 'function') { n(); continue; }
    switch (n.kind) {
      case 'char': case 'dot': case 'class': case 'escape': code.push({ op: 'char', test: charTest(n, ignoreCase) }); break;
      case 'assert':
        code.push(n.name === 'bol' ? { op: 'bol' } : n.name === 'eol' ? { op: 'eol' } : { op: 'word', negate: n.name === 'notWordBoundary' });
        break;
      case 'backref': code.push({ op: 'backref', group: n.index }); break;
      case 'group': {
        const g = n.capture;
        if (g !== undefined) code.push({ op: 'open', group: g });
        push([...alternatives(n.alternatives), () => { if (g !== undefined) code.push({ op: 'close', group: g }); }], looks);
        break;
      }
      case 'look': {
        // Each nested lookahead is one level of the run (run's exec calls itself): bounded here.
        if (looks >= MAX_LOOKAHEAD_NESTING) throw new PatternBudgetExceeded('the pattern nests lookaheads too deeply to be run here');
        const look = { op: 'look' as const, negate: n.negate, end: -1 };
        code.push(look);
        push([...alternatives(n.alternatives), () => { look.end = code.length; code.push({ op: 'succeed' }); }], looks + 1);
        break;
      }
      case 'repeat': {
        if (n.max === 0) break;
        const loop = loops++;
        const [capFrom, capTo] = capturesIn(n.node);
        code.push({ op: 'loopInit', loop });
        const head = code.length;
        const h = { op: 'loopHead' as const, loop, min: n.min, max: n.max, greedy: n.greedy, exit: -1 };
        code.push(h, { op: 'loopBody', loop, capFrom, capTo });
        push([n.node, () => { code.push({ op: 'loopTail', loop, min: n.min, head }); h.exit = code.length; }], looks);
        break;
      }
    }
  }
  code.push({ op: 'match' });
  const anchored = regex.alternatives.length > 0 && regex.alternatives.every((a) => a[0]?.kind === 'assert' && a[0].name === 'bol');
  const registers = 2 * (regex.groups + 1) + regex.groups + 1 + 2 * loops;
  return { code, groups: regex.groups, loops, anchored, regs: new Int32Array(registers), log: [], stack: [] };
}

const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const canonical = new Map<number, number>();
/** ECMA-262 Canonicalize for a non-Unicode, case-insensitive pattern (what a back-reference compares). */
function canonicalize(c: number): number {
  let r = canonical.get(c);
  if (r === undefined) {
    const u = String.fromCharCode(c).toUpperCase();
    r = u.length !== 1 ? c : c >= 128 && u.charCodeAt(0) < 128 ? c : u.charCodeAt(0);
    if (canonical.size < 65536) canonical.set(c, r);
  }
  return r;
}

/**
 * A matcher for a parsed pattern: the captures of the first match searching
 * from each position in turn (as RegExp.prototype.exec), '' for a capture
 * that took no part, or undefined. Throws PatternBudgetExceeded when the
 * meter runs out.
 */
export class BoundedMatcher {
  private readonly programs: Array<Program | undefined> = [undefined, undefined];
  constructor(private readonly regex: ParsedRegex) {}

  exec(input: string, ignoreCase: boolean, meter: StepMeter = { left: STEPS_PER_MATCH }): string[] | undefined {
    const i = ignoreCase ? 1 : 0;
    const p = (this.programs[i] ??= compileProgram(this.regex, ignoreCase));
    // One match takes at most STEPS_PER_MATCH of a shared meter, so one bad pattern cannot use up a whole run.
    const own = { left: Math.min(meter.left, STEPS_PER_MATCH) };
    const before = own.left;
    try { return run(p, input, ignoreCase, own); } finally { meter.left -= before - own.left; }
  }
}

function run(p: Program, input: string, ignoreCase: boolean, meter: StepMeter): string[] | undefined {
  // Registers: captures (start, end) per group 0..n, the start of each open group, each loop's count and iteration start.
  const CAP = 0, OPEN = 2 * (p.groups + 1), COUNT = OPEN + p.groups + 1, START = COUNT + p.loops;
  const { regs, log } = p;
  const set = (r: number, v: number) => { log.push(r, regs[r]); regs[r] = v; };
  const undo = (to: number) => { while (log.length > to) { const v = log.pop()!; regs[log.pop()!] = v; } };
  const len = input.length;
  const code = p.code;

  /** Run from pc at pos until 'match' or 'succeed': the end position, or -1. */
  const exec = (pc0: number, pos0: number, top = false): number => {
    const stack: number[] = top ? p.stack : [];
    stack.length = 0;
    let pc = pc0, pos = pos0;
    const base = log.length;
    for (;;) {
      if (--meter.left < 0) throw new PatternBudgetExceeded();
      const ins = code[pc];
      let ok = true;
      switch (ins.op) {
        case 'char':
          if (pos < len && ins.test.test(input.charCodeAt(pos))) { pos++; pc++; } else ok = false;
          break;
        case 'bol': if (pos === 0) pc++; else ok = false; break;
        case 'eol': if (pos === len) pc++; else ok = false; break;
        case 'word': {
          const a = pos > 0 && isWord(input.charCodeAt(pos - 1)), b = pos < len && isWord(input.charCodeAt(pos));
          if ((a !== b) !== ins.negate) pc++; else ok = false;
          break;
        }
        case 'backref': {
          const s = regs[CAP + 2 * ins.group], e = regs[CAP + 2 * ins.group + 1];
          if (s < 0 || e < 0) { pc++; break; }
          const n = e - s;
          if (pos + n > len) { ok = false; break; }
          meter.left -= n;
          for (let k = 0; k < n && ok; k++) {
            const x = input.charCodeAt(s + k), y = input.charCodeAt(pos + k);
            ok = x === y || (ignoreCase && canonicalize(x) === canonicalize(y));
          }
          if (ok) { pos += n; pc++; }
          break;
        }
        case 'open': set(OPEN + ins.group, pos); pc++; break;
        case 'close': set(CAP + 2 * ins.group, regs[OPEN + ins.group]); set(CAP + 2 * ins.group + 1, pos); pc++; break;
        case 'split': stack.push(ins.alt, pos, log.length); pc++; break;
        case 'jmp': pc = ins.to; break;
        case 'look': {
          const before = log.length;
          const end = exec(pc + 1, pos);
          if (ins.negate) {
            undo(before);
            if (end >= 0) ok = false; else pc = ins.end + 1;
          } else if (end >= 0) pc = ins.end + 1;
          else ok = false;
          break;
        }
        case 'succeed': case 'match':
          if (ins.op === 'match') { set(CAP, pos0); set(CAP + 1, pos); }
          return pos;
        case 'loopInit': set(COUNT + ins.loop, 0); pc++; break;
        case 'loopHead': {
          const count = regs[COUNT + ins.loop];
          if (count < ins.min) pc++;
          else if (ins.max !== -1 && count >= ins.max) pc = ins.exit;
          else if (ins.greedy) { stack.push(ins.exit, pos, log.length); pc++; }
          else { stack.push(pc + 1, pos, log.length); pc = ins.exit; }
          break;
        }
        case 'loopBody':
          set(START + ins.loop, pos);
          for (let g = ins.capFrom; g <= ins.capTo; g++) {
            if (regs[CAP + 2 * g] >= 0) set(CAP + 2 * g, -1);
            if (regs[CAP + 2 * g + 1] >= 0) set(CAP + 2 * g + 1, -1);
          }
          pc++;
          break;
        case 'loopTail': {
          const count = regs[COUNT + ins.loop];
          // An iteration beyond the minimum that matched nothing fails (ECMA-262 RepeatMatcher).
          if (count >= ins.min && pos === regs[START + ins.loop]) { ok = false; break; }
          set(COUNT + ins.loop, count + 1);
          pc = ins.head;
          break;
        }
      }
      if (!ok) {
        if (!stack.length) { undo(base); return -1; }
        const l = stack.pop()!; pos = stack.pop()!; pc = stack.pop()!;
        undo(l);
      }
    }
  };

  const last = p.anchored ? 0 : len;
  // A pattern that starts with a character test can only match where that test passes.
  const first = code[0].op === 'char' ? code[0].test : undefined;
  for (let s = 0; s <= last; s++) {
    if (first && (s === len || !first.test(input.charCodeAt(s)))) { if (--meter.left < 0) throw new PatternBudgetExceeded(); continue; }
    regs.fill(-1, 0, COUNT);
    log.length = 0;
    if (exec(0, s, true) >= 0) {
      const out: string[] = [];
      for (let g = 0; g <= p.groups; g++) {
        const a = regs[CAP + 2 * g], b = regs[CAP + 2 * g + 1];
        out.push(a >= 0 && b >= 0 ? input.slice(a, b) : '');
      }
      return out;
    }
  }
  return undefined;
}
