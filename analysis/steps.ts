/**
 * Step generators: a long computation written as a generator that pauses (`yield`) every few
 * thousand items and returns its result. Run here to the end in one go (the CLI, tests,
 * workers); the API runs the same generators in slices of its event loop
 * (compute/slices.ts), so a large network never holds it for long.
 */
export type Steps<T> = Generator<void, T, void>;

/** Run a step generator to its end and return its result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
