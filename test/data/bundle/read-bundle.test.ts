import { mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, SourceUnavailableError } from '../../../analysis/errors.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { MAX_TEXT_FILE_BYTES } from '../../../data/text-file.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';

const TODAY = new Date('2026-11-23T00:00:00Z');

async function issuesOf(files: Record<string, string | Uint8Array | undefined>) {
  const error = await readBundle(bundleDir(files), { today: TODAY }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BundleError);
  return (error as BundleError).issues;
}

describe('readBundle › refuses bad input with file, line and column', () => {
  it('reports a missing directory as an unavailable source', async () => {
    await expect(readBundle('/nonexistent/partner-atlas')).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it('reports missing required files', async () => {
    const issues = await issuesOf({ 'businesses.csv': MINIMAL['businesses.csv'] });
    expect(issues).toEqual([
      expect.objectContaining({ file: 'collaborations.csv', message: expect.stringContaining('is missing') }),
    ]);
  });

  it('reports a missing required column with the columns it found', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': 'id,title\nb1,Alpha\n' });
    expect(issues[0]).toMatchObject({ file: 'businesses.csv', line: 1 });
    expect(issues[0]?.message).toMatch(/missing required column "name" \(found: id, title\)/);
  });

  it('reports an empty file', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'collaborations.csv': '' });
    expect(issues[0]).toMatchObject({
      file: 'collaborations.csv',
      line: 1,
      message: expect.stringContaining('is empty'),
    });
  });

  it('reports an unknown business id in a collaboration with its line', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'collaborations.csv': 'source,target\nb1,b2\nb1,zz9\n' });
    expect(issues).toEqual([
      {
        file: 'collaborations.csv',
        line: 3,
        column: 'target',
        message: expect.stringContaining('unknown business id "zz9"'),
      },
    ]);
  });

  it('reports a duplicate id with the line of the first', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': 'id,name\nb1,A\nb2,B\nb1,C\nb3,D\n' });
    expect(issues).toEqual([
      {
        file: 'businesses.csv',
        line: 4,
        column: 'id',
        message: expect.stringMatching(/duplicate business id "b1" \(first on line 2\)/),
      },
    ]);
  });

  // Issue 18 item 8: "x\u0001" and "x" were two businesses here and one node in GEXF and GraphML.
  it('reports a business id holding a control character with its line and the fix', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'businesses.csv': 'id,name\nb1,A\nb2,B\nb3,E\n"b1\u0001",C\n"b\t2",D\n',
    });
    expect(issues).toEqual([
      {
        file: 'businesses.csv',
        line: 5,
        column: 'id',
        message: expect.stringMatching(
          /"b1\\u0001" contains the control character U\+0001 at position 3; .*remove or replace it/,
        ),
      },
      {
        file: 'businesses.csv',
        line: 6,
        column: 'id',
        message: expect.stringMatching(/"b\\t2" contains the control character U\+0009 at position 2/),
      },
    ]);
  });

  it('reports a capability level out of range', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'capabilities.csv': 'business_id,capability,level\nb1,welding,4\nb1,milling,7\n',
    });
    expect(issues).toEqual([
      { file: 'capabilities.csv', line: 3, column: 'level', message: 'level 7 must be at most 5' },
    ]);
  });

  it('reports a need priority that is not a whole number', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'needs.csv': 'business_id,capability,priority\nb1,welding,high\n',
    });
    expect(issues[0]).toMatchObject({
      file: 'needs.csv',
      line: 2,
      column: 'priority',
      message: expect.stringContaining('whole number from 1 to 5'),
    });
  });

  it('reports a self-collaboration', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'collaborations.csv': 'source,target\nb1,b1\n' });
    expect(issues[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('cannot collaborate with itself'),
    });
  });

  it('reports non-numeric, negative and zero weights', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'collaborations.csv': 'source,target,weight\nb1,b2,abc\nb1,b2,-1\nb1,b2,0\nb1,b2,NaN\n',
    });
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'weight'],
      [3, 'weight'],
      [4, 'weight'],
      [5, 'weight'],
    ]);
    expect(issues[0]?.message).toContain('is not a number');
  });

  it('reports bad dates, dates in the wrong order and starts in the future', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'collaborations.csv':
        'source,target,start,end\nb1,b2,2019-13-01,\nb1,b2,2020,2018\nb1,b2,2031-01-01,\n',
    });
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'start'],
      [3, 'end'],
      [4, 'start'],
    ]);
    expect(issues[2]?.message).toContain('future');
  });

  it('reports a file that is not UTF-8 with the line of the first bad byte', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('id,name\nb1,Alpha\nb2,'),
      Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
      Buffer.from('\n'),
    ]);
    const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': latin1 });
    expect(issues[0]).toMatchObject({
      file: 'businesses.csv',
      line: 3,
      message: expect.stringContaining('not valid UTF-8'),
    });
  });

  it('reports UTF-16 files', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n', 'utf16le')]);
    const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': utf16 });
    expect(issues[0]?.message).toContain('UTF-16');
  });

  it('reports broken quoting with a line', async () => {
    const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': 'id,name\nb1,"Alpha\nb2,Beta\n' });
    expect(issues[0]).toMatchObject({
      file: 'businesses.csv',
      message: expect.stringContaining('not valid CSV'),
    });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports a row with more fields than the header', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'businesses.csv': 'id,name\nb1,Alpha,Extra\nb2,Beta\nb3,Gamma\n',
    });
    expect(issues[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('3 fields but the header has 2'),
    });
  });

  it('lists every problem at once, businesses first', async () => {
    const issues = await issuesOf({
      'businesses.csv': 'id,name\nb1,A\nb1,B\n',
      'collaborations.csv': 'source,target,weight\nb1,b9,x\n',
    });
    expect(issues.map((i) => i.file)).toEqual(['businesses.csv', 'collaborations.csv', 'collaborations.csv']);
  });
});

describe('readBundle › reads the bundle format', () => {
  it('reads businesses with typed optional fields and keeps extra columns as attributes', async () => {
    const records = await readBundle(
      bundleDir({
        ...MINIMAL,
        'businesses.csv':
          'id,name,size,lat,lon,founded,website\nb1,Alpha,12,53.4,-1.38,1999,https://a.example\nb2,Beta,,,,,\nb3,Gamma,5,,,,\n',
      }),
      { today: TODAY },
    );
    expect(records.businesses[0]).toEqual({
      id: 'b1',
      name: 'Alpha',
      size: 12,
      lat: 53.4,
      lon: -1.38,
      founded: 1999,
      attributes: { website: 'https://a.example' },
    });
    expect(records.businesses[1]).toEqual({ id: 'b2', name: 'Beta' });
  });

  it('defaults weight to 1, level and priority to 3', async () => {
    const records = await readBundle(
      bundleDir({
        ...MINIMAL,
        'capabilities.csv': 'business_id,capability,level\nb1,welding,\n',
        'needs.csv': 'business_id,capability\nb2,welding\n',
      }),
      { today: TODAY },
    );
    expect(records.capabilities).toEqual([{ businessId: 'b1', capability: 'welding', level: 3 }]);
    expect(records.needs).toEqual([{ businessId: 'b2', capability: 'welding', priority: 3 }]);
    expect(records.collaborations[2]).toEqual({
      source: 'b2',
      target: 'b3',
      weight: 1,
      start: '2020-05-01',
      kind: 'alliance',
    });
  });

  it('strips a UTF-8 byte-order mark and accepts CRLF line ends', async () => {
    const bom = '\ufeffid,name\r\nb1,Alpha\r\nb2,Beta\r\nb3,Gamma\r\n';
    const records = await readBundle(bundleDir({ ...MINIMAL, 'businesses.csv': bom }), { today: TODAY });
    expect(records.businesses.map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
  });

  it('reads quoted fields with commas, quotes and line breaks', async () => {
    const csv = 'id,name,description\nb1,"Alpha, Ltd","Says ""hi""\nover two lines"\nb2,Beta,\nb3,Gamma,\n';
    const records = await readBundle(bundleDir({ ...MINIMAL, 'businesses.csv': csv }), { today: TODAY });
    expect(records.businesses[0]).toMatchObject({
      name: 'Alpha, Ltd',
      description: 'Says "hi"\nover two lines',
    });
  });
});

describe('readBundle › files saved by careless or unlucky users', () => {
  it('names the line where a record starts when quoted fields span lines, with LF or CRLF', async () => {
    // Line 2–3: a name over two lines; line 4–6: a description over three (CRLF inside with CRLF).
    const rows = ['id,name,description', 'b1,"Alpha', 'Machining",x', 'b2,Beta,"one', 'two', 'three"'];
    for (const eol of ['\n', '\r\n']) {
      const text = `${[...rows, 'b3,Gamma,', 'b1,Again,'].join(eol)}${eol}`;
      const issues = await issuesOf({ ...MINIMAL, 'businesses.csv': text });
      expect(issues, JSON.stringify(eol)).toEqual([
        {
          file: 'businesses.csv',
          line: 8,
          column: 'id',
          message: expect.stringContaining('duplicate business id "b1" (first on line 2)'),
        },
      ]);
    }
  });

  it('names the line where a record with a quote never closed starts', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'businesses.csv': 'id,name\nb1,Alpha\nb2,"Beta\nb3,Gamma\n',
    });
    expect(issues).toEqual([
      {
        file: 'businesses.csv',
        line: 3,
        message: expect.stringMatching(/quoted field opened in this row is never closed.*cut short/),
      },
    ]);
  });

  it('refuses a semicolon-separated file from a European Excel, saying how to save it', async () => {
    const issues = await issuesOf({
      ...MINIMAL,
      'collaborations.csv': 'source;target;weight\r\nb1;b2;1,5\r\n',
    });
    expect(issues).toEqual([
      {
        file: 'collaborations.csv',
        line: 1,
        message: expect.stringMatching(/separated by semicolons.*"CSV UTF-8 \(comma delimited\)"/),
      },
    ]);
  });

  it('refuses a folder where a file should be, saying it is a folder', async () => {
    const dir = bundleDir({ 'businesses.csv': MINIMAL['businesses.csv'] });
    mkdirSync(join(dir, 'collaborations.csv'));
    const error = await readBundle(dir, { today: TODAY }).catch((e: unknown) => e);
    expect((error as BundleError).issues).toEqual([
      { file: 'collaborations.csv', message: 'is a folder, not a file; give the path of the file' },
    ]);
  });

  it('refuses a file too large to hold as text, before reading it, instead of crashing', async () => {
    const dir = bundleDir(MINIMAL);
    // Sparse: no disk is used and nothing is read, the size alone refuses it.
    truncateSync(join(dir, 'collaborations.csv'), MAX_TEXT_FILE_BYTES + 1);
    const error = await readBundle(dir, { today: TODAY }).catch((e: unknown) => e);
    expect((error as BundleError).issues).toEqual([
      {
        file: 'collaborations.csv',
        message: expect.stringMatching(/^is 512 MB, larger than the 512 MB the file sources can read/),
      },
    ]);
  });
});
