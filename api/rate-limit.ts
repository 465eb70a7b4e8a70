/**
 * Per-key (by which key, not its name; per address when open) token buckets for the expensive endpoints. A request
 * over the limit gets 429 problem+json with Retry-After. Buckets idle for a minute (and full again) are dropped.
 *
 * Computing is budgeted apart from requests: each key has `compute.burstMs` of computing time
 * (answers not yet cached: `metered`, which `memoize` uses), refilled at `compute.share` ms per
 * ms. Counting requests alone let one reader key hold the event loop: 50 requests a second of
 * consortia or timelines that are each computed afresh (0.1–0.9 s apiece on 5,000 businesses)
 * is many seconds of work per second. A page opening on a real network computes about a second
 * of answers at once, within the burst; a key that keeps computing gets `share` of the event
 * loop. The cost is charged when the answer is done, so a budget may go below zero; the key
 * then waits (429, Retry-After) until it has paid it back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler, Response } from 'express';
import { HttpError } from './errors.ts';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Burst size. */
  burst: number;
  /**
   * Computing time per key (unset: computing is not budgeted): `burstMs` at most at once,
   * refilled at `share` ms per ms (the service's defaults, RATE_LIMIT_COMPUTE_BURST_SECONDS 3
   * and RATE_LIMIT_COMPUTE_SHARE 0.25: a key that keeps computing has a quarter of the event
   * loop).
   */
  compute?: { share: number; burstMs: number };
}

/** The compute time of the request being answered (see `metered`). */
interface ComputeAccount {
  ms: number;
  depth: number;
  /** Charges the caller's bucket at once; returns its computing balance (ms; negative: a debt). */
  chargeNow?: ((ms: number) => number) | undefined;
}
const meter = new AsyncLocalStorage<ComputeAccount>();

/**
 * `compute()`, its duration added to the compute time of the request it runs for, if any (a
 * computation metered inside another one is counted once, with the outer one).
 */
export function metered<T>(compute: () => T): T {
  const account = meter.getStore();
  if (account === undefined || account.depth > 0) return compute();
  const started = performance.now();
  account.depth++;
  try {
    return compute();
  } finally {
    account.depth--;
    account.ms += performance.now() - started;
  }
}

/**
 * One slice of a long computation run across turns of the event loop (`memoizeSteps`), charged
 * to the caller's bucket as soon as it is done rather than when the answer is, since many runs of
 * one key proceed side by side. Returns its time and the key's computing balance after it (ms;
 * negative: a debt; Infinity outside a request or without a computing limit).
 */
export function meteredSlice<T>(compute: () => T): { value: T; ms: number; balance: number } {
  const account = meter.getStore();
  if (account?.chargeNow === undefined || account.depth > 0)
    return { value: compute(), ms: 0, balance: Number.POSITIVE_INFINITY };
  const started = performance.now();
  const value = compute();
  const ms = performance.now() - started;
  return { value, ms, balance: account.chargeNow(ms) };
}

const CHARGE = 'rateLimitCharge';

/**
 * Runs a request's handler with a compute account, then charges what `metered` recorded to the
 * caller's bucket (when the row is rate limited: the limiter left its charge in `res.locals`).
 */
export async function withComputeAccount<T>(res: Response, run: () => Promise<T>): Promise<T> {
  const charge = res.locals[CHARGE] as ((ms: number) => number) | undefined;
  const account: ComputeAccount = { ms: 0, depth: 0, chargeNow: charge };
  try {
    return await meter.run(account, run);
  } finally {
    charge?.(account.ms);
  }
}

interface Bucket {
  tokens: number;
  /** Computing time left, in ms (may be negative: a debt). */
  computeMs: number;
  at: number;
}

export function rateLimit(limit: RateLimit, now: () => number = () => performance.now()): RequestHandler {
  const buckets = new Map<string, Bucket>();
  const compute = limit.compute !== undefined && limit.compute.share > 0 ? limit.compute : undefined;
  const refill = (b: Bucket, t: number) => {
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
    if (compute) b.computeMs = Math.min(compute.burstMs, b.computeMs + (t - b.at) * compute.share);
    b.at = t;
    return b;
  };
  const full = (b: Bucket) => b.tokens >= limit.burst && (!compute || b.computeMs >= compute.burstMs);
  let lastSweep = now();
  return (req, res, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      // A bucket still paying back a long computation is kept, or the debt would be forgiven.
      for (const [k, b] of buckets) if (t - b.at > 60_000 && full(refill(b, t))) buckets.delete(k);
      lastSweep = t;
    }
    // By key identity, not name: two keys given the same name in API_KEYS_FILE are two callers.
    const id = req.keyId === undefined ? `ip:${req.ip}` : req.keyId;
    const bucket = refill(
      buckets.get(id) ?? { tokens: limit.burst, computeMs: compute?.burstMs ?? 0, at: t },
      t,
    );
    buckets.set(id, bucket);
    const indebted = compute !== undefined && bucket.computeMs < 0;
    if (bucket.tokens < 1 || indebted) {
      const wait = Math.max(
        bucket.tokens < 1 ? Math.ceil((1 - bucket.tokens) / limit.perSecond) : 1,
        indebted ? Math.ceil(-bucket.computeMs / compute.share / 1000) : 1,
      );
      res.set('Retry-After', String(wait));
      const what = indebted
        ? `Computing limit of ${compute.burstMs / 1000} s at once, then ${Math.round(compute.share * 100)} % of the time, reached by the answers this key asked for`
        : `Rate limit of ${limit.perSecond} requests per second (burst ${limit.burst}) reached`;
      return next(new HttpError(429, 'Too many requests', `${what}; retry in ${wait} s.`));
    }
    bucket.tokens -= 1;
    if (compute) res.locals[CHARGE] = (ms: number) => (bucket.computeMs -= ms);
    next();
  };
}
