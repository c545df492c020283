// "Did you mean" suggestions by edit distance, shared by column and channel-name errors.

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const cols = t.length + 1;
  // Three rolling rows are enough for the swap rule.
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, prevPrev[j - 2]! + 1);
      }
      cur[j] = best;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[t.length]!;
}

/**
 * Candidates close to `word`, nearest first (at most `limit`). Close means an edit distance of
 * at most a third of the word's length (at least 1, at most 3), or equal ignoring case.
 */
export function nearMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  const scored: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    if (Math.abs(name.length - word.length) > threshold) continue;
    const distance = editDistance(word, name);
    if (distance <= threshold) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}
