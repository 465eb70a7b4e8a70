// Tests of `partner-atlas convert cordis` (cli/commands/convert.ts), kept beside the converter's tests.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BundleError, InvalidInputError, SourceUnavailableError } from '../../../analysis/errors.ts';
import { convertCommand } from '../../../cli/commands/convert.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { bundleDir } from '../../helpers/bundle-dir.ts';

const ORGS =
  'projectID;projectAcronym;organisationID;name;SME;activityType;city;country;geolocation;ecContribution\n' +
  '1001;ALPHA;999000001;"Org One";True;PRC;Lyon;FR;"45.7,4.8";"12500,5"\n' +
  '1001;ALPHA;bad;"Broken";;PRC;;;;\n' +
  '1001;ALPHA;999000002;"Org Two";False;REC;Graz;AT;"47.1,15.4";"1000"\n' +
  '1001;ALPHA;999000003;"Org Three";;HES;Pisa;IT;;\n';

afterEach(() => vi.restoreAllMocks());

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return lines;
}

describe('convert command', () => {
  it('refuses a missing format, missing flags and a bad weighting', async () => {
    await expect(convertCommand.run(['--out', 'x'])).rejects.toThrow(InvalidInputError);
    await expect(convertCommand.run(['cordis', '--out', 'x'])).rejects.toThrow(/--organizations/);
    await expect(
      convertCommand.run(['cordis', '--organizations', 'o.csv', '--out', 'x', '--weighting', 'sum']),
    ).rejects.toThrow(/newman, count, none/);
    await expect(
      convertCommand.run([
        'cordis',
        '--organizations',
        'o.csv',
        '--out',
        'x',
        '--since',
        '2020',
        '--until',
        '2019',
      ]),
    ).rejects.toThrow(/after/);
  });

  it('with --strict refuses bad rows by line and writes nothing', async () => {
    const dir = bundleDir({ 'orgs.csv': ORGS });
    const out = join(dir, 'bundle');
    await expect(
      convertCommand.run(['cordis', '--organizations', join(dir, 'orgs.csv'), '--out', out, '--strict']),
    ).rejects.toThrow(/line 3: organisationID is not a PIC/);
    await expect(
      convertCommand.run(['cordis', '--organizations', join(dir, 'orgs.csv'), '--out', out, '--strict']),
    ).rejects.toBeInstanceOf(BundleError);
    expect(existsSync(out)).toBe(false);
  });

  it('skips bad rows, writes a bundle that loads, and prints the summary on stderr', async () => {
    const dir = bundleDir({ 'orgs.csv': ORGS });
    const out = join(dir, 'bundle');
    const stderr = captureStderr();
    const code = await convertCommand.run([
      'cordis',
      '--organizations',
      join(dir, 'orgs.csv'),
      '--out',
      out,
      '--weighting',
      'count',
    ]);
    expect(code).toBe(0);
    const records = await readBundle(out);
    expect(records.businesses.map((b) => b.id).sort()).toEqual(['999000001', '999000002', '999000003']);
    expect(records.businesses.find((b) => b.id === '999000001')?.attributes?.ec_contribution_eur).toBe(
      '12500.5',
    );
    expect(records.collaborations).toHaveLength(3);
    const text = stderr.join('\n');
    expect(text).toMatch(/Converted 3 organisations, 1 project, 3 collaborating pairs/);
    expect(text).toMatch(/orgs\.csv, line 3: organisationID is not a PIC \(5–12 digits\) \(bad\)/);
    expect(text).toMatch(/collaborations are undated/);
    expect(text).toMatch(/Source: CORDIS, © European Union/);
  });
  it('writes nothing, and leaves what --out held, when no organisation is left to convert', async () => {
    const dir = bundleDir({ 'orgs.csv': ORGS });
    const out = join(dir, 'bundle');
    captureStderr();
    expect(await convertCommand.run(['cordis', '--organizations', join(dir, 'orgs.csv'), '--out', out])).toBe(
      0,
    );
    const before = readFileSync(join(out, 'businesses.csv'), 'utf8');
    const error = await convertCommand
      .run(['cordis', '--organizations', join(dir, 'orgs.csv'), '--out', out, '--country', 'XX'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toMatch(
      /^No organisation is left to convert \(1 bad row skipped, 3 participations left out by the filters\); nothing was written to .*\n[\s\S]*Check the filters/,
    );
    expect(readFileSync(join(out, 'businesses.csv'), 'utf8')).toBe(before);
  });

  it('refuses to write over a folder where a bundle file goes, leaving no file half-replaced', async () => {
    const dir = bundleDir({ 'orgs.csv': ORGS });
    const out = join(dir, 'bundle');
    mkdirSync(join(out, 'collaborations.csv'), { recursive: true });
    captureStderr();
    await expect(
      convertCommand.run(['cordis', '--organizations', join(dir, 'orgs.csv'), '--out', out]),
    ).rejects.toThrow(
      new SourceUnavailableError(
        `Cannot write ${join(out, 'collaborations.csv')}: it is a folder, not a file; nothing was written. Remove it or choose another folder.`,
        '',
      ).message,
    );
    expect(readdirSync(out)).toEqual(['collaborations.csv']);
  });
});
