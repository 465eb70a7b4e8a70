import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  AnswerCache,
  estimateBytes,
  JsonBody,
  memoize,
  memoizeJson,
  memoizeSteps,
} from '../../api/result-cache.ts';
import type { Steps } from '../../analysis/steps.ts';
import { createSnapshot } from '../../api/snapshot.ts';

const records = { businesses: [{ id: 'a', name: 'A' }], capabilities: [], needs: [], collaborations: [] };

describe('result cache', () => {
  it('runs a step computation in slices, lets the event loop serve others between them, and shares one run between requests for the same answer', async () => {
    const s = createSnapshot(records, 'test');
    let runs = 0;
    let turnsOfOthers = 0;
    function* slow(): Steps<string> {
      runs++;
      for (let i = 0; i < 20; i++) {
        const until = performance.now() + 3;
        while (performance.now() < until);
        yield;
      }
      return 'teams';
    }
    const others = setInterval(() => turnsOfOthers++, 0);
    const [a, b] = await Promise.all([memoizeSteps(s, 'n', 'k', slow), memoizeSteps(s, 'n', 'k', slow)]);
    clearInterval(others);
    expect([a, b, runs]).toEqual(['teams', 'teams', 1]);
    // 60 ms of computing in slices of about 10 ms: other work ran in between.
    expect(turnsOfOthers).toBeGreaterThanOrEqual(2);
    // Kept: asked again, it is not computed again.
    expect(await memoizeSteps(s, 'n', 'k', slow)).toBe('teams');
    expect(runs).toBe(1);
    // A run that throws is not kept, and the next request computes afresh.
    function* failing(): Steps<string> {
      yield;
      throw new Error('no such capability');
    }
    await expect(memoizeSteps(s, 'n', 'bad', failing)).rejects.toThrow('no such capability');
    expect(await memoizeSteps(s, 'n', 'bad', slow)).toBe('teams');
  });

  it('does not keep a computation that throws', () => {
    const s = createSnapshot(records, 'test');
    expect(() =>
      memoize(s, 'n', 'k', () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(memoize(s, 'n', 'k', () => 1)).toBe(1);
  });

  it('computes once per key and snapshot, and drops the least recently used past its entry bound', () => {
    const s = createSnapshot(records, 'test');
    s.answers = new AnswerCache({ maxEntries: 2 });
    let calls = 0;
    const get = (k: string) => memoize(s, 'n', k, () => (calls += 1));
    expect([get('x'), get('x'), get('y')]).toEqual([1, 1, 2]);
    get('x'); // x is now the most recent
    get('z'); // evicts y
    expect(get('x')).toBe(1);
    expect(get('y')).toBe(4);
    expect(s.answers.size).toBe(2);
    const other = createSnapshot(records, 'test');
    expect(memoize(other, 'n', 'x', () => 'fresh')).toBe('fresh');
  });

  it('keeps its estimated bytes under the budget, evicting the oldest, and never keeps an answer larger than the budget', () => {
    const s = createSnapshot(records, 'test');
    s.answers = new AnswerCache({ maxBytes: 100_000 });
    for (let i = 0; i < 40; i++) memoize(s, 'big', String(i), () => new Float64Array(2_000)); // ~16 kB each
    expect(s.answers.bytes).toBeLessThanOrEqual(100_000);
    expect(s.answers.size).toBe(6);
    expect(s.answers.has('big\u000039')).toBe(true);
    expect(s.answers.has('big\u00000')).toBe(false);
    memoize(s, 'huge', 'x', () => new Float64Array(20_000));
    expect(s.answers.has('huge\u0000x')).toBe(false);
    expect(s.answers.size).toBe(6);
  });

  it('estimates strings, typed arrays, maps and nested objects by what they hold, shared parts once', () => {
    expect(estimateBytes(Buffer.alloc(1000))).toBeGreaterThanOrEqual(1000);
    expect(estimateBytes('x'.repeat(500))).toBeGreaterThanOrEqual(1000);
    const shared = new Int32Array(1000);
    expect(estimateBytes([shared, shared])).toBeLessThan(2 * 4000);
    expect(estimateBytes(new Map([['k', new Float64Array(100)]]))).toBeGreaterThan(800);
    expect(estimateBytes({ a: { b: [1, 2, 3] } })).toBeGreaterThan(24);
  });
  // Issue 16 item 5: a cached object tree was copied by every young-generation collection.
  it('keeps a JSON answer as its serialized bytes, computed once, sized by those bytes', () => {
    const s = createSnapshot(records, 'test');
    let calls = 0;
    const answer = () => {
      calls += 1;
      return { snapshot: { id: 's' }, rows: [{ id: 'b1', score: 0.5, reason: 'Shares “3” partners' }] };
    };
    const body = memoizeJson(s, 'n', 'k', answer);
    expect(body).toBeInstanceOf(JsonBody);
    expect(Buffer.isBuffer(body.bytes)).toBe(true);
    expect(body.bytes.toString('utf8')).toBe(JSON.stringify(answer()));
    expect(memoizeJson(s, 'n', 'k', answer)).toBe(body);
    expect(calls).toBe(2); // once by memoizeJson, once above for the comparison
    expect(s.answers.bytes).toBeGreaterThanOrEqual(body.bytes.byteLength);
    // The body and room for one compressed copy of it.
    expect(s.answers.bytes).toBeGreaterThanOrEqual(2 * body.bytes.byteLength);
    expect(s.answers.bytes).toBeLessThan(2 * body.bytes.byteLength + 300);
  });
  it('compresses a cached answer once per coding asked first, to bytes that decompress to the body', () => {
    const s = createSnapshot(records, 'test');
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, reason: `shares ${i % 7} partners` }));
    const body = memoizeJson(s, 'n', 'big', () => ({ rows }));
    const gz = body.compressed('gzip');
    expect(gz).toBeInstanceOf(Buffer);
    expect(gz!.byteLength).toBeLessThan(body.bytes.byteLength / 3);
    expect(gunzipSync(gz!).equals(body.bytes)).toBe(true);
    expect(body.compressed('gzip')).toBe(gz); // kept, not compressed again
    const br = body.compressed('br');
    expect(brotliDecompressSync(br!).equals(body.bytes)).toBe(true);
    expect(body.compressed('br')).not.toBe(br); // a second coding is not kept (the cache counts one copy)
    expect(body.compressed('gzip')).toBe(gz);
    // Below the middleware's 1 KiB threshold: left uncompressed.
    expect(memoizeJson(s, 'n', 'small', () => ({ a: 1 })).compressed('gzip')).toBeUndefined();
  });
});
