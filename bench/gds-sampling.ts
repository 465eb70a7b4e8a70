/**
 * Error of GDS's sampled betweenness (`samplingSize` k with `samplingSeed`, scaled by n/k in
 * data/neo4j/gds.ts) against the exact value, with the measures of bench/betweenness-sampling.ts,
 * on one network imported into a local Neo4j + GDS started here, for docs/neo4j.md. GDS draws
 * its sources with probability proportional to degree; the local engine draws them uniformly.
 *
 *   node --import tsx bench/gds-sampling.ts data/generated/b10k [k1,k2,…] [seeds]
 */
import { buildGraph } from '../analysis/build-graph.ts';
import { computePaths, normaliseBetweenness } from '../analysis/metrics/betweenness.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { createNeo4jDriver } from '../data/neo4j/connection.ts';
import { computeGdsMetrics } from '../data/neo4j/gds.ts';
import { importNetwork } from '../data/neo4j/import.ts';
import { loadFromPath } from '../data/sources/load-network.ts';
import { startLocalNeo4j } from '../test/helpers/neo4j-server.ts';

const [path = 'data/generated/b10k', ksText = '2000', seedsText = '1,2,3'] = process.argv.slice(2);
const { records } = await loadFromPath(path);
const graph = buildGraph(records);
const csr = toCsr(graph);
const exactPass = computePaths(csr);
const exact = normaliseBetweenness(exactPass.partial, exactPass.plan);
const order = (values: ArrayLike<number>) =>
  Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => (values[b] as number) - (values[a] as number) || a - b,
  );
const exactTop = order(exact);
const server = await startLocalNeo4j({ javaOpts: ['-Xmx2g'], pageCache: '512m' });
const driver = createNeo4jDriver(server.config);
try {
  await importNetwork(driver, records, { uri: server.config.uri, replace: true });
  const results = [];
  for (const k of ksText.split(',').map(Number))
    for (const seed of seedsText.split(',').map(Number)) {
      const gds = await computeGdsMetrics(driver, {
        uri: server.config.uri,
        betweennessSamples: k,
        seed,
        columns: ['betweenness'],
      });
      const est = Float64Array.from(csr.ids, (id) => gds.columns.betweenness.get(id) as number);
      let max = 0;
      let sum = 0;
      let bias = 0;
      for (let i = 0; i < est.length; i++) {
        max = Math.max(max, Math.abs((est[i] as number) - (exact[i] as number)));
        sum += Math.abs((est[i] as number) - (exact[i] as number));
        bias += (est[i] as number) - (exact[i] as number);
      }
      const top100 = exactTop.slice(0, 100);
      let rel = 0;
      for (const i of top100)
        rel += Math.abs((est[i] as number) - (exact[i] as number)) / (exact[i] as number);
      const estTop = order(est);
      const t10 = new Set(estTop.slice(0, 10));
      const t100 = new Set(estTop.slice(0, 100));
      results.push({
        k,
        seed,
        maxAbsError: max,
        meanAbsError: sum / est.length,
        meanSignedError: bias / est.length,
        top100RelativeError: rel / 100,
        top10Overlap: exactTop.slice(0, 10).filter((i) => t10.has(i)).length,
        top100Overlap: top100.filter((i) => t100.has(i)).length,
      });
    }
  console.log(JSON.stringify({ businesses: graph.order, collaborations: graph.size, results }, null, 1));
} finally {
  await driver.close();
  await server.stop();
}
