import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';

const BIN = resolve(import.meta.dirname, '../../bin/partner-atlas.js');
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('partner-atlas command', () => {
  it('rejects an unknown command with the list of commands', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"[\s\S]*validate/);
  });

  it('validate prints every problem of a bad bundle without a stack trace, exit 1', async () => {
    const dir = bundleDir({ ...MINIMAL, 'collaborations.csv': 'source,target,weight\nb1,b9,abc\n' });
    const r = await run('validate', '--data', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('collaborations.csv, line 2, column "target": unknown business id "b9"');
    expect(r.stderr).toContain('column "weight": weight "abc" is not a number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate prints the counts of the bundled sample', async () => {
    const r = await run('validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/150 businesses, 14 sectors/);
  });

  it('report writes a sorted CSV file atomically and refuses an unknown sort column', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pa-cli-')), 'report.csv');
    const r = await run('report', '--sort', 'betweenness', '--out', out);
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(150);
    expect(Number(rows[0]!.betweenness)).toBeGreaterThanOrEqual(Number(rows[1]!.betweenness));
    const bad = await run('report', '--sort', 'fame');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Cannot sort by "fame"');
  });

  it('report --bom starts the CSV with a UTF-8 byte-order mark for spreadsheets, and only the CSV', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pa-cli-')), 'report.csv');
    expect((await run('report', '--bom', '--out', out)).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = join(mkdtempSync(join(tmpdir(), 'pa-cli-')), 'report.csv');
    expect((await run('report', '--out', plain)).code).toBe(0);
    expect(readFileSync(out, 'utf8').slice(1)).toBe(readFileSync(plain, 'utf8'));
    const json = await run('report', '--format', 'json', '--bom');
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('--bom is for CSV only');
  });

  it('summary prints the network summary as JSON', async () => {
    const r = await run('summary', '--json');
    const body = JSON.parse(r.stdout);
    expect(body.summary).toMatchObject({ businesses: 150, collaborations: 432, components: 8 });
  });

  it('--out /dev/stdout or /dev/fd/1 writes to stdout, a socket or a pipe, never replacing the link with a file', async () => {
    const dir = bundleDir(MINIMAL);
    // execFile's stdout is a socket; the shell's `| cat` a pipe, which /dev/fd/1 links to.
    const socket = await run('timeline', '--data', dir, '--out', '/dev/stdout');
    expect(socket).toMatchObject({ code: 0, stderr: '' });
    expect(socket.stdout).toMatch(/^from,to,activeBusinesses,/);
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      `"${process.execPath}" "${BIN}" timeline --data "${dir}" --out /dev/fd/1 | cat`,
    ]);
    expect(stdout).toBe(socket.stdout);
  });
});
