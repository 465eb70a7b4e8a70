import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../analysis/report/format.ts';
import { safeCsvText, teamToCsv, toCsvText } from '../../viz/src/panels/team-csv.ts';

const team = {
  members: [
    {
      id: 'b1',
      name: '=HYPERLINK("http://x","click")',
      sector: 'tools, dies',
      brings: [{ capability: 'welding', level: 4 }],
    },
    { id: 'b2', name: 'Acme\n+cmd', sector: null, brings: [] },
    { id: 'b3', name: 'Coat "&" Co', sector: 'surface', brings: [{ capability: 'coating', level: 2 }] },
  ],
  uncovered: ['@risk'],
  components: { cohesion: 0.6666666 },
  existingTies: [['b1', 'b3']] as [string, string][],
};

describe('viz › consortium team CSV', () => {
  it('neutralises formulas in names, capability headers and lines inside a cell', () => {
    const csv = teamToCsv(team, 1, ['welding', 'coating', '@risk']);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'team,coverage,cohesion,business_id,business,sector,level: welding,level: coating,level: @risk,worked_with',
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(csv).toContain(`"Acme\n'+cmd"`);
    expect(safeCsvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCsvText('-1+2')).toBe("'-1+2");
  });

  it('has one row per member with its levels and whom in the team it worked with, then the gaps', () => {
    const rows = teamToCsv(team, 2, ['welding', 'coating', '@risk']).trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 3 + 1);
    expect(rows[1]).toBe(
      `2,0.667,0.667,b1,"'=HYPERLINK(""http://x"",""click"")","tools, dies",4,,,"Coat ""&"" Co"`,
    );
    expect(rows[2]).toBe(`2,0.667,0.667,b2,"Acme\n'+cmd",,,,,`);
    expect(rows[3]).toMatch(/^2,0\.667,0\.667,b3,"Coat ""&"" Co",surface,,2,,"'=HYPERLINK/);
    expect(rows[4]).toBe('2,0.667,0.667,,(not covered),,,,missing,');
  });

  it('writes text cells exactly as the server’s CSV does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('=1', '\n-2', 'a\r@b', '"q"', ' +x', '\t')), {
            minLength: 3,
            maxLength: 3,
          }),
          {
            maxLength: 5,
          },
        ),
        (rows) => {
          const columns = ['a', 'b', 'c'];
          const server = toCsv(
            columns,
            rows.map((r) => ({ a: r[0], b: r[1], c: r[2] })),
          );
          expect(toCsvText(columns, rows)).toBe(server);
        },
      ),
      { numRuns: 500 },
    );
  });
});
