/**
 * How sure is "method A scores r× method B"? A paired percentile bootstrap over the evaluated
 * businesses (Efron & Tibshirani 1993, ch. 13): resample businesses with replacement, keep each
 * business's two scores together, and read the ratio of the two means in every resample. On a
 * backtest of 42 organisations one organisation moves precision@10 by about 2 %, so a ratio
 * without its interval says little.
 *
 * Pure: scores in, figures out; the resampling comes from a seeded rng.
 */
import { InvalidInputError } from '../errors.ts';
import { createRng, randomInt } from '../rng.ts';
import { runToEnd, type Steps } from '../steps.ts';

export const PAIRED_RATIO_DEFAULTS = {
  resamples: 2_000,
  /** Two-sided coverage of the interval. */
  level: 0.95,
  seed: 7,
};

export interface PairedRatio {
  /** mean(a) / mean(b) on the businesses as evaluated; null when mean(b) is 0. */
  ratio: number | null;
  /**
   * Percentile interval of the ratio over the resamples: both null when mean(b) is 0; an end is
   * null when it is unbounded (b's mean was 0 in that many resamples).
   */
  low: number | null;
  high: number | null;
  /** Share of resamples whose ratio reaches `target`, when one is asked. */
  shareAtLeastTarget?: number;
  resamples: number;
  level: number;
}

export interface PairedRatioOptions {
  resamples?: number;
  level?: number;
  seed?: number;
  /** A ratio to test against (e.g. the 1.5× goal). */
  target?: number;
}

const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return xs.length > 0 ? s / xs.length : 0;
};

/**
 * The ratio mean(a) / mean(b) of paired per-business scores, with its bootstrap interval.
 * A resample where b's mean is 0 counts as an infinitely large ratio (it sorts above every other).
 */
export function pairedRatioInterval(
  a: readonly number[],
  b: readonly number[],
  options: PairedRatioOptions = {},
): PairedRatio {
  return runToEnd(pairedRatioIntervalSteps(a, b, options));
}

/** {@link pairedRatioInterval}, pausing every 20,000 draws (the API runs it in slices). */
export function* pairedRatioIntervalSteps(
  a: readonly number[],
  b: readonly number[],
  options: PairedRatioOptions = {},
): Steps<PairedRatio> {
  const resamples = options.resamples ?? PAIRED_RATIO_DEFAULTS.resamples;
  const level = options.level ?? PAIRED_RATIO_DEFAULTS.level;
  if (a.length !== b.length)
    throw new InvalidInputError(`paired scores differ in length (${a.length} and ${b.length})`, 'scores');
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new InvalidInputError('resamples must be a whole number ≥ 1', 'resamples');
  if (!(level > 0 && level < 1))
    throw new InvalidInputError('level must lie strictly between 0 and 1', 'level');
  const n = a.length;
  const mb = mean(b);
  if (n === 0 || mb === 0)
    return {
      ratio: null,
      low: null,
      high: null,
      resamples,
      level,
      ...(options.target !== undefined && { shareAtLeastTarget: 0 }),
    };
  const rng = createRng(options.seed ?? PAIRED_RATIO_DEFAULTS.seed);
  const ratios = new Float64Array(resamples);
  const perPause = Math.max(1, Math.floor(20_000 / n));
  for (let r = 0; r < resamples; r++) {
    if (r % perPause === perPause - 1) yield;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const j = randomInt(rng, n);
      sa += a[j] as number;
      sb += b[j] as number;
    }
    ratios[r] = sb > 0 ? sa / sb : Infinity;
  }
  ratios.sort();
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))] as number;
  const tail = (1 - level) / 2;
  let reached = 0;
  if (options.target !== undefined) for (const x of ratios) if (x >= options.target) reached++;
  const bounded = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    ratio: mean(a) / mb,
    low: bounded(at(tail)),
    high: bounded(at(1 - tail)),
    resamples,
    level,
    ...(options.target !== undefined && { shareAtLeastTarget: reached / resamples }),
  };
}
