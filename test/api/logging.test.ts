import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const KEY = 'very-secret-admin-key-0123456789';

describe('api › logs', async () => {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const app = await startApp(SAMPLE, { keys: readApiKeys({ API_KEYS: `${KEY}:admin` }), logger });

  it('logs one structured line per request with its id, and never the key', async () => {
    await fetch(`${app.url}/api/businesses/b0001`, {
      headers: { authorization: `Bearer ${KEY}`, 'x-request-id': 'req-42' },
    });
    await fetch(`${app.url}/api/network/summary`, { headers: { 'x-api-key': KEY } });
    await fetch(`${app.url}/api/network/summary`, { headers: { 'x-api-key': `${KEY}-wrong` } });
    await new Promise((r) => setTimeout(r, 50));
    const requests = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['msg'] === 'request');
    expect(requests.map((r) => [r['path'], r['status']])).toEqual([
      ['/api/businesses/b0001', 200],
      ['/api/network/summary', 200],
      ['/api/network/summary', 401],
    ]);
    expect(requests[0]).toMatchObject({ requestId: 'req-42', method: 'GET' });
    expect(lines.join('')).not.toContain(KEY);
  });
});
