import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, SourceUnavailableError } from '../../../analysis/errors.ts';
import { parseCordisText, readCordisFile } from '../../../data/cordis/read-cordis.ts';
import { bundleDir } from '../../helpers/bundle-dir.ts';

describe('CORDIS reader › bad files', () => {
  it('refuses a JSON file that is not an array of records', () => {
    expect(() => parseCordisText('{"organisationID": 1}', 'o.json')).toThrow(/JSON array/);
    expect(() => parseCordisText('[{"a":1},', 'o.json')).toThrow(/not valid JSON/);
  });

  it('refuses an unclosed quote, naming the line where the broken row starts', () => {
    const text = 'projectID,name\n1,"ok"\n2,"never closed\n3,x\n';
    try {
      parseCordisText(text, 'orgs.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).issues[0]).toMatchObject({ file: 'orgs.csv', line: 3 });
    }
  });

  it('says so when the file is missing', async () => {
    await expect(readCordisFile('/nonexistent/organization.csv')).rejects.toThrow(SourceUnavailableError);
  });

  it('marks rows with the wrong number of fields, with the line where they start', () => {
    const text = 'projectID,name,city\n1,"Alpha\nGmbH",Graz\n2,Beta\n\n3,Gamma,Lyon,extra\n4,Delta,Rome\n';
    const { rows } = parseCordisText(text, 'orgs.csv');
    expect(rows.map((r) => [r.at, r.problem === undefined])).toEqual([
      [2, true],
      [4, false],
      [6, false],
      [7, true],
    ]);
    expect(rows[0]?.fields.name).toBe('Alpha\nGmbH');
    expect(rows[1]?.problem).toMatch(/has 2 fields, the header has 3/);
  });
});

describe('CORDIS reader › formats', () => {
  it('detects a semicolon delimiter and drops a BOM', async () => {
    const dir = bundleDir({
      'orgs.csv': '\ufeffprojectID;name;totalCost\n"1001";"Org, One";"12500,5"\n',
    });
    const file = await readCordisFile(join(dir, 'orgs.csv'));
    expect(file).toMatchObject({ format: 'csv', delimiter: ';' });
    expect(file.rows[0]).toEqual({
      at: 2,
      fields: { projectID: '1001', name: 'Org, One', totalCost: '12500,5' },
    });
  });

  it('reads a comma-delimited file with quoted decimal commas', () => {
    const { delimiter, rows } = parseCordisText('projectID,totalCost\n1001,"211562,5"\n', 'o.csv');
    expect(delimiter).toBe(',');
    expect(rows[0]?.fields.totalCost).toBe('211562,5');
  });

  it('numbers JSON records from 1 and turns values into text', () => {
    const { format, rows } = parseCordisText(
      '[{"organisationID": 999978918, "SME": true, "nutsCode": null}, 7]',
      'organization.json',
    );
    expect(format).toBe('json');
    expect(rows[0]).toEqual({
      at: 1,
      unit: 'record',
      fields: { organisationID: '999978918', SME: 'true', nutsCode: '' },
    });
    expect(rows[1]).toMatchObject({ at: 2, unit: 'record', problem: 'is not a JSON object' });
  });

  it('keeps a JSON list as ";"-separated text and an object as its JSON, never "[object Object]"', () => {
    const { rows } = parseCordisText(
      '[{"topics": ["ICT-1-2015", "ICT-2-2016"], "geolocation": {"lat": 45.7, "lon": 4.8}}]',
      'project.json',
    );
    expect(rows[0]?.fields).toEqual({
      topics: 'ICT-1-2015;ICT-2-2016',
      geolocation: '{"lat":45.7,"lon":4.8}',
    });
  });

  it('refuses a file that is not UTF-8 with the line of its first bad byte, converting nothing', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('projectID,name\n1,Alpha\n2,'),
      Buffer.from([0x4d, 0xfc, 0x6e]),
      Buffer.from('\n'),
    ]);
    const dir = bundleDir({ 'o.csv': latin1 });
    const error = await readCordisFile(join(dir, 'o.csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      { file: join(dir, 'o.csv'), line: 3, message: expect.stringContaining('is not valid UTF-8') },
    ]);
  });

  it('numbers rows by the line they start on when CRLF quoted fields span lines', () => {
    const text = 'projectID,name\r\n1,"Alpha\r\nGmbH"\r\n2,"Beta\r\nund\r\nSöhne"\r\n3,Gamma\r\n';
    expect(parseCordisText(text, 'o.csv').rows.map((r) => r.at)).toEqual([2, 4, 7]);
  });
});
