import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';

describe('api › rate limits › buckets', async () => {
  // Two partners' keys that an administrator happened to give the same name.
  const first = 'partner-one-key-0123456789';
  const second = 'partner-two-key-0123456789';
  const dir = bundleDir(MINIMAL);
  const file = join(dir, 'keys.json');
  writeFileSync(
    file,
    JSON.stringify([
      { key: first, role: 'analyst', name: 'partner' },
      { key: second, role: 'analyst', name: 'partner' },
    ]),
  );
  const app = await startApp(dir, {
    keys: readApiKeys({ API_KEYS_FILE: file }),
    rateLimit: { perSecond: 0.01, burst: 3 },
  });
  const call = (key: string) =>
    fetch(`${app.url}/api/businesses/b1/suggestions`, { headers: { authorization: `Bearer ${key}` } });

  it('keeps one bucket per key, not per key name: a key with the same name as a throttled one is not throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(first)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await call(second)).status).toBe(200);
    expect((await call(first)).status).toBe(429);
  });
});
