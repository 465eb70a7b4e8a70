import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../analysis/steps.ts';
import { jsonSteps } from '../../compute/json-steps.ts';

describe('api › compute › JSON in steps', () => {
  it('writes exactly what JSON.stringify writes, keys in place', () => {
    const nodes = Array.from({ length: 4_321 }, (_, i) => ({
      id: `b${i}`,
      label: `Name "${i}" \u00e9`,
      x: i / 3,
    }));
    const edges = Array.from({ length: 2_000 }, (_, i) => ({
      source: `b${i}`,
      target: `b${i + 1}`,
      spans: [[2020, null]],
    }));
    const value = {
      snapshot: { id: 's1' },
      partial: false,
      nodes,
      edges,
      metrics: ['degree'],
      sectors: [],
      empty: [],
    };
    expect(runToEnd(jsonSteps(value, ['nodes', 'edges', 'empty'])).toString()).toBe(JSON.stringify(value));
  });

  it('pauses between slices of a long array', () => {
    const steps = jsonSteps({ nodes: Array.from({ length: 10_000 }, (_, i) => i) }, ['nodes']);
    let pauses = 0;
    while (!steps.next().done) pauses++;
    expect(pauses).toBe(5);
  });

  it('leaves values that are not arrays, and missing keys, as JSON.stringify does', () => {
    const value = { nodes: 'not an array', n: null, u: undefined, list: [undefined, () => 1] };
    expect(runToEnd(jsonSteps(value, ['nodes', 'edges', 'list'])).toString()).toBe(JSON.stringify(value));
  });
});
