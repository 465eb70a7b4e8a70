/** POST /api/reload (admin): build a new snapshot in the background and swap it in when complete. */
import type { AppDeps } from '../app.ts';
import type { ReloadAccepted } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function reloadSnapshot({ store, logger }: AppDeps) {
  return (): ReloadAccepted => {
    store.reload().then(
      (s) => logger.info({ snapshot: s.id, businesses: s.counts.businesses }, 'reload complete'),
      (error: unknown) => logger.warn({ err: error }, 'reload failed; still serving the previous snapshot'),
    );
    return { ...snapshotMeta(store.current), reload: { ...store.status } };
  };
}
