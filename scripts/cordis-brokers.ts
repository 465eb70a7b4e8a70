/**
 * `node --import tsx scripts/cordis-brokers.ts DIR`: facts about a converted CORDIS bundle for
 * docs/cordis.md: the biggest hubs (partners, Newman strength), betweenness (unweighted,
 * normalised, graphology-metrics), and the brokers between car makers and chip makers: for each
 * organisation, the expected number of shortest car-maker → chip-maker paths through it
 * (Brandes' dependency accumulation restricted to those source and target groups; Brandes 2008,
 * "On variants of shortest-path betweenness centrality", Social Networks 30). Car and chip makers
 * are picked by name (the patterns below), companies only. Source: CORDIS, © European Union.
 */
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import { buildGraph } from '../analysis/build-graph.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';

const CAR_MAKERS =
  /\b(BMW|BAYERISCHE MOTOREN|VOLKSWAGEN|DAIMLER|MERCEDES|RENAULT|CENTRO RICERCHE FIAT|VOLVO|AUDI|PORSCHE|FORD|TOYOTA|OPEL|STELLANTIS|PSA|JAGUAR|SKODA|IVECO|HYUNDAI)\b/i;
const CHIP_MAKERS =
  /\b(INFINEON|NXP|STMICROELECTRONICS|X-FAB|GLOBALFOUNDRIES|TEXAS INSTRUMENTS|ON SEMICONDUCTOR|AMS AG|ROBERT BOSCH|ELMOS|MELEXIS|SOITEC)\b/i;

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: node --import tsx scripts/cordis-brokers.ts BUNDLE_DIR');
  process.exit(2);
}
const graph = buildGraph(await readBundle(dir));
const label = (n: string) =>
  `${graph.getNodeAttribute(n, 'name')} (${graph.getNodeAttribute(n, 'attributes')?.country ?? '?'})`;
const companies = (pattern: RegExp) =>
  graph.filterNodes((n, a) => a.sector === 'company' && pattern.test(a.name));
const cars = companies(CAR_MAKERS);
const chips = new Set(companies(CHIP_MAKERS));
const strength = (n: string) => graph.reduceEdges(n, (s, _e, a) => s + a.weight, 0);
const top = <T>(items: T[], score: (t: T) => number, k = 10) =>
  [...items].sort((a, b) => score(b) - score(a)).slice(0, k);

console.log(
  `${graph.order} organisations, ${graph.size} pairs; ${cars.length} car makers, ${chips.size} chip makers`,
);
console.log('\nMost partners (degree, Newman strength):');
for (const n of top(graph.nodes(), (n) => graph.degree(n)))
  console.log(`  ${graph.degree(n)}  ${strength(n).toFixed(2)}  ${label(n)}`);
const bc = betweenness(graph, { getEdgeWeight: null, normalized: true });
console.log('\nBetweenness (unweighted, normalised):');
for (const n of top(graph.nodes(), (n) => bc[n] ?? 0))
  console.log(`  ${(bc[n] ?? 0).toFixed(4)}  ${label(n)}`);

const through = new Map<string, number>();
let pairs = 0;
let direct = 0;
for (const source of cars) {
  const dist = new Map([[source, 0]]);
  const sigma = new Map([[source, 1]]);
  const preds = new Map<string, string[]>();
  const order: string[] = [];
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as string;
    order.push(v);
    for (const w of graph.neighbors(v)) {
      if (!dist.has(w)) {
        dist.set(w, (dist.get(v) ?? 0) + 1);
        queue.push(w);
      }
      if (dist.get(w) === (dist.get(v) ?? 0) + 1) {
        sigma.set(w, (sigma.get(w) ?? 0) + (sigma.get(v) ?? 0));
        preds.set(w, [...(preds.get(w) ?? []), v]);
      }
    }
  }
  for (const t of chips)
    if (t !== source && dist.has(t)) {
      pairs++;
      if (dist.get(t) === 1) direct++;
    }
  const delta = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const w = order[i] as string;
    const dw = (delta.get(w) ?? 0) + (chips.has(w) && w !== source ? 1 : 0);
    for (const v of preds.get(w) ?? [])
      delta.set(v, (delta.get(v) ?? 0) + ((sigma.get(v) ?? 0) / (sigma.get(w) ?? 1)) * dw);
    if (w !== source && !chips.has(w)) through.set(w, (through.get(w) ?? 0) + (delta.get(w) ?? 0));
  }
}
console.log(`\nCar maker → chip maker: ${pairs} connected pairs, ${direct} share a project directly.`);
console.log('Brokers (expected shortest car → chip paths through them):');
for (const [n, v] of top([...through], ([, v]) => v))
  console.log(`  ${v.toFixed(2)}  ${label(n)}  ${graph.getNodeAttribute(n, 'sector')}`);
console.log('\nSource: CORDIS, © European Union, CC BY 4.0');
