/**
 * A no-overlap pass after the server's ForceAtlas2 layout (graphology-layout-noverlap): nodes
 * are pushed apart until their discs, at the size the map first draws them, no longer cover
 * one another. On CORDIS every project's partners share their neighbours, so ForceAtlas2
 * stacks them on one spot and the hubs disappear under the stack; after this pass they form a
 * packed patch in which each one can be seen, hovered and clicked. Sizes are screen pixels,
 * so they are turned into graph units for the viewport the map opens in (sigma fits the
 * layout's bounding box into the smaller side, less the stage padding).
 */
import noverlap from 'graphology-layout-noverlap';
import type { DisplayGraph } from './model.ts';

export const SPREAD_DEFAULTS = {
  /** Skip the pass above this many businesses (cost grows with the crowding). */
  maxNodes: 5_000,
  /** Pixels kept free around each disc. */
  marginPx: 1,
  /** Iterations per round (CORDIS: 50 take overlapping pairs from 1,989 to about 170). */
  maxIterations: 50,
  stagePadding: 40,
  /** Rounds of `maxIterations`, the pixel scale measured again before each. */
  rounds: 1,
};

function extent(graph: DisplayGraph): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  graph.forEachNode((_n, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  return Math.max(maxX - minX, maxY - minY, 1e-9);
}

/**
 * Move the nodes of `graph` (positions only) so that discs of `sizes` pixels do not overlap
 * in a `viewport` of that many pixels. Returns how many nodes moved.
 */
export function spreadNodes(
  graph: DisplayGraph,
  sizes: Map<string, number>,
  viewport: { width: number; height: number },
  options: Partial<typeof SPREAD_DEFAULTS> = {},
): number {
  const o = { ...SPREAD_DEFAULTS, ...options };
  if (graph.order < 2 || graph.order > o.maxNodes) return 0;
  const before = new Map<string, [number, number]>();
  graph.forEachNode((n, a) => before.set(n, [a.x, a.y]));
  const pixels = Math.max(120, Math.min(viewport.width, viewport.height) - 2 * o.stagePadding);
  for (let round = 0; round < o.rounds; round++) {
    const unitsPerPixel = extent(graph) / pixels;
    noverlap.assign(graph, {
      maxIterations: o.maxIterations,
      inputReducer: (key, attr) => ({ x: attr.x, y: attr.y, size: (sizes.get(key) ?? 3) * unitsPerPixel }),
      settings: { margin: o.marginPx * unitsPerPixel, ratio: 1, expansion: 1.1, speed: 3 },
    });
  }
  let moved = 0;
  graph.forEachNode((n, a) => {
    const [x, y] = before.get(n) ?? [a.x, a.y];
    if (x !== a.x || y !== a.y) moved++;
  });
  return moved;
}
