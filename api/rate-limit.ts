/**
 * Per-key (by which key, not its name; per address when open) token buckets for the expensive endpoints. A request
 * over the limit gets 429 problem+json with Retry-After. Buckets idle for a minute are dropped.
 */
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Burst size. */
  burst: number;
}

export function rateLimit(limit: RateLimit, now: () => number = () => performance.now()): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return (req, res, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
      lastSweep = t;
    }
    // By key identity, not name: two keys given the same name in API_KEYS_FILE are two callers.
    const id = req.keyId === undefined ? `ip:${req.ip}` : req.keyId;
    const bucket = buckets.get(id) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond);
    bucket.at = t;
    buckets.set(id, bucket);
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) / limit.perSecond);
      res.set('Retry-After', String(wait));
      return next(
        new HttpError(
          429,
          'Too many requests',
          `Rate limit of ${limit.perSecond} requests per second (burst ${limit.burst}) reached; retry in ${wait} s.`,
        ),
      );
    }
    bucket.tokens -= 1;
    next();
  };
}
