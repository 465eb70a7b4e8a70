/**
 * GET /api/health (issue 18 item 10): the status for everyone, details only with a key; an open
 * service (no keys) shows details but never the absolute data path or confidential counts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../../api/auth.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';
import { startApp } from '../../helpers/start-app.ts';

const KEYS = {
  reader: 'reader-key-0123456789',
  analyst: 'analyst-key-0123456789',
  admin: 'admin-key-01234567890',
};
// b3's need and b2's "layup" are confidential: 2 capability names (1 for readers), 2 needs (1).
const FILES = {
  ...MINIMAL,
  'capabilities.csv':
    'business_id,capability,confidential\nb1,milling,false\nb2,milling,false\nb2,layup,true\n',
  'needs.csv': 'business_id,capability,confidential\nb3,layup,true\nb1,inspection,false\n',
};

const get = async (url: string, key?: string) => {
  const res = await fetch(`${url}/api/health`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};

/** Make the next reload fail (a file missing), run it, and put the file back. */
async function failReload(dir: string, app: Awaited<ReturnType<typeof startApp>>) {
  rmSync(`${dir}/businesses.csv`);
  await app.store.reload().catch(() => undefined);
  writeFileSync(`${dir}/businesses.csv`, MINIMAL['businesses.csv']);
  expect(app.store.status.lastError?.message).toMatch(/./);
}

describe('api › health › with API keys', async () => {
  const dir = bundleDir(FILES);
  const keys = readApiKeys({
    API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
  });
  const app = await startApp(dir, { keys });

  it('tells a caller without a valid key the status only, even when degraded', async () => {
    expect(await get(app.url)).toEqual({ status: 'ok' });
    expect(await get(app.url, 'not-a-key-0123456789')).toEqual({ status: 'ok' });
    await failReload(dir, app);
    expect(await get(app.url)).toEqual({ status: 'degraded' });
    await app.store.reload();
  });

  it('gives any valid key the details; a reader’s counts leave confidential rows out', async () => {
    // The server's data path is for the admin who runs it; the others see the bundle's name.
    expect(await get(app.url, KEYS.admin)).toMatchObject({ source: `files:${dir}` });
    const analyst = await get(app.url, KEYS.analyst);
    expect(JSON.stringify(analyst)).not.toContain(dir);
    expect(analyst).toMatchObject({
      status: 'ok',
      source: `files:${basename(dir)}`,
      counts: { businesses: 3, capabilities: 2, needs: 2, collaborations: 2 },
    });
    const reader = await get(app.url, KEYS.reader);
    expect(reader).toMatchObject({ status: 'ok', counts: { businesses: 3, capabilities: 1, needs: 1 } });
    expect((reader.snapshot as { id: string }).id).toBe(app.store.current.id);
  });
});

describe('api › health › open service (no keys)', async () => {
  const dir = bundleDir(FILES);
  const app = await startApp(dir);

  it('shows the details without the absolute data path, and counts without confidential rows', async () => {
    const body = await get(app.url);
    expect(body).toMatchObject({
      status: 'ok',
      counts: { businesses: 3, capabilities: 1, needs: 1, collaborations: 2 },
    });
    expect(body.source).toMatch(/^files:pa-bundle-/);
    await failReload(dir, app);
    const degraded = await get(app.url);
    expect(degraded.status).toBe('degraded');
    expect(degraded.reason).toMatch(/^last reload failed: /);
    expect(JSON.stringify(degraded)).not.toContain(dir);
  });
});
