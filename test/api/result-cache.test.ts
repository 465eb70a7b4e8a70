import { describe, expect, it } from 'vitest';
import { memoize } from '../../api/result-cache.ts';
import { createSnapshot } from '../../api/snapshot.ts';

const records = { businesses: [{ id: 'a', name: 'A' }], capabilities: [], needs: [], collaborations: [] };

describe('result cache', () => {
  it('does not keep a computation that throws', () => {
    const s = createSnapshot(records, 'test');
    expect(() =>
      memoize(s, 'n', 'k', () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(memoize(s, 'n', 'k', () => 1)).toBe(1);
  });

  it('computes once per key and snapshot, and drops the least recently used past its size', () => {
    const s = createSnapshot(records, 'test');
    let calls = 0;
    const get = (k: string) => memoize(s, 'n', k, () => (calls += 1), 2);
    expect([get('x'), get('x'), get('y')]).toEqual([1, 1, 2]);
    get('x'); // x is now the most recent
    get('z'); // evicts y
    expect(get('x')).toBe(1);
    expect(get('y')).toBe(4);
    const other = createSnapshot(records, 'test');
    expect(memoize(other, 'n', 'x', () => 'fresh')).toBe('fresh');
  });
});
