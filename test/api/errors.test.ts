import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';

describe('api › errors › malformed percent-encoding in a path', async () => {
  const logged: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );
  const app = await startApp(bundleDir(MINIMAL), { logger });

  const paths = [
    '/api/businesses/%ZZ',
    '/api/businesses/%E0%A4%A',
    '/api/businesses/%ZZ/suggestions',
    '/api/businesses/%E0%A4%A/health',
    '/api/businesses/%/questions',
  ];
  for (const path of paths) {
    it(`answers ${path} with 400 problem+json, no stack, nothing logged as a failure`, async () => {
      logged.length = 0;
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = await res.text();
      expect(text).not.toMatch(/URIError|\bat \S+ \(|\.js:\d+/);
      expect(JSON.parse(text)).toMatchObject({
        status: 400,
        title: 'Invalid request',
        detail: expect.stringContaining('percent-encoding'),
      });
      expect(logged.join('')).not.toMatch(/"level":50|request failed/);
    });
  }
});
