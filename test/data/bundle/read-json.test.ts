import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { BundleError } from '../../../analysis/errors.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { readNetworkJson, recordsFromSerialized } from '../../../data/bundle/read-json.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';

describe('readNetworkJson', () => {
  it('refuses invalid JSON and names the path of a bad field', async () => {
    const dir = bundleDir({ 'bad.json': '{ nodes: ' });
    await expect(readNetworkJson(join(dir, 'bad.json'))).rejects.toThrow(/not valid JSON/);
    const error = (() => {
      try {
        recordsFromSerialized({
          nodes: [{ key: 'a', attributes: { name: 'A', capabilities: [{ name: 'x', level: 9 }] } }],
          edges: [],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues[0]?.column).toBe('nodes.0.attributes.capabilities.0.level');
  });

  it('refuses edges to unknown businesses', () => {
    expect(() =>
      recordsFromSerialized({
        nodes: [{ key: 'a', attributes: { name: 'A' } }],
        edges: [{ source: 'a', target: 'b', attributes: {} }],
      }),
    ).toThrow(/unknown business id "b"/);
  });

  it('round-trips a CSV bundle through graphology JSON to the same graph', async () => {
    const csvGraph = buildGraph(
      await readBundle(
        bundleDir({
          ...MINIMAL,
          'capabilities.csv': 'business_id,capability,level,category\nb1,milling,5,Machining\n',
        }),
      ),
    );
    const dir = bundleDir({});
    writeFileSync(join(dir, 'net.json'), JSON.stringify(csvGraph.export()));
    const jsonGraph = buildGraph(await readNetworkJson(join(dir, 'net.json')));
    expect(jsonGraph.export()).toEqual(csvGraph.export());
  });
});
