/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two
 * adjacent characters (optimal string alignment), optionally case-insensitive.
 */
export function editDistance(a: string, b: string, ignoreCase = false): number {
  if (ignoreCase) { a = a.toLowerCase(); b = b.toLowerCase(); }
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2] + 1);
      }
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length];
}

/**
 * The candidates closest to `word`, best first: those within a distance that
 * scales with the word's length (a third of it, at least 1, at most 4).
 */
export function closestMatches(word: string, candidates: Iterable<string>, max = 3, ignoreCase = true): string[] {
  const limit = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, ignoreCase);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, max).map((s) => s.c);
}
