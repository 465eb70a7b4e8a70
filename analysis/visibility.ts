/**
 * The one confidentiality rule: a capability or need marked confidential is shown to analysts
 * and admins, never to readers. Every answer that lists capabilities or needs filters through
 * `visibleTo`, so the rule is written once.
 */
import type { NetworkGraph } from './domain.ts';
import type { Viewer } from './partnering/partnering-index.ts';

export type { Viewer };

/**
 * Whether `viewer` may see an item. No viewer is the full view (the analysis functions'
 * default, as for an analyst).
 * @example capabilities.filter(visibleTo('reader'))
 */
export function visibleTo(viewer: Viewer | undefined): (item: { confidential?: boolean }) => boolean {
  if (viewer !== 'reader') return () => true;
  return (item) => item.confidential !== true;
}

/**
 * Distinct capabilities held and needs recorded, as `viewer` may see them: for a reader, what
 * appears only in confidence is not counted, so a count cannot reveal that it exists.
 */
export function countVisible(
  graph: NetworkGraph,
  viewer: Viewer | undefined,
): { capabilities: number; needs: number } {
  const visible = visibleTo(viewer);
  const names = new Set<string>();
  let needs = 0;
  graph.forEachNode((_id, attrs) => {
    for (const c of attrs.capabilities) if (visible(c)) names.add(c.name);
    for (const n of attrs.needs) if (visible(n)) needs += 1;
  });
  return { capabilities: names.size, needs };
}
