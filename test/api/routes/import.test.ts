import { resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import type { Neo4jAccess } from '../../../api/load-source.ts';
import { extractBundle, MAX_FILE_BYTES } from '../../../api/routes/import.ts';
import { MINIMAL } from '../../helpers/bundle-dir.ts';
import { Health, ImportResult } from '../../../api/schemas/responses.ts';
import { startApp } from '../../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');
const enc = (s: string) => new TextEncoder().encode(s);
const upload = (url: string, body: Uint8Array, query = '') =>
  fetch(`${url}/api/import${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: body as Uint8Array<ArrayBuffer>,
  });

/** A zip whose central directory claims `size` bytes for its first entry. */
function lyingZip(size: number): Uint8Array {
  const zip = zipSync({ 'businesses.csv': enc('id,name\n'), 'collaborations.csv': enc('source,target\n') });
  const view = new DataView(zip.buffer);
  for (let i = zip.length - 22; i > 0; i--)
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, size, true);
      break;
    }
  return zip;
}

describe('import › reading the uploaded zip', () => {
  it('refuses what is not a zip, unsafe paths, zip bombs and missing files', () => {
    expect(() => extractBundle(enc('hello'))).toThrow(/not a readable zip/);
    expect(() => extractBundle(zipSync({ '../businesses.csv': enc('x') }))).toThrow(/unsafe path/);
    expect(() => extractBundle(zipSync({ '/etc/businesses.csv': enc('x') }))).toThrow(/unsafe path/);
    expect(() => extractBundle(lyingZip(MAX_FILE_BYTES + 1))).toThrow(/inflates to more than/);
    expect(() => extractBundle(zipSync({ 'businesses.csv': enc('x') }))).toThrow(
      /must hold businesses.csv and collaborations.csv/,
    );
    expect(() =>
      extractBundle(
        zipSync({
          'a/businesses.csv': enc('x'),
          'b/businesses.csv': enc('y'),
          'collaborations.csv': enc(''),
        }),
      ),
    ).toThrow(/twice/);
  });

  it('keeps only the bundle files, at the root or in one folder', () => {
    const files = extractBundle(
      zipSync({
        'park/businesses.csv': enc('b'),
        'park/collaborations.csv': enc('c'),
        'park/notes.txt': enc('n'),
        'a/b/needs.csv': enc('x'),
      }),
    );
    expect([...files.keys()].sort()).toEqual(['businesses.csv', 'collaborations.csv']);
    expect(new TextDecoder().decode(files.get('businesses.csv'))).toBe('b');
  });
});

describe('import › POST /api/import', async () => {
  const imported: { records: NetworkRecords; replace: boolean }[] = [];
  const neo4j: Neo4jAccess = {
    source: 'neo4j:bolt://test',
    ping: async () => {},
    importRecords: async (records, { replace }) => {
      imported.push({ records, replace });
      const n = {
        businesses: records.businesses.length,
        capabilities: 0,
        held: 0,
        needs: 0,
        collaborations: 2,
      };
      return { written: n, stored: n, batches: 1, replaced: replace };
    },
  };
  const app = await startApp(SAMPLE, { neo4j });
  const without = await startApp(SAMPLE);

  it('answers 503 saying how to configure Neo4j when it is not', async () => {
    const res = await upload(without.url, zipSync({ 'businesses.csv': enc(MINIMAL['businesses.csv']) }));
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/NEO4J_URI/);
  });

  it('refuses an empty body and a non-zip with 400', async () => {
    expect((await upload(app.url, new Uint8Array())).status).toBe(400);
    const res = await upload(app.url, enc('not a zip'));
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/zip/);
  });

  it('validates the bundle before writing anything: 422 with file and line', async () => {
    const bad = zipSync({
      'businesses.csv': enc('id,name\nb1,Alpha\nb1,Again\n'),
      'collaborations.csv': enc('source,target\nb1,b9\n'),
    });
    const res = await upload(app.url, bad);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.issues[0]).toMatchObject({
      file: expect.stringContaining('businesses.csv'),
      line: expect.any(Number),
    });
    expect(imported).toHaveLength(0);
  });

  it('imports a valid bundle, then reloads', async () => {
    const zip = zipSync({
      'businesses.csv': enc(MINIMAL['businesses.csv']),
      'collaborations.csv': enc(MINIMAL['collaborations.csv']),
    });
    const res = await upload(app.url, zip, '?replace=false');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.files).toEqual(['businesses.csv', 'collaborations.csv']);
    expect(body.imported.written.businesses).toBe(3);
    // The answer is exactly its route's contract (the sample has no Neo4j for contract.test.ts).
    expect(ImportResult.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(imported.map((i) => [i.records.businesses.length, i.replace])).toEqual([[3, false]]);
  });

  it('refuses an upload over the size cap with 413', async () => {
    const res = await upload(app.url, new Uint8Array(21 * 1024 * 1024));
    expect(res.status).toBe(413);
  });

  it('reports Neo4j reachability in health', async () => {
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health.neo4j).toEqual({ reachable: true });
    expect(Health.safeParse(health).error?.issues ?? []).toEqual([]);
    const down = await startApp(SAMPLE, {
      neo4j: { ...neo4j, ping: () => Promise.reject(new Error('Neo4j at bolt://x is unreachable')) },
    });
    const bad = await (await fetch(`${down.url}/api/health`)).json();
    expect(bad).toMatchObject({ status: 'degraded', neo4j: { reachable: false } });
    expect(bad.reason).toMatch(/Neo4j unreachable: .*bolt:\/\/x/);
  });
});
