import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../../analysis/errors.ts';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';

const TODAY = new Date('2026-11-23T00:00:00Z');

/** CSV-ish text: cells of tricky characters, quotes, separators and line breaks. */
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '\ufeff',
    'b1',
    'b2',
    'b3',
    '-1',
    'NaN',
    '1e400',
    '2019-02-30',
    '2031',
    '=1+1',
    '\u0000',
  ),
);
const row = fc.array(cell, { minLength: 1, maxLength: 8 }).map((cells) => cells.join(','));
const file = fc.oneof(
  fc.array(row, { maxLength: 6 }).map((rows) => rows.join('\n')),
  fc.uint8Array({ maxLength: 200 }),
  fc.array(row, { maxLength: 5 }).map((rows) => `source,target,weight,start,end\n${rows.join('\n')}`),
);

describe('readBundle › property: any input is loaded or refused with a BundleError, never a crash', () => {
  it('never throws anything but a BundleError, and what it accepts builds a graph', async () => {
    await fc.assert(
      fc.asyncProperty(file, file, fc.boolean(), async (businesses, collaborations, withCaps) => {
        const dir = bundleDir({
          'businesses.csv':
            typeof businesses === 'string' && businesses.length % 3 === 0
              ? MINIMAL['businesses.csv']
              : businesses,
          'collaborations.csv': collaborations,
          ...(withCaps && { 'capabilities.csv': 'business_id,capability,level\nb1,x,9\n' }),
        });
        try {
          const records = await readBundle(dir, { today: TODAY });
          const graph = buildGraph(records);
          expect(graph.order).toBe(records.businesses.length);
        } catch (error) {
          expect(error).toBeInstanceOf(BundleError);
          const issues = (error as BundleError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('refuses a 10 MB line with a message about the record size, not an out-of-memory', async () => {
    const huge = `id,name\nb1,"${'x'.repeat(10_000_000)}"\n`;
    const error = await readBundle(bundleDir({ ...MINIMAL, 'businesses.csv': huge }), { today: TODAY }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues[0]?.message).toMatch(/longer than 1000000 characters/);
  });

  it(
    'reads a million-row file and refuses it for the one bad row at its end, naming the line',
    { timeout: 120_000 },
    async () => {
      const n = 1_000_000;
      const parts = ['source,target,weight\n'];
      for (let i = 0; i < n - 1; i++) parts.push(i % 2 === 0 ? 'b1,b2,1\n' : 'b2,b3,2\n');
      parts.push('b3,b9,1\n');
      const dir = bundleDir({ ...MINIMAL, 'collaborations.csv': parts.join('') });
      const error = (await readBundle(dir, { today: TODAY }).catch((e: unknown) => e)) as BundleError;
      expect(error).toBeInstanceOf(BundleError);
      expect(error.issues).toEqual([
        expect.objectContaining({
          file: 'collaborations.csv',
          line: n + 1,
          message: expect.stringContaining('"b9"'),
        }),
      ]);
      // The same file without its bad row loads: a million rows are not refused for their number.
      writeFileSync(join(dir, 'collaborations.csv'), parts.slice(0, -1).join(''));
      const records = await readBundle(dir, { today: TODAY });
      expect(records.collaborations).toHaveLength(n - 1);
    },
  );

  it('lists at most 100 problems of a file full of errors, and says how many more', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `b1,missing${i}`).join('\n');
    const error = (await readBundle(
      bundleDir({ ...MINIMAL, 'collaborations.csv': `source,target\n${rows}\n` }),
      { today: TODAY },
    ).catch((e: unknown) => e)) as BundleError;
    expect(error.issues).toHaveLength(101);
    expect(error.issues.at(-1)?.message).toMatch(/4900 more problems not listed/);
  });
});
