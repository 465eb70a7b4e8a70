import { readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, runWorker } from '../../compute/spawn-worker.ts';

const WORKER = new URL('../fixtures/workers/priority-worker.ts', import.meta.url);
const threadNice = () => getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()));

// Linux keeps a nice value per thread; elsewhere the priority is not changed (nothing to prove).
describe.runIf(process.platform === 'linux')('compute › worker priority', () => {
  it('runs a background worker and the threads it starts at the background nice value, leaving the caller alone', async () => {
    const before = threadNice();
    const answer = await runWorker<{ self: number; child: number }>(WORKER, {}, [], 'background');
    expect(answer).toEqual({
      self: Math.max(before, BACKGROUND_NICE),
      child: Math.max(before, BACKGROUND_NICE),
    });
    expect(threadNice()).toBe(before);
  });

  it('runs a normal worker at the caller’s priority', async () => {
    const before = threadNice();
    expect(await runWorker(WORKER, {})).toEqual({ self: before, child: before });
  });
});
