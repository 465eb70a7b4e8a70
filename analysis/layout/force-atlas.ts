/**
 * A deterministic ForceAtlas2 layout of the partner network, computed once per snapshot so
 * people find businesses where they left them. Seeded random initial placement (createRng),
 * then graphology-layout-forceatlas2 with settings inferred from the graph size.
 *
 * Reference: Jacomy, Venturini, Heymann & Bastian (2014), "ForceAtlas2, a Continuous Graph
 * Layout Algorithm for Handy Network Visualization Designed for the Gephi Software", PLoS ONE.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import { createRng } from '../rng.ts';

export interface Point {
  x: number;
  y: number;
}

/** Node id → position, in ForceAtlas2's own units (the front end rescales). */
export type LayoutPositions = Record<string, Point>;

export interface LayoutOptions {
  /** Seed of the initial placement. Default 42. */
  seed?: number;
  /**
   * ForceAtlas2 iterations. Default: from the graph size, 600 for a few hundred businesses
   * down to 30 above 50k (Barnes–Hut keeps each iteration O(n log n)).
   */
  iterations?: number;
  /** Use edge weights as attraction (ForceAtlas2 edgeWeightInfluence 1). Default true. */
  weighted?: boolean;
}

export const LAYOUT_DEFAULTS = { seed: 42, weighted: true } as const;

/** Iterations that settle a graph of `order` nodes in a few seconds on one core. */
export function defaultIterations(order: number): number {
  if (order <= 500) return 600;
  if (order <= 2_000) return 300;
  if (order <= 10_000) return 100;
  if (order <= 50_000) return 50;
  return 30;
}

/**
 * Lay out the network. Pure and deterministic: same graph and seed give the same positions
 * (node iteration order is the graph's insertion order, which build-graph fixes).
 * Isolated businesses are kept near the drawing by gravity. The input graph is not modified.
 */
export function computeLayout(graph: NetworkGraph, options: LayoutOptions = {}): LayoutPositions {
  if (graph === null || typeof graph !== 'object' || typeof graph.forEachNode !== 'function') {
    throw new InvalidInputError('analysis/layout: the given graph is not a graphology instance.');
  }
  const seed = options.seed ?? LAYOUT_DEFAULTS.seed;
  const weighted = options.weighted ?? LAYOUT_DEFAULTS.weighted;
  const iterations = options.iterations ?? defaultIterations(graph.order);
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new InvalidInputError(
      `analysis/layout: iterations must be a non-negative integer, got ${iterations}.`,
    );
  }

  // A bare copy (positions + weights only), so the network graph stays untouched.
  const work = new Graph({ type: 'undirected', multi: false });
  const rng = createRng(seed);
  // Spread the start over a disc whose area grows with n, so FA2 starts near its scale.
  const radius = Math.sqrt(Math.max(graph.order, 1)) * 10;
  graph.forEachNode((id) => {
    const angle = rng() * 2 * Math.PI;
    const r = radius * Math.sqrt(rng());
    work.addNode(id, { x: r * Math.cos(angle), y: r * Math.sin(angle) });
  });
  graph.forEachEdge((_key, attrs, source, target) => {
    if (source !== target) work.mergeEdge(source, target, { weight: attrs.weight });
  });

  if (iterations > 0 && work.size > 0) {
    const inferred = forceAtlas2.inferSettings(work);
    forceAtlas2.assign(work, {
      iterations,
      getEdgeWeight: weighted ? 'weight' : null,
      settings: {
        ...inferred,
        // Log-damped weights: one heavy tie should not collapse a pair onto one point.
        edgeWeightInfluence: weighted ? 0.5 : 0,
        barnesHutOptimize: work.order > 1_000,
        // Strong gravity keeps small components and isolated businesses near the drawing.
        strongGravityMode: true,
        gravity: 0.05,
        linLogMode: false,
        outboundAttractionDistribution: false,
      },
    });
  }

  pullInOutliers(work);
  const positions: LayoutPositions = {};
  work.forEachNode((id, attrs) => {
    positions[id] = { x: round(attrs.x as number), y: round(attrs.y as number) };
  });
  return positions;
}

/**
 * Isolated businesses and small components drift far out under repulsion and would shrink
 * the main network to a corner of the screen: bring every node beyond 1.1 × the 90th
 * percentile distance from the centroid back to a ring at that distance (angle kept).
 */
function pullInOutliers(work: Graph): void {
  if (work.order < 3) return;
  let cx = 0;
  let cy = 0;
  work.forEachNode((_id, a) => {
    cx += a.x as number;
    cy += a.y as number;
  });
  cx /= work.order;
  cy /= work.order;
  const distances: number[] = [];
  work.forEachNode((_id, a) => {
    distances.push(Math.hypot((a.x as number) - cx, (a.y as number) - cy));
  });
  distances.sort((a, b) => a - b);
  const limit = 1.1 * (distances[Math.floor(0.9 * (distances.length - 1))] ?? 0);
  if (!(limit > 0)) return;
  work.forEachNode((id, a) => {
    const dx = (a.x as number) - cx;
    const dy = (a.y as number) - cy;
    const d = Math.hypot(dx, dy);
    if (d > limit) {
      // Keep the order of distances among outliers, squeezed into a thin band.
      const r = limit * (1 + 0.08 * Math.tanh(d / limit - 1));
      work.mergeNodeAttributes(id, { x: cx + (dx / d) * r, y: cy + (dy / d) * r });
    }
  });
}

/** Positions to 2 decimals: stable bytes in exports, no loss a screen can show. */
function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : 0;
}
