/**
 * The best `k` of `count` scored rows: highest score first, equal scores by id (ascending).
 * A bounded insertion, linear in `count` for a small `k`; returns row numbers.
 */
export function topRowsByScore(
  count: number,
  scores: ArrayLike<number>,
  idOf: (row: number) => string,
  k: number,
): number[] {
  const better = (a: number, b: number) =>
    (scores[a] as number) > (scores[b] as number) || (scores[a] === scores[b] && idOf(a) < idOf(b));
  const best: number[] = [];
  if (k <= 0) return best;
  for (let r = 0; r < count; r++) {
    if (best.length === k && !better(r, best[k - 1] as number)) continue;
    let slot = best.length === k ? k - 1 : best.length;
    while (slot > 0 && better(r, best[slot - 1] as number)) {
      best[slot] = best[slot - 1] as number;
      slot--;
    }
    best[slot] = r;
  }
  return best;
}
