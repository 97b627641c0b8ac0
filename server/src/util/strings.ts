/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two
 * adjacent characters (optimal string alignment), optionally case-insensitive.
 * With `bound`, the exact distance is returned only when it is at most `bound`;
 * otherwise some number above `bound` (the computation stops early).
 */
export function editDistance(a: string, b: string, ignoreCase = false, bound = Infinity): number {
  if (ignoreCase) { a = a.toLowerCase(); b = b.toLowerCase(); }
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (bound < Infinity && histogramDistance(a, b) > 2 * bound) return bound + 1;
  let minBefore = Infinity;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every later cell derives from the last two rows: once both exceed the bound, so does the result.
    if (rowMin > bound && minBefore > bound) return bound + 1;
    minBefore = rowMin;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length];
}

/** Character counts (ASCII by code, everything else in one bucket), reused between calls. */
const counts = new Int32Array(129);

/**
 * The L1 distance between the character counts of two strings. Each edit changes it by at most 2 (a substitution),
 * so half of it is a lower bound of the edit distance: most far-off candidates are ruled out in linear time.
 */
function histogramDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) counts[Math.min(a.charCodeAt(i), 128)]++;
  for (let i = 0; i < b.length; i++) counts[Math.min(b.charCodeAt(i), 128)]--;
  let d = 0;
  for (let i = 0; i < a.length; i++) { const k = Math.min(a.charCodeAt(i), 128); d += Math.abs(counts[k]); counts[k] = 0; }
  for (let i = 0; i < b.length; i++) { const k = Math.min(b.charCodeAt(i), 128); d += Math.abs(counts[k]); counts[k] = 0; }
  return d;
}

/**
 * Lower-case copies of candidate lists, kept while the list lives: callers ask about many words with one list (a
 * list passed here must not be changed in place afterwards).
 */
const loweredLists = new WeakMap<readonly string[], readonly string[]>();

function lowerCased(list: readonly string[]): readonly string[] {
  let lowered = loweredLists.get(list);
  if (!lowered || lowered.length !== list.length) {
    lowered = list.map((c) => c.toLowerCase());
    loweredLists.set(list, lowered);
  }
  return lowered;
}

/**
 * The candidates closest to `word`, best first: those within a distance that
 * scales with the word's length (a third of it, at least 1, at most 4).
 */
export function closestMatches(word: string, candidates: Iterable<string>, max = 3, ignoreCase = true): string[] {
  const limit = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: Array<{ c: string; d: number }> = [];
  const lowerWord = word.toLowerCase();
  const list = Array.isArray(candidates) ? candidates as readonly string[] : [...candidates];
  const lowered = lowerCased(list);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === word) continue;
    const lower = lowered[i];
    let d = 0.5;
    if (lower !== lowerWord) {
      const a = ignoreCase ? lowerWord : word, b = ignoreCase ? lower : c;
      // The distance is at least the difference in length: most candidates are ruled out without computing it.
      if (Math.abs(a.length - b.length) > limit) continue;
      d = editDistance(a, b, false, limit);
    }
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, max).map((s) => s.c);
}

/** A value as a message quotes it: at most `max` characters, the middle elided, whitespace runs as one space. */
export function shown(value: string, max = 40): string {
  const v = value.replace(/\s+/g, ' ');
  if (v.length <= max) return v;
  const head = Math.ceil((max - 1) * 0.6);
  return `${v.slice(0, head)}…${v.slice(v.length - (max - 1 - head))}`;
}

/**
 * `s` without the characters of `chars` at its end. Linear: an end-anchored regular expression such as
 * `/[ \t]*$/` is retried at every position of a long run that is not at the end, which takes quadratic time.
 */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without the characters of `chars` at its start (linear). */
export function trimStartChars(s: string, chars: string): string {
  let start = 0;
  while (start < s.length && chars.includes(s[start])) start++;
  return start === 0 ? s : s.slice(start);
}

/** `s` without the characters of `chars` at either end (linear). */
export function trimChars(s: string, chars: string): string {
  return trimStartChars(trimEndChars(s, chars), chars);
}

/** `s` without the characters for which `drop` is true at either end (linear: one test per character). */
export function trimWhere(s: string, drop: (c: string) => boolean): string {
  let start = 0, end = s.length;
  while (start < end && drop(s[start])) start++;
  while (end > start && drop(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/**
 * The item of a comma-separated value (flags, module lists) that `offset` is in: from after the comma before it (and
 * the spaces after that comma) to the next comma or the value's end.
 */
export function commaListItemAt(text: string, valueStart: number, valueEnd: number, offset: number): { readonly start: number; readonly end: number } {
  const comma = text.lastIndexOf(',', offset - 1);
  let start = comma < valueStart ? valueStart : comma + 1;
  while (start < offset && text[start] === ' ') start++;
  let end = offset;
  while (end < valueEnd && text[end] !== ',') end++;
  return { start, end };
}
