import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../analysis/build-graph.ts';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';
import { createApp } from '../../api/app.ts';
import { loadFromPathInChild } from '../../compute/load-in-child.ts';
import { createSnapshot, createSnapshotInSlices, SnapshotStore } from '../../api/snapshot.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { generateNetwork } from '../../data/sample/generate.ts';
import { loadFromPath } from '../../data/sources/load-network.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const scratch = mkdtempSync(join(tmpdir(), 'pa-load-child-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('api › compute › loading in a child process', () => {
  it('gives the same records and source as loading in this thread', { timeout: 60_000 }, async () => {
    expect(await loadFromPathInChild(SAMPLE)).toEqual(await loadFromPath(SAMPLE));
  });

  it('refuses a bad bundle with the same BundleError, issues and all', { timeout: 60_000 }, async () => {
    const dir = join(scratch, 'bad');
    writeBundle(dir, generateNetwork({ businesses: 20 }));
    writeFileSync(join(dir, 'collaborations.csv'), 'source,target,weight\nb0001,nobody,2\n');
    const here = await loadFromPath(dir).catch((e: unknown) => e);
    const there = await loadFromPathInChild(dir).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(BundleError);
    expect(there).toBeInstanceOf(BundleError);
    expect((there as BundleError).message).toBe((here as BundleError).message);
    expect((there as BundleError).issues).toEqual((here as BundleError).issues);
  });

  it('reports a missing folder as the source being unavailable', { timeout: 60_000 }, async () => {
    const error = await loadFromPathInChild(join(scratch, 'nowhere')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/does not exist/);
  });
});

describe('api › snapshot built in slices', () => {
  it('holds the same graph as one built in one go', async () => {
    const { records, source } = await loadFromPath(SAMPLE);
    const sliced = await createSnapshotInSlices(records, source, 0);
    const whole = createSnapshot(records, source);
    expect(sliced.graph.export()).toEqual(whole.graph.export());
    expect(sliced.counts).toEqual(whole.counts);
    expect(buildGraph(records).order).toBe(sliced.graph.order);
  });

  it('lets other work run between its slices', async () => {
    const records = generateNetwork({ businesses: 3_000 });
    let turns = 0;
    let building = true;
    const tick = () => {
      if (!building) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await createSnapshotInSlices(records, 'generated', 0);
    building = false;
    // 3 000 businesses are ~20 000 rows: ten steps of 2 000 rows, each followed by a turn.
    expect(turns).toBeGreaterThanOrEqual(8);
  });
});

describe('api › reload of a large network', () => {
  it(
    'reads it in a child process and keeps serving the old snapshot until it is built',
    { timeout: 180_000 },
    async () => {
      const big = join(scratch, 'big');
      writeBundle(big, generateNetwork({ businesses: 20_000 }));
      const small = await loadFromPath(SAMPLE);
      const store = new SnapshotStore(createSnapshot(small.records, small.source), () =>
        loadFromPathInChild(big),
      );
      const app = createApp({ store, logger: pino({ level: 'silent' }) });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const { port } = server.address() as { port: number };
      try {
        const before = store.current.id;
        let finished = false;
        const reload = store.reload().finally(() => (finished = true));
        let answeredDuring = 0;
        while (!finished) {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          const body = (await res.json()) as { snapshot: { id: string } };
          expect(res.status).toBe(200);
          if (!finished) {
            expect(body.snapshot.id).toBe(before);
            answeredDuring++;
          }
        }
        await reload;
        expect(store.current.graph.order).toBe(20_000);
        expect(answeredDuring).toBeGreaterThan(0);
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
  );
});
