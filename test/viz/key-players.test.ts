/**
 * What the key-players list says a departure costs. On a robust network (the CORDIS one: nobody
 * is cut off by any single departure) every row used to read "reach −0.0%".
 */
import { describe, expect, it } from 'vitest';
import { describeImpact } from '../../viz/src/panels/what-if.ts';

describe('viz › key players › the cost of a departure', () => {
  it('says "cuts off nobody" when the reach lost rounds to 0.0%, never "reach −0.0%"', () => {
    expect(describeImpact({ cutOff: 0, reachabilityAfter: 1 }, 1)).toBe('cuts off nobody');
    expect(describeImpact({ cutOff: 0, reachabilityAfter: 0.9996 }, 1)).toBe('cuts off nobody');
    // Rounding noise above the reach before is no gain.
    expect(describeImpact({ cutOff: 0, reachabilityAfter: 1.0000001 }, 1)).toBe('cuts off nobody');
  });

  it('names how many are cut off, else the reach lost', () => {
    expect(describeImpact({ cutOff: 7, reachabilityAfter: 0.8 }, 0.9)).toBe('cuts off 7');
    expect(describeImpact({ cutOff: 0, reachabilityAfter: 0.88 }, 0.9)).toBe('reach −2.0%');
  });
});
