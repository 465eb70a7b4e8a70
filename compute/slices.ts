/**
 * Runs a step generator (a computation that pauses by yielding, e.g. `buildGraphSteps`) to
 * its end in slices of about `sliceMs` of the event loop, so the service keeps answering
 * while it runs.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Steps } from '../analysis/steps.ts';

export async function runInSlices<T>(steps: Steps<T>, sliceMs = 10): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= until) break;
    }
    await nextTurn();
  }
}
