import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createAppServer } from '../../api/http-server.ts';

// Issue 16 item 5: Express's per-request setPrototypeOf made finished requests outlive scavenges.
describe('api › http server', () => {
  it('builds each request and response with the app’s prototypes already, and Express still works on them', async () => {
    const app = express();
    app.get('/echo', (req, res) => {
      res.status(201).json({ q: req.query.q, path: req.path, host: req.hostname });
    });
    const server = createAppServer(app);
    const born: boolean[] = [];
    // Runs before Express's own 'request' listener, so it sees the objects as node:http made them.
    server.prependListener('request', (req, res) => {
      born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/echo?q=x${i}`);
        expect(res.status).toBe(201);
        expect(await res.json()).toEqual({ q: `x${i}`, path: '/echo', host: '127.0.0.1' });
      }
      expect(born).toEqual([true, true]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
