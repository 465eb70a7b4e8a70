import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { BundleError, SourceUnavailableError } from '../../../analysis/errors.ts';
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

describe('readNetworkJson › files saved by careless or unlucky users', () => {
  it('refuses a Latin-1 network with its line instead of reading names with replacement characters', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('{"nodes": [\n{"key": "a", "attributes": {"name": "M'),
      Buffer.from([0xfc]),
      Buffer.from('ller"}}\n], "edges": []}\n'),
    ]);
    const dir = bundleDir({ 'net.json': latin1 });
    const error = await readNetworkJson(join(dir, 'net.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      { file: join(dir, 'net.json'), line: 2, message: expect.stringContaining('is not valid UTF-8') },
    ]);
  });

  it('says a 0-byte file is empty and a file cut short was cut short', async () => {
    const dir = bundleDir({ 'empty.json': '', 'cut.json': '{"nodes": [{"key": "a", "attributes": {"na' });
    await expect(readNetworkJson(join(dir, 'empty.json'))).rejects.toThrow(
      /empty\.json: is empty; a network JSON/,
    );
    await expect(readNetworkJson(join(dir, 'cut.json'))).rejects.toThrow(/the file was cut short/);
  });

  it('reports a folder named .json as unreadable, saying it is a folder', async () => {
    const dir = bundleDir({});
    const path = join(dir, 'net.json');
    mkdirSync(path);
    const error = await readNetworkJson(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toBe(
      `Cannot read ${path}: it is a folder, not a file; give the path of the file.`,
    );
  });
});
