import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { pairedRatioInterval, pairedRatioIntervalSteps } from '../../../analysis/evaluation/paired-ratio.ts';
import { createRng } from '../../../analysis/rng.ts';

describe('pairedRatioInterval', () => {
  it('gives a zero-width interval when every business scores exactly twice as much', () => {
    const b = [0.1, 0.2, 0.3, 0.1, 0.4];
    const a = b.map((x) => 2 * x);
    const r = pairedRatioInterval(a, b, { target: 1.5 });
    expect(r.ratio).toBeCloseTo(2, 12);
    expect(r.low).toBeCloseTo(2, 12);
    expect(r.high).toBeCloseTo(2, 12);
    expect(r.shareAtLeastTarget).toBe(1);
  });

  it('brackets the ratio, narrows as businesses are added, and matches a direct resampling count', () => {
    const rng = createRng(3);
    const draw = (n: number) => {
      const b = Array.from({ length: n }, () => Math.round(rng() * 5) / 10);
      const a = b.map((x) => Math.max(0, x * 1.3 + (rng() - 0.5) * 0.2));
      return { a, b };
    };
    const small = draw(40);
    const large = draw(1600);
    const rs = pairedRatioInterval(small.a, small.b, { target: 1.5 });
    const rl = pairedRatioInterval(large.a, large.b, { target: 1.5 });
    for (const r of [rs, rl]) {
      expect(r.low as number).toBeLessThanOrEqual(r.ratio as number);
      expect(r.high as number).toBeGreaterThanOrEqual(r.ratio as number);
    }
    expect((rl.high as number) - (rl.low as number)).toBeLessThan(
      ((rs.high as number) - (rs.low as number)) / 3,
    );
    // With 1,600 businesses around 1.3×, 1.5× lies far outside the interval.
    expect(rl.high as number).toBeLessThan(1.5);
    expect(rl.shareAtLeastTarget).toBe(0);
    expect(rl.low as number).toBeGreaterThan(1.2);
  });

  it('is reproducible from its seed and changes with it', () => {
    const a = [0, 0.1, 0.3, 0.2, 0, 0.5, 0.1];
    const b = [0.1, 0.1, 0.1, 0.2, 0.2, 0.1, 0];
    expect(pairedRatioInterval(a, b, { seed: 5 })).toEqual(pairedRatioInterval(a, b, { seed: 5 }));
    expect(pairedRatioInterval(a, b, { seed: 5 }).low).not.toBe(pairedRatioInterval(a, b, { seed: 6 }).low);
  });

  it('has no ratio when the reference scores nothing, and refuses unpaired scores or a bad level', () => {
    expect(pairedRatioInterval([0.1, 0.2], [0, 0]).ratio).toBeNull();
    // b scores only on one business in three: about 30 % of resamples miss it, so no upper bound.
    const unbounded = pairedRatioInterval([0.1, 0.1, 0.1], [0, 0, 0.1]);
    expect(unbounded.ratio).toBeCloseTo(3, 12);
    expect(unbounded.high).toBeNull();
    // The lowest ratios are 1 (b's business drawn three times, 1 in 27) and 1.5 (twice).
    expect(unbounded.low).toBeGreaterThanOrEqual(1);
    expect(unbounded.low).toBeLessThan(1.5 + 1e-9);
    expect(() => pairedRatioInterval([0.1], [0.1, 0.2])).toThrow(InvalidInputError);
    expect(() => pairedRatioInterval([0.1], [0.1], { level: 1 })).toThrow(/level/);
    expect(() => pairedRatioInterval([0.1], [0.1], { resamples: 0 })).toThrow(/resamples/);
  });

  it('pauses while resampling, for the service, and ends with the same interval', () => {
    const a = Array.from({ length: 150 }, (_, i) => (i % 7) / 10);
    const b = Array.from({ length: 150 }, (_, i) => (i % 5) / 10);
    const steps = pairedRatioIntervalSteps(a, b, { seed: 16 });
    let pauses = 0;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        expect(step.value).toEqual(pairedRatioInterval(a, b, { seed: 16 }));
        break;
      }
      pauses++;
    }
    // 2,000 resamples of 150 draws, a pause every 20,000 draws.
    expect(pauses).toBe(15);
  });
});
