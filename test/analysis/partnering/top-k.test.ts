import { describe, expect, it } from 'vitest';
import { topRowsByScore } from '../../../analysis/partnering/top-k.ts';

describe('analysis › partnering › top k', () => {
  const ids = ['d', 'b', 'a', 'c', 'e'];
  const idOf = (r: number) => ids[r] as string;

  it('returns the best k rows, highest score first, equal scores by id', () => {
    const scores = [0.5, 0.9, 0.5, 0.1, 0.9];
    expect(topRowsByScore(5, scores, idOf, 3).map(idOf)).toEqual(['b', 'e', 'a']);
  });

  it('equals a full sort cut to k on random scores with many ties', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 500;
    const names = Array.from({ length: n }, (_, i) => `b${String(i).padStart(4, '0')}`);
    const scores = Array.from({ length: n }, () => Math.floor(rand() * 20));
    const sorted = [...names.keys()].sort(
      (a, b) => (scores[b] as number) - (scores[a] as number) || (names[a]! < names[b]! ? -1 : 1),
    );
    for (const k of [1, 10, 100, n, n + 5])
      expect(topRowsByScore(n, scores, (r) => names[r]!, k)).toEqual(sorted.slice(0, k));
  });

  it('returns nothing for k of 0 or no rows', () => {
    expect(topRowsByScore(5, [1, 2, 3, 4, 5], idOf, 0)).toEqual([]);
    expect(topRowsByScore(0, [], idOf, 10)).toEqual([]);
  });
});
