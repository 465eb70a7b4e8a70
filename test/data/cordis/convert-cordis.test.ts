import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { BundleError } from '../../../analysis/errors.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { writeBundle } from '../../../data/bundle/write-bundle.ts';
import { convertCordis } from '../../../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../../../data/cordis/read-cordis.ts';
import { bundleDir } from '../../helpers/bundle-dir.ts';
import { HAS_SHARED_DATA, SHARED_DATA } from '../../helpers/shared-data.ts';

const EV = join(SHARED_DATA, 'cordis-semiconductor-ev');
const SLICE = join(SHARED_DATA, 'cordis-h2020-slice-2023');
const INFINEON_AG = '999978918';
const FRAUNHOFER = '999984059';

describe('CORDIS converter › bad input', () => {
  const header =
    'projectID;projectAcronym;organisationID;name;SME;activityType;city;country;geolocation;ecContribution';

  it('reports bad rows with their line numbers and skips them, or refuses them all with --strict', async () => {
    const dir = bundleDir({
      'orgs.csv': `\ufeff${header}\n1001;ALPHA;999000001;"Org One";True;PRC;Lyon;FR;"45.7,4.8";"12500,5"\n1001;ALPHA;not-a-pic;"Broken";;PRC;;;;\n;ALPHA;999000003;"No project";;REC;;;;\n1001;ALPHA;999000002;"Org Two";False;REC;Graz;AT;"47.1,15.4";"1000"\n`,
    });
    const { rows, format } = await readCordisFile(join(dir, 'orgs.csv'));
    expect(format).toBe('csv');
    expect(rows[0]?.fields.name).toBe('Org One');
    expect(rows[0]?.fields.ecContribution).toBe('12500,5');
    const { records, summary } = convertCordis({ participations: rows, participationsFile: 'orgs.csv' });
    expect(summary.skippedRows).toEqual([
      { at: 3, file: 'orgs.csv', reason: 'organisationID "not-a-pic" is not a PIC (5–12 digits)' },
      { at: 4, file: 'orgs.csv', reason: 'projectID is empty' },
    ]);
    expect(records.businesses.map((b) => b.id)).toEqual(['999000001', '999000002']);
    expect(records.businesses[0]).toMatchObject({
      name: 'Org One',
      sector: 'company',
      site: 'Lyon, FR',
      lat: 45.7,
      lon: 4.8,
      attributes: { sme: 'true', country: 'FR' },
    });
    expect(() =>
      convertCordis({ participations: rows, participationsFile: 'orgs.csv' }, { strict: true }),
    ).toThrow(BundleError);
  });

  it('refuses a JSON file that is not an array of records', async () => {
    const dir = bundleDir({ 'o.json': '{"organisationID": 1}' });
    await expect(readCordisFile(join(dir, 'o.json'))).rejects.toThrow(/JSON array/);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('CORDIS converter › semiconductor-EV export (JSON)', async () => {
  const input = {
    participations: (await readCordisFile(join(EV, 'organization.json'))).rows,
    participationsFile: 'organization.json',
    projects: (await readCordisFile(join(EV, 'project.json'))).rows,
  };
  const newman = convertCordis(input);
  const count = convertCordis(input, { weighting: 'count' });

  it('has the organisations, projects and pairs counted in the raw files', () => {
    expect(newman.summary).toMatchObject({
      organisations: 765,
      projects: 26,
      pairs: 38_733,
      skippedRows: [],
    });
  });

  it("gives Infineon Technologies AG its 8 projects' topics and 426 partners", () => {
    const graph = buildGraph(newman.records);
    expect(graph.getNodeAttribute(INFINEON_AG, 'name')).toBe('INFINEON TECHNOLOGIES AG');
    expect(graph.degree(INFINEON_AG)).toBe(426);
    const events = graph.getEdgeAttribute(graph.edge(INFINEON_AG, FRAUNHOFER)!, 'events');
    expect(events.map((e) => e.project).sort()).toHaveLength(6);
    expect(
      events.every((e) => e.kind === 'joint-project' && e.start !== undefined && e.end !== undefined),
    ).toBe(true);
  });

  it('weights the Infineon–Fraunhofer pair by 1/(members − 1) per shared project, or by the count', () => {
    const n = buildGraph(newman.records);
    const c = buildGraph(count.records);
    expect(n.getEdgeAttribute(n.edge(INFINEON_AG, FRAUNHOFER)!, 'weight')).toBeCloseTo(
      0.11462834905929535,
      12,
    );
    expect(c.getEdgeAttribute(c.edge(INFINEON_AG, FRAUNHOFER)!, 'weight')).toBe(6);
  });

  it('caps consortium size, reporting the projects it skipped', () => {
    const capped = convertCordis(input, { maxConsortium: 100 });
    expect(capped.summary.skippedProjects.map((p) => p.members).sort()).toEqual([113, 188]);
    expect(capped.summary.projects).toBe(24);
  });

  it('filters by country, activity type, topic and start year', () => {
    const de = convertCordis(input, { countries: ['de'] });
    expect(de.records.businesses.every((b) => b.attributes?.country === 'DE')).toBe(true);
    const research = convertCordis(input, { activityTypes: ['REC'] });
    expect(new Set(research.records.businesses.map((b) => b.sector))).toEqual(
      new Set(['research organisation']),
    );
    const ecsel = convertCordis(input, { topicPrefix: 'ECSEL' });
    expect(ecsel.records.capabilities.some((c) => c.capability.startsWith('ECSEL'))).toBe(true);
    const recent = convertCordis(input, { since: 2018 });
    expect(recent.records.collaborations.every((c) => (c.start ?? '') >= '2018')).toBe(true);
    expect(recent.summary.projects).toBeLessThan(26);
  });

  it('writes a bundle that loads back into the same graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-cordis-'));
    writeBundle(dir, newman.records);
    const again = buildGraph(await readBundle(dir));
    expect(again.order).toBe(765);
    expect(again.size).toBe(38_733);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('CORDIS converter › H2020 slice (CSV + topics)', async () => {
  const { records, summary } = convertCordis({
    participations: (await readCordisFile(join(SLICE, 'h2020_organizations_out_formatted_latest.csv'))).rows,
    participationsFile: 'h2020_organizations_out_formatted_latest.csv',
    topics: (await readCordisFile(join(SLICE, 'h2020_topics_out.csv'))).rows,
  });

  it('has the organisations, projects, pairs and topics counted in the raw files', () => {
    expect(summary).toMatchObject({ organisations: 3012, projects: 583, pairs: 37_710, capabilities: 314 });
    const graph = buildGraph(records);
    expect(graph.filterNodes((n) => graph.degree(n) === 0)).toHaveLength(81);
  });

  it('labels topics with their titles and leaves dates empty (the slice has none)', () => {
    const ict = records.capabilities.find((c) => c.capability.startsWith('ICT-'));
    expect(ict?.category).toMatch(/\w/);
    expect(records.collaborations.every((c) => c.start === undefined)).toBe(true);
  });
});
