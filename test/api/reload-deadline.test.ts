/**
 * Reloads have a deadline and are cancellable (issue 18 item 5): with businesses.csv replaced by a
 * named pipe, the real service (a child process) fails the reload with the reason after
 * RELOAD_TIMEOUT_SECONDS, a later reload starts afresh, /api/health says why, and SIGTERM still
 * stops it within the documented 10 s.
 */
import { spawn, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReloadCancelledError, SnapshotStore, createSnapshot } from '../../api/snapshot.ts';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const records = { businesses: [{ id: 'a', name: 'A' }], capabilities: [], needs: [], collaborations: [] };

describe('reload deadline › SnapshotStore', () => {
  it('fails a reload whose loader never answers at its deadline, aborting the loader, and starts the next afresh', async () => {
    const signals: AbortSignal[] = [];
    const never = (signal?: AbortSignal) => {
      signals.push(signal!);
      return new Promise<never>(() => {});
    };
    const store = new SnapshotStore(createSnapshot(records, 'test'), never, { timeoutMs: 50 });
    const first = store.reload();
    expect(store.status.state).toBe('reloading');
    expect(store.status.deadlineAt).toBeDefined();
    await expect(first).rejects.toThrow(/not read within 0.05 s \(RELOAD_TIMEOUT_SECONDS\)/);
    expect(signals[0]!.aborted).toBe(true);
    expect(store.status).toMatchObject({
      state: 'idle',
      lastError: { message: expect.stringMatching(/named pipe/) },
    });
    const second = store.reload();
    expect(second).not.toBe(first);
    expect(signals).toHaveLength(2);
    store.cancel();
    await expect(second).rejects.toBeInstanceOf(ReloadCancelledError);
    expect(signals[1]!.aborted).toBe(true);
  });
});

describe('reload deadline › the service with a named pipe for businesses.csv', () => {
  it(
    'fails each reload with the reason after RELOAD_TIMEOUT_SECONDS, says why in health, and still stops on SIGTERM',
    { timeout: 60_000 },
    async () => {
      const dir = bundleDir(MINIMAL);
      const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          LOG_LEVEL: 'silent',
          API_KEYS: '',
          API_KEYS_FILE: '',
          NEO4J_URI: '',
          HOST: '127.0.0.1',
          PORT: '0',
          DATA_DIR: dir,
          RELOAD_TIMEOUT_SECONDS: '1',
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
        child.once('exit', (code, signal) => r({ code, signal })),
      );
      try {
        for (let i = 0; i < 600 && !/127\.0\.0\.1:\d+\//.test(out); i++)
          await new Promise((r) => setTimeout(r, 50));
        const url = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]}/api`;
        const health = async () =>
          (await (await fetch(`${url}/health`)).json()) as {
            status: string;
            reason?: string;
            reload: { state: string; deadlineAt?: string; lastError?: { at: string; message: string } };
          };
        const failed = async (after: string | undefined) => {
          for (let i = 0; i < 200; i++) {
            const h = await health();
            if (h.reload.lastError && h.reload.lastError.at !== after && h.reload.state === 'idle') return h;
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`the reload never failed; health: ${JSON.stringify(await health())}`);
        };

        rmSync(join(dir, 'businesses.csv'));
        execFileSync('mkfifo', [join(dir, 'businesses.csv')]);
        const reload = () => fetch(`${url}/reload`, { method: 'POST' });
        expect((await reload()).status).toBe(202);
        const during = await health();
        expect(during.reload.state).toBe('reloading');
        expect(during.reload.deadlineAt).toBeDefined();

        const first = await failed(undefined);
        expect(first.status).toBe('degraded');
        expect(first.reason).toMatch(
          /^last reload failed: the data was not read within 1 s \(RELOAD_TIMEOUT_SECONDS\)/,
        );
        expect(first.reason).toMatch(/named pipe/);

        // A later reload is a new one, not a join of the stuck one: it fails on its own deadline.
        expect((await reload()).status).toBe(202);
        const second = await failed(first.reload.lastError!.at);
        expect(second.reload.lastError!.message).toMatch(/not read within 1 s/);

        // SIGTERM during a third, stuck reload: the process stops cleanly within the documented 10 s.
        expect((await reload()).status).toBe(202);
        expect((await health()).reload.state).toBe('reloading');
        child.kill('SIGTERM');
        const stopped = await Promise.race([
          exited,
          new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
        ]);
        expect(stopped).toEqual({ code: 0, signal: null });
        expect(out).toMatch(/stopped\./);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
