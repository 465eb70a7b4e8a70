/**
 * `JSON.stringify` of an object whose big arrays (the map's nodes and edges) are written a few
 * thousand items at a time, as a step generator (analysis/steps.ts): the same bytes, without
 * holding the event loop for the seconds a 100k-business map takes in one call.
 */
import type { Steps } from '../analysis/steps.ts';

const STEP = 2_000;

/**
 * The JSON text of `value`, whose top-level arrays named in `slices` are stringified in steps.
 * Identical to `JSON.stringify(value)`.
 */
export function* jsonSteps(value: Record<string, unknown>, slices: readonly string[]): Steps<Buffer> {
  // Each sliced array is replaced by a marker string in place (so keys keep their order),
  // stringified around, then the marker is replaced by the array's text.
  const marked: Record<string, unknown> = { ...value };
  const markers = new Map<string, unknown[]>();
  for (const key of slices) {
    const items = value[key];
    if (!Array.isArray(items)) continue;
    const marker = `\u0000slice:${key}\u0000`;
    marked[key] = marker;
    markers.set(JSON.stringify(marker), items);
  }
  let text = JSON.stringify(marked);
  const parts: Buffer[] = [];
  for (const [marker, items] of markers) {
    const at = text.indexOf(marker);
    parts.push(Buffer.from(text.slice(0, at)));
    text = text.slice(at + marker.length);
    parts.push(Buffer.from('['));
    for (let i = 0; i < items.length; i += STEP) {
      const chunk = items.slice(i, i + STEP).map((item) => JSON.stringify(item) ?? 'null');
      parts.push(Buffer.from((i > 0 ? ',' : '') + chunk.join(',')));
      yield;
    }
    parts.push(Buffer.from(']'));
  }
  parts.push(Buffer.from(text));
  return Buffer.concat(parts);
}
