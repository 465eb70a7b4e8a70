import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import type { DisplayGraph } from '../../../viz/src/map/model.ts';
import { spreadNodes } from '../../../viz/src/map/spread.ts';

/** `n` nodes stacked on one spot (a CORDIS project's partners) plus a far hub. */
function stacked(n: number): DisplayGraph {
  const g = new Graph() as unknown as DisplayGraph;
  for (let i = 0; i < n; i++)
    g.addNode(`s${i}`, { x: 10 + i * 1e-6, y: 10, label: '', size: 3, color: '#000', data: {} as never });
  g.addNode('hub', { x: 0, y: 0, label: '', size: 3, color: '#000', data: {} as never });
  return g;
}

describe('viz › map › no-overlap pass', () => {
  it('leaves a network bigger than maxNodes untouched', () => {
    const g = stacked(20);
    expect(spreadNodes(g, new Map(), { width: 800, height: 600 }, { maxNodes: 10 })).toBe(0);
    expect(g.getNodeAttribute('s1', 'x')).toBeCloseTo(10 + 1e-6, 9);
  });

  it('pulls a stack of discs apart so that no two cover each other at the drawn size', () => {
    const g = stacked(30);
    const sizes = new Map(g.nodes().map((n) => [n, 4]));
    const moved = spreadNodes(g, sizes, { width: 800, height: 600 }, { maxIterations: 200 });
    expect(moved).toBeGreaterThan(25);
    // Pixels per graph unit as sigma frames it: the smaller side less padding over the extent.
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    g.forEachNode((_n, a) => {
      minX = Math.min(minX, a.x);
      maxX = Math.max(maxX, a.x);
      minY = Math.min(minY, a.y);
      maxY = Math.max(maxY, a.y);
    });
    const px = (600 - 80) / Math.max(maxX - minX, maxY - minY);
    const stack = g.nodes().filter((n) => n !== 'hub');
    let overlapping = 0;
    for (let i = 0; i < stack.length; i++)
      for (let j = i + 1; j < stack.length; j++) {
        const a = g.getNodeAttributes(stack[i]!);
        const b = g.getNodeAttributes(stack[j]!);
        if (Math.hypot(a.x - b.x, a.y - b.y) * px < 8 * 0.9) overlapping++;
      }
    expect(overlapping).toBe(0);
  });
});
