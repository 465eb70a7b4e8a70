import { describe, expect, it } from 'vitest';
import { agreement } from '../../bench/metrics.ts';

describe('bench metrics › agreement with a peer', () => {
  it('skips values the peer leaves undefined and never ranks our NaN', () => {
    const ours = [NaN, ...Array.from({ length: 11 }, (_, i) => i / 10)];
    const theirs = [null, ...Array.from({ length: 11 }, (_, i) => i / 10 + 1e-9)];
    const a = agreement(ours, theirs);
    expect(a.compared).toBe(11);
    expect(a.maxAbsError).toBeCloseTo(1e-9, 12);
    expect(a.top10).toBe(10);
  });

  it('counts how many of our top 10 are in the peer top 10, ties counted as in', () => {
    const ours = Array.from({ length: 20 }, (_, i) => i);
    const reversed = ours.map((v) => 19 - v);
    expect(agreement(ours, reversed).top10).toBe(0);
    expect(
      agreement(
        ours,
        ours.map(() => 1),
      ).top10,
    ).toBe(10);
  });

  it('compares only the sampled nodes when the peer ran on a sample, without a top 10', () => {
    const ours = [0.1, 0.2, 0.3, 0.4];
    const a = agreement(ours, [0.2, 0.45], [1, 3]);
    expect(a).toEqual({ maxAbsError: expect.closeTo(0.05, 12) as number, top10: null, compared: 2 });
  });
});
