import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStructure } from '../../analysis/partnering/structure.ts';
import { analyseNetwork } from '../../analysis/report/network-analysis.ts';
import { suggestPartners } from '../../analysis/partnering/suggestions.ts';
import { analysisOf, partneringOf, rankerModelOf, structureOf } from '../../api/derived.ts';
import { createSnapshot } from '../../api/snapshot.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

describe('api › derived data of a snapshot', async () => {
  const records = await readBundle(SAMPLE);

  it('builds the partnering index from communities and constraint alone, never running the report', async () => {
    const s = createSnapshot(records, 'test');
    const index = await partneringOf(s);
    expect(index.communityAt.some((c) => c > 0)).toBe(true);
    // The ranker is learned in the background; until then answers use the defaults and say so.
    expect(index.ranker).toMatchObject({ kind: 'default' });
    expect(index.ranker!.reason).toMatch(/still being learned/);
    const model = await rankerModelOf(s);
    expect(index.ranker).toBe(model);
    expect(model.cutYear).not.toBeNull();
    expect(suggestPartners(index, s.graph.nodes()[0]!).ranker.cutYear).toBe(model.cutYear);
    expect(Object.keys(s.results).sort()).toEqual(['partnering', 'ranker', 'structure']);
  });

  it('gives the report the same communities and constraint as partnering, computed once', async () => {
    const s = createSnapshot(records, 'test');
    const structure = await structureOf(s);
    const analysis = await analysisOf(s);
    const fresh = analyseNetwork(s.graph);
    const ids = s.graph.nodes();
    const byId = new Map(analysis.rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => {
      const row = byId.get(id)!;
      expect(row.community).toBe(structure.communityAt[i]);
      const c = structure.constraintAt[i] as number;
      if (Number.isNaN(c)) expect(row.constraint).toBeNull();
      else expect(row.constraint).toBeCloseTo(c, 12);
    });
    // The worker's compact form (built from the lean graph, no graphology) gives the same
    // seeded communities as the graph itself.
    const direct = computeStructure(s.graph);
    expect([...structure.communityAt]).toEqual([...direct.communityAt]);
    expect(structure.modularity).toBe(direct.modularity);
    // Reusing the communities changes nothing in the report.
    expect(analysis.rows.map((r) => r.community)).toEqual(fresh.rows.map((r) => r.community));
    expect(analysis.summary.modularity).toBeCloseTo(fresh.summary.modularity, 12);
  });
});
