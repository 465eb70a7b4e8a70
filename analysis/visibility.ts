/**
 * The one confidentiality rule: a capability or need marked confidential is shown to analysts
 * and admins, never to readers. Every answer that lists capabilities or needs filters through
 * `visibleTo`, so the rule is written once.
 */
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
