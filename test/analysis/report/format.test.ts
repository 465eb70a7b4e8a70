import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { plainNumber, reportToCsv, reportToJson, safeText, toCsv } from '../../../analysis/report/format.ts';
import { analyseNetwork, type CentralityRow } from '../../../analysis/report/network-analysis.ts';
import { fixtureGraph, loadFixtures } from '../../helpers/metric-fixtures.ts';

describe('report formatting', () => {
  it('writes numbers in plain decimal, never with an exponent', () => {
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(3e21)).toBe('3000000000000000000000');
    expect(plainNumber(0.25)).toBe('0.25');
    expect(plainNumber(12)).toBe('12');
    expect(plainNumber(Number.NaN)).toBe('');
    expect(Number(plainNumber(1.2345678901234e-9))).toBe(1.2345678901234e-9);
  });

  it('neutralises text a spreadsheet would execute, and leaves numbers as numbers', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(safeText(evil)).toBe(`'${evil}`);
    expect(safeText('Alpha Ltd')).toBe('Alpha Ltd');
    const csv = toCsv(['name', 'value'], [{ name: '=cmd|calc', value: -0.5 }]);
    expect(csv).toBe("name,value\r\n'=cmd|calc,-0.5\r\n");
  });

  it('quotes every cell with a bare CR or LF, so Python csv.reader finds no row split and no formula in any piece', () => {
    const evil = ['machining\r@SUM(1+1)', 'x\n=1+1', 'a\r\n+2', 'tab\r\t-3', 'plain'];
    const csv = toCsv(
      ['id', 'sector'],
      evil.map((sector, i) => ({ id: `b${i}`, sector })),
    );
    // Python's csv module, as a script or a notebook reads an export (newline='' per its docs).
    const rows = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))',
        ],
        { input: csv, encoding: 'utf8' },
      ),
    ) as string[][];
    expect(rows).toHaveLength(evil.length + 1);
    for (const row of rows) expect(row).toHaveLength(2);
    for (const [, cell] of rows.slice(1))
      for (const piece of (cell ?? '').split(/\r\n|\r|\n/)) expect(piece).not.toMatch(/^[=+\-@\t]/);
    // The text stays readable: only an apostrophe in front of each dangerous piece.
    expect(rows[1]?.[1]).toBe("machining\r'@SUM(1+1)");
    expect(rows[5]?.[1]).toBe('plain');
  });

  it('quotes commas, quotes and line breaks per RFC 4180 and reads back identically', () => {
    const row = { id: 'b1', name: 'Alpha, "the" Ltd\nSheffield', sector: null } as unknown as CentralityRow;
    const csv = reportToCsv([row]);
    const [header, values] = parse(csv) as string[][];
    expect(header?.[1]).toBe('name');
    expect(values?.[1]).toBe('Alpha, "the" Ltd\nSheffield');
    expect(values?.[2]).toBe('');
  });

  it('writes JSON with provenance: source, parameters, seed and version', () => {
    const analysis = analyseNetwork(fixtureGraph(loadFixtures().find((f) => f.name === 'karate')!), {
      seed: 7,
    });
    const json = reportToJson(analysis, analysis.rows, {
      version: '9.9.9',
      source: 'files:x',
      generatedAt: '2026-01-01T00:00:00Z',
    });
    expect(json.provenance).toMatchObject({
      tool: 'partner-atlas',
      version: '9.9.9',
      source: 'files:x',
      seed: 7,
      parameters: { seed: 7, betweenness: 'exact', alpha: 0.85 },
    });
    expect((json.provenance as { dataHash: string }).dataHash).toMatch(/^[0-9a-f]{16}$/);
    expect(json.rows).toHaveLength(34);
    expect(json.summary.businesses).toBe(34);
  });
});
