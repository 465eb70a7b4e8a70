import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from '../../api/graceful.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', API_KEYS: '', API_KEYS_FILE: '', NEO4J_URI: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    return pattern.exec(out);
  };
  return { child, exited, waitFor, output: () => out };
}

describe('server › start and stop', () => {
  it('refuses to start open on a public address without ALLOW_OPEN=1', async () => {
    const s = runServer({ HOST: '0.0.0.0', PORT: '0' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/No API keys are configured and HOST=0.0.0.0.*ALLOW_OPEN=1/s);
  });

  it('says it is open on localhost, serves, and stops on SIGTERM', async () => {
    const s = runServer({ HOST: '127.0.0.1', PORT: '0' });
    const port = (await s.waitFor(/127\.0\.0\.1:(\d+)\//))?.[1];
    expect(s.output()).toMatch(/the API is open \(every caller is admin\) on this machine only/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/stopped\./);
  });

  it('finishes in-flight requests before closing, and refuses new connections', async () => {
    const server = createServer((_req, res) => {
      setTimeout(() => res.end('done'), 300);
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    const closed = closeGracefully(server, 5_000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(url)).rejects.toThrow();
    expect(await inFlight).toBe('done');
    expect(await closed).toBe(true);
  });

  it('cuts requests still running after the time limit', async () => {
    const server = createServer(() => {});
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const hung = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 50));
    expect(await closeGracefully(server, 100)).toBe(false);
    expect(await hung).toBe('cut');
  });
});
