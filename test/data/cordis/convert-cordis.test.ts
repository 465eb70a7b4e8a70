import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { BundleError, InvalidInputError } from '../../../analysis/errors.ts';
import { buildSearchIndex, MATCH_KINDS, searchBusinesses } from '../../../analysis/search/business-search.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { writeBundle } from '../../../data/bundle/write-bundle.ts';
import { convertCordis, type CordisInput } from '../../../data/cordis/convert-cordis.ts';
import { parseCordisText, readCordisFile, type RawRow } from '../../../data/cordis/read-cordis.ts';
import { HAS_SHARED_DATA, SHARED_DATA } from '../../helpers/shared-data.ts';

const EV = join(SHARED_DATA, 'cordis-semiconductor-ev');
const SLICE = join(SHARED_DATA, 'cordis-h2020-slice-2023');
const INFINEON_AG = '999978918';
const FRAUNHOFER = '999984059';
const CNRS = '999997930';
const CESNET = '999589463';
const BMW = '999437852';
const TU_EINDHOVEN = '999977269';
const ORDER: readonly string[] = MATCH_KINDS;

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Five organisations in three projects (1: A B C; 2: A B; 3: A C D E), E in France. */
function smallInput(): CordisInput {
  let at = 1;
  const org = (
    project: string,
    acronym: string,
    pic: string,
    extra: Record<string, string> = {},
  ): RawRow => ({
    at: ++at,
    fields: {
      projectID: project,
      projectAcronym: acronym,
      organisationID: pic,
      name: `Org ${pic}`,
      activityType: 'REC',
      country: 'DE',
      ...extra,
    },
  });
  const project = (id: string, topics: string, start: string, end: string): RawRow => ({
    at: Number(id),
    unit: 'record',
    fields: { id, topics, startDate: start, endDate: end, frameworkProgramme: 'H2020' },
  });
  return {
    participations: [
      org('1', 'ONE', '100000001', { activityType: 'PRC;PRC', SME: 'True', geolocation: '48.1,11.6' }),
      org('1', 'ONE', '100000002'),
      org('1', 'ONE', '100000003', { activityType: 'HES' }),
      org('2', 'TWO', '100000001'),
      org('2', 'TWO', '100000002'),
      org('3', 'THREE', '100000001'),
      org('3', 'THREE', '100000003'),
      org('3', 'THREE', '100000004'),
      org('3', 'THREE', '100000005', { country: 'FR' }),
    ],
    participationsFile: 'orgs.csv',
    projects: [
      project('1', 'ICT-01-2014', '2016-01-01', '2018-12-31'),
      project('2', 'ICT-01-2014;GV-2-2014', '2019-03-01', '2021-02-28'),
      project('3', 'ECSEL-2016-1', '2020-05-01', '2023-04-30'),
    ],
    projectsFile: 'project.json',
  };
}
const A = '100000001';
const B = '100000002';
const C = '100000003';

describe('CORDIS converter › bad input', () => {
  const header =
    'projectID;projectAcronym;organisationID;name;SME;activityType;city;country;geolocation;totalCost';
  const csv = `\ufeff${header}\n1001;ALPHA;999000001;"Org One";True;PRC;Lyon;FR;"45.7,4.8";"12500,5"\n1001;ALPHA;not-a-pic;"Broken";;PRC;;;;\n;ALPHA;999000003;"No project";;REC;;;;\n1001;ALPHA;999000004;"Short row"\n1001;ALPHA;999000002;"Org Two";False;REC;Graz;AT;"147.1,15.4";"1.000,25"\n`;

  it('refuses every bad row with --strict, naming its line, and converts nothing', () => {
    const { rows } = parseCordisText(csv, 'orgs.csv');
    try {
      convertCordis({ participations: rows, participationsFile: 'orgs.csv' }, { strict: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).issues.map((i) => i.line)).toEqual([3, 4, 5]);
      expect((error as BundleError).message).toMatch(/orgs\.csv, line 3: organisationID is not a PIC/);
    }
  });

  it('skips and reports bad rows with their line numbers, and warns of bad values', () => {
    const { rows } = parseCordisText(csv, 'orgs.csv');
    const { records, summary } = convertCordis({ participations: rows, participationsFile: 'orgs.csv' });
    expect(summary.skippedRows.map((p) => [p.at, p.reason])).toEqual([
      [3, 'organisationID is not a PIC (5–12 digits)'],
      [4, 'no projectID'],
      [5, expect.stringMatching(/has 4 fields, the header has 10/)],
    ]);
    expect(summary.warnings).toEqual([
      { file: 'orgs.csv', at: 6, unit: 'line', reason: 'geolocation is not "lat,lon"', detail: '147.1,15.4' },
    ]);
    expect(records.businesses.map((b) => b.id)).toEqual(['999000001', '999000002']);
    expect(records.businesses[0]).toMatchObject({
      name: 'Org One',
      sector: 'company',
      site: 'Lyon, FR',
      lat: 45.7,
      lon: 4.8,
      attributes: { sme: 'true', country: 'FR', total_cost_eur: '12500.5' },
    });
    expect(records.businesses[1]?.lat).toBeUndefined();
    expect(records.businesses[1]?.attributes?.total_cost_eur).toBe('1000.25');
    expect(records.businesses[0]?.size).toBeUndefined();
    // The credit CORDIS asks for is on every business, whatever the bundle's folder is called.
    for (const b of records.businesses)
      expect(b.attributes?.data_source).toBe('CORDIS, © European Union (CC BY 4.0)');
  });

  it('refuses files without the columns it needs, naming them, instead of skipping every row', () => {
    const renamed = parseCordisText('projectID,orgID,name\n1001,999000001,Org One\n', 'orgs.csv').rows;
    expect(() => convertCordis({ participations: renamed, participationsFile: 'orgs.csv' })).toThrow(
      /orgs\.csv, line 1: has no column "organisationID" \(found: projectID, orgID, name\); is it the right CORDIS file\?/,
    );
    const { participations } = smallInput();
    // The topics file given as --projects: an id, but neither dates nor topics.
    const projects = parseCordisText('projectID,topic,title\n1001,ICT-1-2015,ICT\n', 'topics.csv').rows;
    expect(() =>
      convertCordis({ participations, participationsFile: 'o.csv', projects, projectsFile: 'topics.csv' }),
    ).toThrow(/topics\.csv, line 1: has no column "startDate" or "topics"/);
    const json = parseCordisText('[{"projectID": "1", "name": "x"}]', 'o.json').rows;
    const error = (() => {
      try {
        convertCordis({ participations: json, participationsFile: 'o.json' });
      } catch (e) {
        return e;
      }
    })();
    expect((error as BundleError).issues).toEqual([
      {
        file: 'o.json',
        message: expect.stringMatching(/^has no column "organisationID" \(found: projectID, name\)/),
      },
    ]);
  });

  it('numbers bad JSON records instead of lines', () => {
    const { rows } = parseCordisText('[{"projectID": 1, "organisationID": "x", "name": "n"}]', 'o.json');
    const { summary } = convertCordis({ participations: rows, participationsFile: 'o.json' });
    expect(summary.skippedRows[0]).toMatchObject({ at: 1, unit: 'record' });
  });

  it('refuses a date filter on input without project dates, and an unknown activity type', () => {
    const input = { ...smallInput(), projects: [] };
    expect(() => convertCordis(input, { since: 2018 })).toThrow(InvalidInputError);
    expect(() => convertCordis(smallInput(), { activityTypes: ['XYZ'] })).toThrow(/Unknown activity type/);
  });
});

describe('CORDIS converter › mapping (pure, no files)', () => {
  it('weights a pair 1/(members − 1) per shared project by default', () => {
    const { records, summary } = convertCordis(smallInput());
    const graph = buildGraph(records);
    expect(summary).toMatchObject({ organisations: 5, projects: 3, pairs: 8, isolated: 0, dates: 'project' });
    expect(graph.getEdgeAttribute(graph.edge(A, B)!, 'weight')).toBeCloseTo(1 / 2 + 1 / 1, 12);
    expect(graph.getEdgeAttribute(graph.edge(A, C)!, 'weight')).toBeCloseTo(1 / 2 + 1 / 3, 12);
    expect(graph.getEdgeAttribute(graph.edge(A, B)!, 'events')).toEqual([
      { weight: 0.5, start: '2016-01-01', end: '2018-12-31', kind: 'joint-project', project: 'ONE' },
      { weight: 1, start: '2019-03-01', end: '2021-02-28', kind: 'joint-project', project: 'TWO' },
    ]);
  });

  it('counts shared projects with `count`, and gives each pair weight 1 spanning its projects with `none`', () => {
    const count = buildGraph(convertCordis(smallInput(), { weighting: 'count' }).records);
    expect(count.getEdgeAttribute(count.edge(A, B)!, 'weight')).toBe(2);
    const none = buildGraph(convertCordis(smallInput(), { weighting: 'none' }).records);
    expect(none.getEdgeAttribute(none.edge(A, B)!, 'events')).toEqual([
      { weight: 1, start: '2016-01-01', end: '2021-02-28', kind: 'joint-project', project: 'ONE; TWO' },
    ]);
  });

  it('maps activity types to sectors, topics to capabilities with a level per project, dated by their first project', () => {
    const { records } = convertCordis(smallInput());
    const byId = new Map(records.businesses.map((b) => [b.id, b]));
    expect(byId.get(A)).toMatchObject({
      sector: 'company',
      lat: 48.1,
      lon: 11.6,
      attributes: { sme: 'true', projects: '3' },
    });
    expect(byId.get(C)?.sector).toBe('higher education');
    expect(byId.get(B)?.sector).toBe('research organisation');
    expect(records.capabilities.filter((c) => c.businessId === A)).toEqual([
      { businessId: A, capability: 'ICT-01-2014', level: 2, category: 'H2020', since: 2016 },
      { businessId: A, capability: 'GV-2-2014', level: 1, category: 'H2020', since: 2019 },
      { businessId: A, capability: 'ECSEL-2016-1', level: 1, category: 'H2020', since: 2020 },
    ]);
    expect(records.needs).toEqual([]);
  });

  it('caps the level at 5 and takes topic titles as categories', () => {
    const participations: RawRow[] = [];
    const topics: RawRow[] = [];
    for (let p = 1; p <= 7; p++) {
      participations.push({
        at: p + 1,
        fields: { projectID: String(p), organisationID: '200000001', name: 'X' },
      });
      topics.push({
        at: p + 1,
        fields: { projectID: String(p), topic: 'ICT-03-2016', title: 'Smart System Integration' },
      });
    }
    const { records } = convertCordis({ participations, participationsFile: 'o.csv', topics });
    expect(records.capabilities).toEqual([
      // Without project dates the call year of the topic code dates the projects.
      {
        businessId: '200000001',
        capability: 'ICT-03-2016',
        level: 5,
        category: 'Smart System Integration',
        since: 2016,
      },
    ]);
  });

  it('filters by country, keeping the whole consortium size in the weight', () => {
    const { records, summary } = convertCordis(smallInput(), { countries: ['de'] });
    expect(records.businesses.map((b) => b.id)).not.toContain('100000005');
    expect(summary.filteredOut).toBe(1);
    const graph = buildGraph(records);
    expect(graph.getEdgeAttribute(graph.edge(A, C)!, 'weight')).toBeCloseTo(1 / 2 + 1 / 3, 12);
  });

  it('filters by activity type, topic prefix and start year', () => {
    expect(
      convertCordis(smallInput(), { activityTypes: ['HES'] }).records.businesses.map((b) => b.id),
    ).toEqual([C]);
    const gv = convertCordis(smallInput(), { topicPrefix: 'gv' });
    expect(gv.summary).toMatchObject({ projects: 1, organisations: 2, pairs: 1 });
    const window = convertCordis(smallInput(), { since: 2017, until: 2019 });
    expect(window.summary.projects).toBe(1);
    expect(window.records.collaborations.map((c) => c.project)).toEqual(['TWO']);
  });

  it('skips projects larger than --max-consortium and reports them', () => {
    const { records, summary } = convertCordis(smallInput(), { maxConsortium: 3 });
    expect(summary.skippedProjects).toEqual([
      { project: 'THREE', members: 4, reason: 'more than 3 members' },
    ]);
    expect(summary).toMatchObject({ projects: 2, organisations: 3, pairs: 3 });
    expect(records.businesses.map((b) => b.id).sort()).toEqual([A, B, C]);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('CORDIS converter › semiconductor-EV export (JSON)', async () => {
  const input: CordisInput = {
    participations: (await readCordisFile(join(EV, 'organization.json'))).rows,
    participationsFile: 'organization.json',
    projects: (await readCordisFile(join(EV, 'project.json'))).rows,
    projectsFile: 'project.json',
  };
  const newman = convertCordis(input);

  it('has the organisations, projects and pairs counted in the raw files, and no bad rows', () => {
    expect(newman.summary).toMatchObject({
      organisations: 765,
      projects: 26,
      pairs: 38_733,
      capabilities: 24,
      skippedRows: [],
      warnings: [],
    });
  });

  it('gives Infineon Technologies AG its 8 projects and 426 partners, 6 projects with Fraunhofer', () => {
    const graph = buildGraph(newman.records);
    expect(graph.getNodeAttribute(INFINEON_AG, 'name')).toBe('INFINEON TECHNOLOGIES AG');
    expect(graph.getNodeAttribute(INFINEON_AG, 'attributes')?.projects).toBe('8');
    expect(graph.degree(INFINEON_AG)).toBe(426);
    const events = graph.getEdgeAttribute(graph.edge(INFINEON_AG, FRAUNHOFER)!, 'events');
    expect(events.map((e) => e.project).sort()).toEqual([
      '3Ccar',
      'AutoDrive',
      'ESEE',
      'GrapheneCore2',
      'Productive4.0',
      'iDev40',
    ]);
    expect(
      events.every((e) => e.kind === 'joint-project' && e.start !== undefined && e.end !== undefined),
    ).toBe(true);
  });

  it('weights the Infineon–Fraunhofer pair by 1/(members − 1) per shared project, the count, or 1', () => {
    const weight = (w: 'newman' | 'count' | 'none') => {
      const g = buildGraph(w === 'newman' ? newman.records : convertCordis(input, { weighting: w }).records);
      return g.getEdgeAttribute(g.edge(INFINEON_AG, FRAUNHOFER)!, 'weight');
    };
    // 6 shared projects of 27, 41, 47, 67, 113 and 188 members.
    expect(weight('newman')).toBeCloseTo(1 / 26 + 1 / 40 + 1 / 46 + 1 / 66 + 1 / 112 + 1 / 187, 12);
    expect(weight('count')).toBe(6);
    expect(weight('none')).toBe(1);
  });

  it('caps consortium size, reporting the projects it skipped', () => {
    const capped = convertCordis(input, { maxConsortium: 100 });
    expect(capped.summary.skippedProjects.map((p) => [p.project, p.members])).toEqual([
      ['GrapheneCore2', 188],
      ['Productive4.0', 113],
    ]);
    expect(capped.summary.projects).toBe(24);
  });

  it('filters by country and start year', () => {
    const de = convertCordis(input, { countries: ['DE'] });
    expect(de.records.businesses.length).toBeGreaterThan(0);
    expect(de.records.businesses.every((b) => b.attributes?.country === 'DE')).toBe(true);
    const recent = convertCordis(input, { since: 2018 });
    expect(recent.records.collaborations.length).toBeGreaterThan(0);
    expect(recent.records.collaborations.every((c) => (c.start ?? '') >= '2018')).toBe(true);
    expect(recent.summary.projects).toBeLessThan(26);
  });

  it('writes a bundle that loads back into the same graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-cordis-'));
    made.push(dir);
    writeBundle(dir, newman.records);
    const again = buildGraph(await readBundle(dir));
    expect(again.order).toBe(765);
    expect(again.size).toBe(38_733);
    expect(again.getNodeAttribute(BMW, 'aliases')).toEqual(['BMW GROUP']);
  });

  it('carries short names as aliases, so search finds "BMW", "TU Eindhoven" and "tu/e", exact and prefix first', () => {
    const graph = buildGraph(newman.records);
    const index = buildSearchIndex(graph);
    const first = (query: string) => searchBusinesses(graph, index, { query }).matches[0];
    expect(graph.getNodeAttribute(TU_EINDHOVEN, 'aliases')).toEqual(['TU/e']);
    expect(first('BMW')).toMatchObject({
      id: BMW,
      name: 'BAYERISCHE MOTOREN WERKE AKTIENGESELLSCHAFT',
      match: 'prefix',
    });
    expect(first('bmw group')).toMatchObject({ id: BMW, match: 'exact' });
    expect(first('TU Eindhoven')).toMatchObject({ id: TU_EINDHOVEN, match: 'word' });
    expect(first('tu/e')).toMatchObject({ id: TU_EINDHOVEN, match: 'exact' });
    expect(first(BMW)).toMatchObject({ id: BMW, match: 'exact' });
    // Ranked by kind of match: exact, prefix, word, substring, fuzzy.
    const kinds = searchBusinesses(graph, index, { query: 'infineon', limit: 500 }).matches.map(
      (m) => m.match,
    );
    expect(kinds.length).toBeGreaterThan(3);
    expect([...kinds].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))).toEqual(kinds);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('CORDIS converter › H2020 slice (CSV + topics)', async () => {
  const { records, summary } = convertCordis({
    participations: (await readCordisFile(join(SLICE, 'h2020_organizations_out_formatted_latest.csv'))).rows,
    participationsFile: 'h2020_organizations_out_formatted_latest.csv',
    topics: (await readCordisFile(join(SLICE, 'h2020_topics_out.csv'))).rows,
    topicsFile: 'h2020_topics_out.csv',
  });
  const graph = buildGraph(records);

  it('has the organisations, projects, pairs and topics counted in the raw files', () => {
    expect(summary).toMatchObject({
      organisations: 3012,
      projects: 583,
      pairs: 37_710,
      capabilities: 314,
      isolated: 81,
      dates: 'call-year',
      skippedRows: [],
    });
    expect(graph.filterNodes((n) => graph.degree(n) === 0)).toHaveLength(81);
  });

  it('gives Fraunhofer its 63 projects and 661 partners, and CNRS a 1/13 tie through SFERA-III', () => {
    expect(graph.getNodeAttribute(FRAUNHOFER, 'attributes')?.projects).toBe('63');
    expect(graph.degree(FRAUNHOFER)).toBe(661);
    const edge = graph.edge(FRAUNHOFER, CNRS)!;
    expect(graph.getEdgeAttribute(edge, 'weight')).toBeCloseTo(1 / 13, 12);
    expect(graph.getEdgeAttribute(edge, 'events')[0]?.project).toBe('SFERA-III');
  });

  it('sums money with a decimal comma (CESNET: "211562,5" + "226700")', () => {
    expect(graph.getNodeAttribute(CESNET, 'attributes')?.total_cost_eur).toBe('438262.5');
  });

  it('labels topics with their titles and dates projects by the call year of their topic (the slice has no start dates)', () => {
    const sfera = records.capabilities.find(
      (c) => c.businessId === CNRS && c.capability === 'INFRAIA-01-2018-2019',
    );
    expect(sfera?.category).toBe('Integrating Activities for Advanced Communities');
    expect(sfera?.since).toBe(2018);
    // Every collaboration dated by a year of a topic code, none by a project date.
    const dated = records.collaborations.filter((c) => c.start !== undefined);
    expect(dated.length).toBeGreaterThan(records.collaborations.length * 0.9);
    expect(dated.every((c) => /^(19|20)\d\d$/.test(c.start as string) && c.end === undefined)).toBe(true);
  });
});
