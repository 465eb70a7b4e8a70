import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSizes, runSectionInChild, sizeLabel } from '../../bench/harness.ts';
import { formatValue, sectionTables, tableOf, updateReadme } from '../../bench/report.ts';

describe('bench sizes', () => {
  it('refuses a size that is not a number of businesses', () => {
    expect(() => parseSizes('1k,lots')).toThrow(/"lots" is not a size/);
    expect(() => parseSizes('5')).toThrow(/at least 10/);
  });

  it('reads 1k,10k,100k and labels them back', () => {
    expect(parseSizes('1k, 10k,100000')).toEqual([1000, 10_000, 100_000]);
    expect([1000, 10_000, 150].map(sizeLabel)).toEqual(['1k', '10k', '150']);
  });
});

describe('bench report', () => {
  it('flattens one level of nesting and adds peer ÷ ours ratios', () => {
    const table = tableOf('loading', [
      { dataset: '1k', edgeList: { oursMs: 10, networkxMs: 25, igraphMs: 5 } },
    ]);
    expect(table.columns).toEqual([
      'dataset',
      'edgeList.oursMs',
      'edgeList.networkxMs',
      'edgeList.igraphMs',
      'edgeList.networkx÷ours',
      'edgeList.igraph÷ours',
    ]);
    expect(table.rows).toEqual([['1k', '10', '25', '5', '2.50', '0.50']]);
  });

  it('shows a section that returns lists of rows as one table per list', () => {
    const { detail } = sectionTables({
      name: 'api-load',
      status: 'ok',
      ms: 1,
      maxRssMb: 1,
      result: {
        memory: [{ dataset: '1k', rssMb: 90 }],
        load: [{ rps: 1200 }],
        reload: { skipped: 'no 100k' },
      },
    });
    expect(detail.map((t) => t.title)).toEqual(['api-load: memory', 'api-load: load', 'api-load: other']);
    expect(detail[2]?.rows).toEqual([['no 100k']]);
  });

  it('formats times and ratios for reading', () => {
    expect([1234.56, 12.345, 1.234, 0.001234, undefined].map(formatValue)).toEqual([
      '1235',
      '12.3',
      '1.23',
      '0.0012',
      '',
    ]);
  });

  it('refuses a README without the markers, then replaces only what is between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-bench-readme-'));
    writeFileSync(
      join(dir, '2026-11-23-test.md'),
      '# Benchmark\n\n## Summary\n\nfast\n\n## Detail\n\nlong tables\n',
    );
    const readme = join(dir, 'README.md');
    writeFileSync(readme, '# App\n');
    await expect(updateReadme(readme, dir)).rejects.toThrow(/lacks the markers/);
    writeFileSync(readme, 'before\n<!-- bench:start -->\nold\n<!-- bench:end -->\nafter\n');
    await updateReadme(readme, dir);
    const text = readFileSync(readme, 'utf8');
    expect(text).toMatch(/^before\n<!-- bench:start -->\n\nfast\n\n/);
    expect(text).not.toContain('old');
    expect(text).not.toContain('long tables');
    expect(text).toContain('Full results: [2026-11-23-test.md](2026-11-23-test.md).');
    expect(text).toMatch(/<!-- bench:end -->\nafter\n$/);
  });
});

describe('bench harness', () => {
  it('reports a section whose module does not exist as not available, with the reason', async () => {
    const outcome = await runSectionInChild(
      {
        name: 'nothing',
        module: 'no-such-section.ts',
        exportName: 'benchNothing',
        summary: '',
        timeoutSec: { full: 5, quick: 5 },
      },
      { quick: true, sizes: [], datasets: [], log: () => {} },
      5,
      tmpdir(),
    );
    expect(outcome).toEqual({
      name: 'nothing',
      status: 'not available',
      reason: 'bench/no-such-section.ts does not exist yet',
    });
  });
});
