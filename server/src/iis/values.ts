/**
 * Attribute values against their schema: is a value valid for the attribute's
 * type and validator, what is allowed, and which valid value is closest.
 *
 * Facts (from the header of IIS_schema.xml and the schema files):
 * - types: bool, enum, flags (comma-separated names), uint, int, int64,
 *   string, timeSpan (`[d.]hh:mm:ss[.fffffff]`, or a whole number of seconds
 *   or minutes with `timeSpanFormat`, or "Infinite" with `allowInfinite`);
 * - validators: integerRange "min,max[,exclude]", timeSpanRange
 *   "min,max,granularity[,exclude]" (seconds), nonEmptyString,
 *   requireTrimmedString, siteName (no '/' or '?'), applicationPoolName (none
 *   of |<>&\"/[]+=;:,?*@), applicationPath and virtualDirectoryPath (start
 *   with '/', no trailing '/' except "/" itself, no "." or ".." segment).
 *
 * Deliberately lenient where the runtime's exact parser is not documented
 * (false positives are worse than a missed typo):
 * - bool and, in sections IIS itself reads, enum and flag names are accepted
 *   in any letter case; surrounding spaces are accepted;
 * - a number is accepted where an enum or flags value is expected when it is
 *   a value (or a combination of flag values) the schema defines;
 * - sections .NET reads (the schema came from ASPNET_schema.xml or
 *   FX_schema.xml) get case-sensitive enum names: .NET's enum converter
 *   rejects `mode="off"` for `customErrors`;
 * - values with an environment variable reference (`%NAME%`) or an encrypted
 *   value (`[enc:Provider:…:enc]`) are not judged.
 */
import type { AttributeSchema } from './schema';
import { closestMatches, editDistance, shown } from '../util/strings';

export interface ValueProblem {
  /** What is wrong, in a sentence fragment: `"maybe" is not true or false`. */
  readonly message: string;
  /** What the attribute accepts: `true or false`. */
  readonly allowed: string;
  /** Valid replacements close to the value, best first (may be empty). */
  readonly suggestions: readonly string[];
  /**
   * For enums: every allowed value, nearest first, when none is close (the quick fixes still offer the nearest valid
   * value; the message says "did you mean" only for close ones).
   */
  readonly nearest?: readonly string[];
}

export interface ValueCheckOptions {
  /** The section is read by .NET (ASP.NET / .NET Framework schema): enum names are case-sensitive. */
  readonly managed?: boolean;
}

const UINT_MAX = 4294967295;
const INT_MIN = -2147483648, INT_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** An environment-variable reference IIS (or the app) expands when it reads the value. */
export function hasEnvironmentReference(value: string): boolean {
  return /%[A-Za-z_][\w.()-]*%/.test(value);
}

/** An encrypted value as IIS stores it: `[enc:Provider:cipher:enc]`. Returns the provider name. */
export function encryptedProvider(value: string): string | undefined {
  const m = /^\s*\[enc:([^:\]]*):[\s\S]*:enc\]\s*$/.exec(value);
  return m ? m[1] : undefined;
}

/** Whether a value is beyond judgement (expanded later, or encrypted). */
export function isOpaqueValue(value: string): boolean {
  return hasEnvironmentReference(value) || encryptedProvider(value) !== undefined;
}

function valueNames(attr: AttributeSchema): string[] {
  return (attr.values ?? []).map((v) => v.name);
}

function list(names: readonly string[], conj = 'or'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${conj} ${names[names.length - 1]}`;
}

/** A short description of what an attribute accepts, for messages and hovers. */
export function describeAllowed(attr: AttributeSchema): string {
  const range = parseIntegerRange(attr);
  switch (attr.type) {
    case 'bool': return 'true or false';
    case 'enum': return `one of ${list(valueNames(attr))}`;
    case 'flags': return `a comma-separated combination of ${list(valueNames(attr), 'and')}`;
    case 'uint': case 'int': case 'int64': {
      if (attr.allowInfinite) return `${describeAllowed({ ...attr, allowInfinite: false })}, or Infinite`;
      if (range) return range.exclude ? `a whole number outside ${range.min}–${range.max}` : `a whole number from ${range.min} to ${range.max}`;
      if (attr.type === 'uint') return `a whole number from 0 to ${UINT_MAX}`;
      if (attr.type === 'int') return `a whole number from ${INT_MIN} to ${INT_MAX}`;
      return 'a 64-bit whole number';
    }
    case 'timeSpan': {
      const inf = attr.allowInfinite ? ', or Infinite' : '';
      const tr = parseTimeSpanRange(attr);
      const rangeText = tr
        ? `${tr.exclude ? ' outside' : ' between'} ${secondsText(tr.min)} and ${secondsText(tr.max)}${tr.granularity > 1 ? ` in steps of ${secondsText(tr.granularity)}` : ''}`
        : '';
      if (attr.timeSpanFormat === 'seconds') return `a whole number of seconds${rangeText}${inf}`;
      if (attr.timeSpanFormat === 'minutes') return `a whole number of minutes${rangeText}${inf}`;
      return `a time span such as 00:05:00 ([d.]hh:mm:ss)${rangeText}${inf}`;
    }
    case 'string': {
      switch (attr.validationType) {
        case 'nonEmptyString': return 'a non-empty string';
        case 'requireTrimmedString': return 'a string without leading or trailing spaces';
        case 'siteName': return "a site name without '/' or '?'";
        case 'applicationPoolName': return 'an application pool name without any of | < > & \\ " / [ ] + = ; : , ? * @';
        case 'applicationPath': case 'virtualDirectoryPath':
          return 'a path that starts with "/", does not end with "/" (except "/" itself) and has no "." or ".." segment';
        default: return 'any string';
      }
    }
  }
}

function secondsText(s: number): string {
  if (s >= 86400 && s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} second${s === 1 ? '' : 's'}`;
}

interface IntegerRange { min: number; max: number; exclude: boolean }
interface TimeSpanRange { min: number; max: number; granularity: number; exclude: boolean }

function parseIntegerRange(attr: AttributeSchema): IntegerRange | undefined {
  if (attr.validationType !== 'integerRange' || !attr.validationParameter) return undefined;
  const p = attr.validationParameter.split(',').map((s) => s.trim());
  const min = Number(p[0]), max = Number(p[1]);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  return { min, max, exclude: p[2] === 'exclude' };
}

function parseTimeSpanRange(attr: AttributeSchema): TimeSpanRange | undefined {
  if (attr.validationType !== 'timeSpanRange' || !attr.validationParameter) return undefined;
  const p = attr.validationParameter.split(',').map((s) => s.trim());
  const min = Number(p[0]), max = Number(p[1]);
  const g = p[2] !== undefined && p[2] !== 'exclude' ? Number(p[2]) : 1;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  return { min, max, granularity: Number.isFinite(g) && g > 0 ? g : 1, exclude: p.includes('exclude') };
}

/** Seconds of a time span written as IIS reads it (`[-][d.]hh:mm[:ss[.fffffff]]` or a number of days), or undefined. */
export function parseTimeSpan(value: string): number | undefined {
  const v = value.trim();
  if (/^-?\d+$/.test(v)) return Number(v) * 86400; // a bare number is days (as .NET's TimeSpan.Parse reads it)
  // [d.]hh:mm[:ss[.f]], and d:hh:mm:ss[.f], which .NET's parser also reads.
  const m = /^(-)?(?:(\d+)\.|(\d+):(?=\d+:\d+:))?(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?$/.exec(v);
  if (!m) return undefined;
  const [, neg, d1, d2, h, min, s, frac] = m;
  const d = d1 ?? d2;
  if (Number(min) > 59 || (s !== undefined && Number(s) > 59)) return undefined;
  const total = Number(d ?? 0) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s ?? 0) + (frac ? Number(`0.${frac}`) : 0);
  return neg ? -total : total;
}

/** Seconds to the `hh:mm:ss` form IIS writes. */
export function formatTimeSpan(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d ? `${d}.` : ''}${p2(h)}:${p2(m)}:${p2(sec)}`;
}

function enumLookup(attr: AttributeSchema, word: string, managed: boolean): { ok: boolean; exact?: string } {
  const values = attr.values ?? [];
  const exact = values.find((v) => v.name === word);
  if (exact) return { ok: true, exact: exact.name };
  const folded = values.find((v) => v.name.toLowerCase() === word.toLowerCase());
  if (folded) return { ok: !managed, exact: folded.name };
  return { ok: false };
}

function problem(message: string, attr: AttributeSchema, suggestions: readonly string[] = []): ValueProblem {
  return { message, allowed: describeAllowed(attr), suggestions };
}

/** Names ordered by edit distance to `word` (case-insensitive), then as the schema lists them. */
function byDistance(word: string, names: readonly string[]): string[] {
  return names.map((n, i) => ({ n, i, d: editDistance(word, n, true) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.n);
}

function closestNames(word: string, names: readonly string[]): string[] {
  const close = closestMatches(word, names, 3, true);
  if (close.length) return close;
  // A prefix or containment match still beats nothing ("Perm" → "Permanent").
  const lw = word.toLowerCase();
  return lw.length >= 2 ? names.filter((n) => n.toLowerCase().startsWith(lw) || lw.startsWith(n.toLowerCase())).slice(0, 3) : [];
}

/**
 * Checks a value against its attribute schema. Returns undefined when the
 * value is valid (or cannot be judged); otherwise the problem, what is allowed
 * and the closest valid values.
 */
export function checkValue(attr: AttributeSchema, value: string, options: ValueCheckOptions = {}): ValueProblem | undefined {
  if (isOpaqueValue(value)) return undefined;
  const managed = options.managed === true;
  const v = value.trim();
  switch (attr.type) {
    case 'bool': {
      const l = v.toLowerCase();
      if (l === 'true' || l === 'false') return undefined;
      const map: Record<string, string> = { '1': 'true', '0': 'false', yes: 'true', no: 'false', on: 'true', off: 'false', enabled: 'true', disabled: 'false' };
      const s = map[l] ?? closestMatches(v, ['true', 'false'], 1, true)[0];
      return problem(`"${shown(value)}" is not true or false`, attr, s ? [s] : []);
    }
    case 'enum': {
      const r = enumLookup(attr, v, managed);
      if (r.ok) return undefined;
      if (r.exact) return problem(`"${shown(value)}" must be written "${r.exact}" (.NET compares the names case-sensitively)`, attr, [r.exact]);
      if (/^-?\d+$/.test(v) && (attr.values ?? []).some((e) => e.value === Number(v))) return undefined;
      const close = closestNames(v, valueNames(attr));
      const p = problem(`"${shown(value)}" is not one of the allowed values`, attr, close);
      return close.length ? p : { ...p, nearest: byDistance(v, valueNames(attr)).slice(0, 5) };
    }
    case 'flags': {
      if (v === '') return undefined;
      if (/^\d+$/.test(v)) {
        const all = (attr.values ?? []).reduce((acc, f) => acc | BigInt(f.value), 0n);
        if ((BigInt(v) & ~all) === 0n) return undefined;
        return problem(`"${shown(value)}" has bits that match no flag`, attr);
      }
      const parts = v.split(',').map((p) => p.trim());
      const bad: string[] = [];
      const fixed: string[] = [];
      let caseOnly = true;
      for (const p of parts) {
        const r = enumLookup(attr, p, managed);
        if (r.ok) { fixed.push(r.exact ?? p); continue; }
        bad.push(p);
        if (r.exact) { fixed.push(r.exact); continue; }
        caseOnly = false;
        const c = closestNames(p, valueNames(attr))[0];
        if (c) fixed.push(c);
      }
      if (!bad.length) return undefined;
      const unique = [...new Set(fixed)];
      const suggestion = unique.length && (caseOnly || fixed.length === parts.length) ? [unique.join(', ')] : [];
      const what = bad.length === 1 ? `"${bad[0]}" is not a flag of this attribute` : `${bad.map((b) => `"${b}"`).join(', ')} are not flags of this attribute`;
      return problem(caseOnly ? `${what} in that letter case (.NET compares flag names case-sensitively)` : what, attr, suggestion);
    }
    case 'uint': case 'int': case 'int64':
      return checkInteger(attr, v, value);
    case 'timeSpan':
      return checkTimeSpan(attr, v, value);
    case 'string':
      return checkString(attr, value);
  }
  return undefined;
}

function checkInteger(attr: AttributeSchema, v: string, raw: string): ValueProblem | undefined {
  if (attr.allowInfinite && v.toLowerCase() === 'infinite') return undefined;
  let n: bigint;
  if (/^[+-]?\d+$/.test(v)) n = BigInt(v.replace(/^\+/, ''));
  else if (/^0x[0-9a-f]+$/i.test(v)) n = BigInt(v);
  else {
    const digits = v.replace(/[\s,_']/g, '');
    const s = /^[+-]?\d+$/.test(digits) ? [digits] : /^[+-]?\d+\.\d+$/.test(v) ? [String(Math.round(Number(v)))] : [];
    return problem(`"${shown(raw)}" is not a whole number`, attr, s);
  }
  const [lo, hi] = attr.type === 'uint' ? [0n, BigInt(UINT_MAX)] : attr.type === 'int' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [INT64_MIN, INT64_MAX];
  if (n < lo || n > hi) return problem(`${raw.trim()} is out of range for a${attr.type === 'int64' ? ' 64-bit' : attr.type === 'uint' ? 'n unsigned 32-bit' : ' 32-bit'} number`, attr, [String(n < lo ? lo : hi)]);
  const range = parseIntegerRange(attr);
  if (range) {
    const inside = n >= BigInt(range.min) && n <= BigInt(range.max);
    if (range.exclude && inside) return problem(`${v} is in the excluded range ${range.min}–${range.max}`, attr, [String(range.max + 1)].filter((s) => BigInt(s) <= hi));
    if (!range.exclude && !inside) return problem(`${v} is outside ${range.min}–${range.max}`, attr, [String(n < BigInt(range.min) ? range.min : range.max)]);
  }
  return undefined;
}

function checkTimeSpan(attr: AttributeSchema, v: string, raw: string): ValueProblem | undefined {
  if (attr.allowInfinite && v.toLowerCase() === 'infinite') return undefined;
  let seconds: number | undefined;
  const numeric = attr.timeSpanFormat === 'seconds' || attr.timeSpanFormat === 'minutes';
  if (numeric) {
    if (!/^\d+$/.test(v)) {
      const asSpan = parseTimeSpan(v);
      const unit = attr.timeSpanFormat === 'seconds' ? 1 : 60;
      const s = asSpan !== undefined && !/^-?\d+$/.test(v) ? [String(Math.round(asSpan / unit))]
        : attr.allowInfinite && /^inf/i.test(v) ? ['Infinite'] : /^\d+/.test(v) ? [/^\d+/.exec(v)![0]] : [];
      return problem(`"${shown(raw)}" is not a whole number of ${attr.timeSpanFormat}`, attr, s);
    }
    seconds = Number(v) * (attr.timeSpanFormat === 'minutes' ? 60 : 1);
  } else {
    seconds = parseTimeSpan(v);
    if (seconds === undefined) {
      const s = /^\d+\s*(s|sec|seconds?)$/i.test(v) ? [formatTimeSpan(parseInt(v, 10))]
        : /^\d+\s*(m|min|minutes?)$/i.test(v) ? [formatTimeSpan(parseInt(v, 10) * 60)]
          : /^\d+\s*(h|hours?)$/i.test(v) ? [formatTimeSpan(parseInt(v, 10) * 3600)]
            : /^\d+\s*(d|days?)$/i.test(v) ? [formatTimeSpan(parseInt(v, 10) * 86400)]
          : attr.allowInfinite && /^inf/i.test(v) ? ['Infinite'] : [];
      return problem(`"${shown(raw)}" is not a time span`, attr, s);
    }
  }
  const range = parseTimeSpanRange(attr);
  if (range) {
    const inside = seconds >= range.min && seconds <= range.max;
    const fmt = (s: number) => (numeric ? String(Math.round(s / (attr.timeSpanFormat === 'minutes' ? 60 : 1))) : formatTimeSpan(s));
    if (range.exclude ? inside : !inside) {
      const target = range.exclude ? range.max + range.granularity : seconds < range.min ? range.min : range.max;
      return problem(`${v} is ${range.exclude ? 'in the excluded range' : 'outside the range'}`, attr, [fmt(target)]);
    }
    if (range.granularity > 1 && seconds % range.granularity !== 0) {
      const down = Math.floor(seconds / range.granularity) * range.granularity;
      const up = down + range.granularity;
      const s = [down, up].filter((x) => x >= range.min && x <= range.max).map(fmt);
      return problem(`${v} is not a multiple of ${secondsText(range.granularity)}`, attr, s);
    }
  }
  return undefined;
}

const POOL_NAME_FORBIDDEN = /[|<>&\\"/[\]+=;:,?*@]/;

function checkString(attr: AttributeSchema, value: string): ValueProblem | undefined {
  switch (attr.validationType) {
    case 'nonEmptyString':
      return value === '' ? problem('the value may not be empty', attr) : undefined;
    case 'requireTrimmedString':
      return value !== value.trim() ? problem(`"${shown(value)}" has leading or trailing spaces`, attr, [value.trim()]) : undefined;
    case 'siteName': {
      if (!/[/?]/.test(value)) return undefined;
      const s = value.replace(/[/?]/g, '');
      return problem(`"${shown(value)}" contains '/' or '?'`, attr, s ? [s] : []);
    }
    case 'applicationPoolName': {
      if (!POOL_NAME_FORBIDDEN.test(value)) return undefined;
      const s = value.replace(new RegExp(POOL_NAME_FORBIDDEN.source, 'g'), '');
      return problem(`"${shown(value)}" contains a character application pool names may not have`, attr, s ? [s] : []);
    }
    case 'applicationPath': case 'virtualDirectoryPath': {
      if (isValidVirtualPath(value)) return undefined;
      const s = normalizeVirtualPath(value);
      return problem(`"${shown(value)}" is not a valid ${attr.validationType === 'applicationPath' ? 'application' : 'virtual directory'} path`, attr, s && s !== value ? [s] : []);
    }
  }
  return undefined;
}

function isValidVirtualPath(p: string): boolean {
  if (!p.startsWith('/')) return false;
  if (p === '/') return true;
  if (p.endsWith('/')) return false;
  return !p.slice(1).split('/').some((seg) => seg === '.' || seg === '..');
}

function normalizeVirtualPath(p: string): string | undefined {
  const segs = p.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.' && s !== '..');
  const out = '/' + segs.join('/');
  return isValidVirtualPath(out) ? out : undefined;
}

/** Whether a value is "the same" as another for this attribute (used for collection keys). */
export function normalizeForKey(attr: AttributeSchema | undefined, value: string): string {
  if (!attr) return value;
  const v = value.trim();
  switch (attr.type) {
    case 'bool': return v.toLowerCase();
    case 'uint': case 'int': case 'int64': return /^[+-]?\d+$/.test(v) ? BigInt(v.replace(/^\+/, '')).toString() : v;
    case 'enum': case 'flags': {
      const names = attr.values ?? [];
      if (attr.type === 'enum') return names.find((n) => n.name.toLowerCase() === v.toLowerCase())?.name ?? v;
      return v.split(',').map((p) => names.find((n) => n.name.toLowerCase() === p.trim().toLowerCase())?.name ?? p.trim()).sort().join(',');
    }
    default: return attr.caseSensitive ? value : value.toLowerCase();
  }
}

/** The meaning of one enum or flags value, e.g. `SslRequireCert (64)`. */
export function enumValueText(attr: AttributeSchema, value: string): string | undefined {
  const vals = attr.values ?? [];
  const parts = attr.type === 'flags' ? value.split(',').map((p) => p.trim()).filter(Boolean) : [value.trim()];
  const out: string[] = [];
  for (const p of parts) {
    const e = vals.find((x) => x.name.toLowerCase() === p.toLowerCase());
    if (!e) return undefined;
    out.push(`${e.name} (${e.value})`);
  }
  return out.join(', ');
}
