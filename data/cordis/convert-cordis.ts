/**
 * Turns CORDIS participations into Partner Atlas records (docs/cordis.md). Pure: the rows come
 * from read-cordis.ts, nothing here touches files.
 *
 * business = organisation (PIC); capability = the call topics of its projects, level = how many
 * of its projects carry the topic (capped at 5), category = the topic title, else the framework
 * programme; collaboration = co-participation in a project, dated by the project's start and
 * end, kind `joint-project`, labelled with the acronym. CORDIS has no needs: they stay empty.
 *
 * Large consortia make cliques, so by default each project adds Newman's collaboration weight
 * 1/(n − 1) to each pair of its n members (M. E. J. Newman, "Scientific collaboration networks.
 * II", Phys. Rev. E 64, 016132, 2001): every member spreads one unit of tie over its partners.
 * `count` adds 1 per shared project, `none` gives every collaborating pair weight 1.
 * n is the whole consortium in the input, whatever the country or activity filters keep.
 */
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { BundleError, InvalidInputError, type BundleIssue } from '../../analysis/errors.ts';
import {
  ACTIVITY_TYPES,
  parseActivityType,
  parseGeolocation,
  parseMoney,
  parseProjectDate,
} from './cordis-values.ts';
import type { RawRow } from './read-cordis.ts';

export { ACTIVITY_TYPES };

export type CordisWeighting = 'newman' | 'count' | 'none';
export const CORDIS_WEIGHTINGS: readonly CordisWeighting[] = ['newman', 'count', 'none'];

export interface CordisOptions {
  /** Pair weight per shared project: `newman` 1/(members − 1) (default), `count` 1, `none` 1 per pair. */
  weighting?: CordisWeighting;
  /** Skip projects with more than this many members (whole consortium). Default: no cap. */
  maxConsortium?: number;
  /** Keep organisations of these countries (CORDIS codes: DE, FR, EL, UK…). Default: all. */
  countries?: string[];
  /** Keep organisations of these activity types (PRC, HES, REC, PUB, OTH). Default: all. */
  activityTypes?: string[];
  /** Keep projects with a topic code starting with this (case-insensitive; comma-separated for several). */
  topicPrefix?: string;
  /** Keep projects starting in this year or later (needs project start dates). */
  since?: number;
  /** Keep projects starting in this year or earlier (needs project start dates). */
  until?: number;
  /** Refuse the whole conversion (BundleError) on any bad row, instead of skipping it. Default false. */
  strict?: boolean;
  /** Called now and then with the rows and projects done and their total. */
  onProgress?: (done: number, total: number) => void;
}

export const CORDIS_DEFAULTS = { weighting: 'newman' as CordisWeighting, strict: false, maxLevel: 5 };

export interface CordisInput {
  /** Participation rows: organization.json or the organisations CSV. */
  participations: RawRow[];
  participationsFile: string;
  /** Project rows (project.json / project.csv): dates, acronyms, topics. */
  projects?: RawRow[];
  projectsFile?: string;
  /** Topic rows (projectID, topic, title), e.g. topics.csv / h2020_topics_out.csv. */
  topics?: RawRow[];
  topicsFile?: string;
}

/** A row that was skipped (or, for warnings, kept with a value left out). */
export interface CordisProblem {
  file: string;
  at: number;
  unit: 'line' | 'record';
  /** Short, stable reason, for grouping in the summary. */
  reason: string;
  /** The offending value, when there is one. */
  detail?: string;
}

export interface CordisSummary {
  organisations: number;
  projects: number;
  pairs: number;
  collaborationRows: number;
  capabilities: number;
  /** Organisations kept that have no partner (single-beneficiary grants). */
  isolated: number;
  /**
   * `project`: collaborations dated by the project file; `call-year`: by the call year of the
   * projects' topic codes (no project start dates); `none`: undated.
   */
  dates: 'project' | 'call-year' | 'none';
  skippedRows: CordisProblem[];
  warnings: CordisProblem[];
  skippedProjects: { project: string; members: number; reason: string }[];
  /** Participations left out by the filters. */
  filteredOut: number;
}

interface ProjectInfo {
  acronym?: string;
  programme?: string;
  topics: { code: string; title?: string }[];
  start?: string;
  end?: string;
  /** `start` is the call year of a topic code, the project file having no start date. */
  startFromCall?: boolean;
}

interface Participation {
  project: string;
  pic: string;
  row: RawRow;
  activity?: string;
}

/** The attribution CORDIS data is reused under (CC BY 4.0), as `data_source` of each business. */
export const CORDIS_CREDIT = 'CORDIS, © European Union (CC BY 4.0)';

const PIC = /^\d{5,12}$/;

/** "file, line 12: reason (value)" or "file, record 12: …", for messages; `at` 0 = the whole file. */
export function describeProblem(p: CordisProblem): string {
  return `${p.file}${p.at > 0 ? `, ${p.unit} ${p.at}` : ''}: ${p.reason}${p.detail !== undefined ? ` (${p.detail})` : ''}`;
}

function toIssue(p: CordisProblem): BundleIssue {
  const message = `${p.reason}${p.detail !== undefined ? ` (${p.detail})` : ''}`;
  if (p.at === 0) return { file: p.file, message };
  return p.unit === 'line'
    ? { file: p.file, line: p.at, message }
    : { file: p.file, message: `record ${p.at}: ${message}` };
}

function problem(file: string, row: RawRow, reason: string, detail?: string): CordisProblem {
  return { file, at: row.at, unit: row.unit ?? 'line', reason, ...(detail !== undefined && { detail }) };
}

/**
 * The columns each CORDIS file must have, as alternatives (`id` or `projectID`): without them
 * every row would be skipped and the conversion would write an empty bundle.
 */
const REQUIRED_CORDIS_COLUMNS = {
  participations: [['projectID'], ['organisationID'], ['name']],
  projects: [
    ['id', 'projectID'],
    ['startDate', 'topics'],
  ],
  topics: [
    ['projectID', 'id'],
    ['topic', 'code'],
  ],
} as const;

/**
 * The required columns missing from `rows` (a CSV's header names are in every row's fields; a
 * JSON export's are the keys of its records), as issues; none when there are no rows to tell.
 */
function missingColumns(rows: RawRow[] | undefined, file: string, required: readonly (readonly string[])[]) {
  if (!rows || rows.length === 0) return [];
  const found = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.fields)) found.add(key);
  const missing = required.filter((names) => !names.some((n) => found.has(n)));
  if (missing.length === 0) return [];
  const shown = [...found].slice(0, 30).join(', ');
  return [
    {
      file,
      ...(rows[0]?.unit !== 'record' && { line: 1 }),
      message: `has no column ${missing.map((names) => names.map((n) => `"${n}"`).join(' or ')).join(', ')} (found: ${shown}${found.size > 30 ? ', …' : ''}); is it the right CORDIS file?`,
    },
  ];
}

function readProjects(input: CordisInput, skipped: CordisProblem[], warnings: CordisProblem[]) {
  const byId = new Map<string, ProjectInfo>();
  const file = input.projectsFile ?? 'projects';
  for (const row of input.projects ?? []) {
    if (row.problem) {
      skipped.push(problem(file, row, row.problem));
      continue;
    }
    const id = row.fields.id || row.fields.projectID || '';
    if (!id) {
      skipped.push(problem(file, row, 'project without an id'));
      continue;
    }
    const info: ProjectInfo = {
      topics: (row.fields.topics ?? '')
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean)
        .map((code) => ({ code })),
    };
    if (row.fields.acronym) info.acronym = row.fields.acronym;
    if (row.fields.frameworkProgramme) info.programme = row.fields.frameworkProgramme;
    for (const [key, column] of [
      ['start', 'startDate'],
      ['end', 'endDate'],
    ] as const) {
      const date = parseProjectDate(row.fields[column]);
      if (date === null) warnings.push(problem(file, row, `${column} is not a date`, row.fields[column]));
      else if (date !== undefined) info[key] = date;
    }
    byId.set(id, info);
  }
  const topicsFile = input.topicsFile ?? 'topics';
  for (const row of input.topics ?? []) {
    const id = row.fields.projectID || row.fields.id || '';
    const code = row.fields.topic || row.fields.code || '';
    if (row.problem || !id || !code) {
      skipped.push(
        problem(
          topicsFile,
          row,
          row.problem ?? (id ? 'topic row without a topic' : 'topic row without a projectID'),
        ),
      );
      continue;
    }
    const info = byId.get(id) ?? { topics: [] };
    const known = info.topics.find((t) => t.code === code);
    if (known) {
      if (row.fields.title) known.title = row.fields.title;
    } else info.topics.push({ code, ...(row.fields.title && { title: row.fields.title }) });
    byId.set(id, info);
  }
  // Without a start date, a project is dated by its call's year, which H2020 topic codes carry
  // (ICT-37-2015-1 → 2015): the start of the call, a year or so before the project's own.
  for (const info of byId.values()) {
    if (info.start !== undefined) continue;
    const years = info.topics
      .map((t) => /-((?:19|20)\d\d)(?:-|$)/.exec(t.code)?.[1])
      .filter((y): y is string => y !== undefined)
      .sort();
    if (years[0] !== undefined) {
      info.start = years[0];
      info.startFromCall = true;
    }
  }
  return byId;
}

/**
 * Convert CORDIS rows into network records and a summary. Throws BundleError for a file without
 * the columns it needs (is it the right file?) and, when `strict`, with every bad row;
 * InvalidInputError for a date filter on an input without project dates.
 */
export function convertCordis(
  input: CordisInput,
  options: CordisOptions = {},
): { records: NetworkRecords; summary: CordisSummary } {
  const weighting = options.weighting ?? CORDIS_DEFAULTS.weighting;
  const strict = options.strict ?? CORDIS_DEFAULTS.strict;
  const file = input.participationsFile;
  const missing: BundleIssue[] = [
    ...missingColumns(input.participations, file, REQUIRED_CORDIS_COLUMNS.participations),
    ...missingColumns(input.projects, input.projectsFile ?? 'projects', REQUIRED_CORDIS_COLUMNS.projects),
    ...missingColumns(input.topics, input.topicsFile ?? 'topics', REQUIRED_CORDIS_COLUMNS.topics),
  ];
  if (missing.length > 0) throw new BundleError(missing, BundleError.describe(missing, 'The CORDIS export'));
  const skippedRows: CordisProblem[] = [];
  const warnings: CordisProblem[] = [];
  const projects = readProjects(input, skippedRows, warnings);
  const hasDates = [...projects.values()].some((p) => p.start !== undefined);
  if ((options.since !== undefined || options.until !== undefined) && !hasDates)
    throw new InvalidInputError(
      '--since/--until select projects by start date, and this input has no project dates: give --projects with the CORDIS project file (startDate, endDate).',
      'since',
    );
  const countries = options.countries?.map((c) => c.trim().toUpperCase());
  const types = options.activityTypes?.map((t) => t.trim().toUpperCase());
  for (const t of types ?? [])
    if (!ACTIVITY_TYPES[t])
      throw new InvalidInputError(
        `Unknown activity type "${t}"; CORDIS uses ${Object.keys(ACTIVITY_TYPES).join(', ')}.`,
        'activityTypes',
      );
  const prefixes = options.topicPrefix
    ?.split(',')
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const total = input.participations.length;
  const report = (done: number) => options.onProgress?.(done, total * 2);

  // Pass 1: validate rows, count whole consortia, apply the filters.
  const consortium = new Map<string, Set<string>>();
  const kept: Participation[] = [];
  const acronyms = new Map<string, string>();
  let filteredOut = 0;
  input.participations.forEach((row, i) => {
    if (i % 2000 === 0) report(i);
    const f = row.fields;
    if (row.warning) warnings.push(problem(file, row, row.warning));
    if (row.problem) return void skippedRows.push(problem(file, row, row.problem));
    const project = f.projectID ?? '';
    const pic = f.organisationID ?? '';
    if (!project) return void skippedRows.push(problem(file, row, 'no projectID'));
    if (!PIC.test(pic))
      return void skippedRows.push(problem(file, row, 'organisationID is not a PIC (5–12 digits)', pic));
    if (!f.name) return void skippedRows.push(problem(file, row, 'organisation without a name', pic));
    const activity = parseActivityType(f.activityType);
    if (activity === null)
      warnings.push(problem(file, row, 'unknown activityType, sector left empty', f.activityType));
    let members = consortium.get(project);
    if (!members) consortium.set(project, (members = new Set()));
    members.add(pic);
    if (f.projectAcronym) acronyms.set(project, f.projectAcronym);
    const info = projects.get(project);
    const year = info?.start ? Number(info.start.slice(0, 4)) : undefined;
    const keep =
      (!countries || countries.includes((f.country ?? '').toUpperCase())) &&
      (!types || (activity != null && types.includes(activity))) &&
      (!prefixes ||
        (info?.topics ?? []).some((t) => prefixes.some((p) => t.code.toUpperCase().startsWith(p)))) &&
      (options.since === undefined || (year !== undefined && year >= options.since)) &&
      (options.until === undefined || (year !== undefined && year <= options.until));
    if (!keep) return void filteredOut++;
    kept.push({ project, pic, row, ...(activity != null && { activity }) });
  });
  if (strict && skippedRows.length > 0)
    throw new BundleError(
      skippedRows.map(toIssue),
      `${skippedRows.length} bad row${skippedRows.length === 1 ? '' : 's'} and --strict: nothing was written.\n` +
        skippedRows
          .slice(0, 20)
          .map((p) => `  - ${describeProblem(p)}`)
          .join('\n') +
        (skippedRows.length > 20 ? `\n  … and ${skippedRows.length - 20} more` : '') +
        '\nFix these rows, or run without --strict to skip them.',
    );
  if (input.projects && input.projects.length > 0) {
    const missing = new Set<string>();
    for (const p of kept) if (!projects.has(p.project)) missing.add(p.project);
    for (const id of missing)
      warnings.push({
        file: input.projectsFile ?? 'projects',
        at: 0,
        unit: 'record',
        reason: 'project of the participations is not in the project file (no dates, no topics)',
        detail: id,
      });
  }

  // Pass 2: businesses from their first kept row; money summed over their kept projects.
  const cap = options.maxConsortium;
  const skippedProjects: CordisSummary['skippedProjects'] = [];
  const capped = new Set<string>();
  const keptProjects = new Set(kept.map((p) => p.project));
  for (const [project, members] of consortium)
    if (cap !== undefined && members.size > cap && keptProjects.has(project)) {
      capped.add(project);
      skippedProjects.push({
        project: acronyms.get(project) ?? projects.get(project)?.acronym ?? project,
        members: members.size,
        reason: `more than ${cap} members`,
      });
    }
  skippedProjects.sort((a, b) => b.members - a.members);
  const businesses = new Map<string, Business>();
  const money = new Map<string, { ec?: number; cost?: number; projects: Set<string> }>();
  const members = new Map<string, Set<string>>();
  kept.forEach(({ project, pic, row, activity }, i) => {
    if (i % 2000 === 0) report(total + i);
    if (capped.has(project)) return;
    const f = row.fields;
    let set = members.get(project);
    if (!set) members.set(project, (set = new Set()));
    set.add(pic);
    const m = money.get(pic) ?? { projects: new Set<string>() };
    money.set(pic, m);
    for (const [key, column] of [
      ['ec', 'ecContribution'],
      ['cost', 'totalCost'],
    ] as const) {
      const value = parseMoney(f[column]);
      if (value === null) warnings.push(problem(file, row, `${column} is not an amount`, f[column]));
      else if (value !== undefined && !m.projects.has(project)) m[key] = (m[key] ?? 0) + value;
    }
    m.projects.add(project);
    if (businesses.has(pic)) return;
    const geo = parseGeolocation(f.geolocation);
    if (geo === null) warnings.push(problem(file, row, 'geolocation is not "lat,lon"', f.geolocation));
    const attributes: Record<string, string> = {};
    if (f.country) attributes.country = f.country.toUpperCase();
    if (activity) attributes.activity_type = activity;
    const sme = (f.SME ?? '').toLowerCase();
    if (sme === 'true' || sme === 'false') attributes.sme = sme;
    if (f.organizationURL) attributes.website = f.organizationURL;
    // The credit CORDIS asks for travels with every business, whatever the bundle's folder is
    // called: the page's credit line, profiles and exports read it from here.
    attributes.data_source = CORDIS_CREDIT;
    const sector = activity ? ACTIVITY_TYPES[activity] : undefined;
    businesses.set(pic, {
      id: pic,
      name: f.name ?? pic,
      ...(sector && { sector }),
      ...(f.city && { site: [f.city, f.country].filter(Boolean).join(', ') }),
      ...(geo && geo),
      ...(f.shortName && f.shortName.trim() && { aliases: [f.shortName.trim()] }),
      attributes,
    });
  });
  for (const [pic, b] of businesses) {
    const m = money.get(pic);
    if (!m || !b.attributes) continue;
    b.attributes.projects = String(m.projects.size);
    if (m.ec !== undefined) b.attributes.ec_contribution_eur = String(Math.round(m.ec * 100) / 100);
    if (m.cost !== undefined) b.attributes.total_cost_eur = String(Math.round(m.cost * 100) / 100);
  }

  // Pass 3: capabilities and collaborations per project, in project id order.
  const capabilityCount = new Map<
    string,
    Map<string, { count: number; category?: string; since?: number }>
  >();
  const collaborations: CollaborationRecord[] = [];
  const pairs = new Map<string, { start?: string; end?: string; projects: string[] }>();
  const ordered = [...members.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [project, set] of ordered) {
    const ids = [...set].sort();
    const info = projects.get(project);
    for (const id of ids) {
      let caps = capabilityCount.get(id);
      if (!caps) capabilityCount.set(id, (caps = new Map()));
      for (const topic of info?.topics ?? []) {
        const category = topic.title ?? info?.programme;
        const c: { count: number; category?: string; since?: number } = caps.get(topic.code) ?? {
          count: 0,
          ...(category && { category }),
        };
        c.count++;
        const year = info?.start ? Number(info.start.slice(0, 4)) : NaN;
        if (Number.isInteger(year) && (c.since === undefined || year < c.since)) c.since = year;
        caps.set(topic.code, c);
      }
    }
    const size = consortium.get(project)?.size ?? ids.length;
    const weight = weighting === 'newman' ? 1 / (size - 1) : 1;
    const label = acronyms.get(project) ?? info?.acronym ?? project;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as string;
        const b = ids[j] as string;
        const key = `${a}|${b}`;
        let pair = pairs.get(key);
        if (!pair) pairs.set(key, (pair = { projects: [] }));
        if (weighting === 'none') {
          pair.projects.push(label);
          if (info?.start && (!pair.start || info.start < pair.start)) pair.start = info.start;
          if (info?.end && (!pair.end || info.end > pair.end)) pair.end = info.end;
          continue;
        }
        collaborations.push({
          source: a,
          target: b,
          weight,
          ...(info?.start && { start: info.start }),
          ...(info?.end && { end: info.end }),
          kind: 'joint-project',
          project: label,
        });
      }
    }
  }
  if (weighting === 'none') {
    // One row per pair: weight 1, from its first project's start to its last project's end.
    for (const [key, pair] of pairs) {
      const [source, target] = key.split('|') as [string, string];
      collaborations.push({
        source,
        target,
        weight: 1,
        ...(pair.start && { start: pair.start }),
        ...(pair.end && { end: pair.end }),
        kind: 'joint-project',
        project: pair.projects.join('; '),
      });
    }
  }
  report(total * 2);
  const capabilities: CapabilityRecord[] = [];
  for (const [id, caps] of capabilityCount) {
    for (const [code, c] of caps) {
      capabilities.push({
        businessId: id,
        capability: code,
        level: Math.min(CORDIS_DEFAULTS.maxLevel, c.count),
        ...(c.category && { category: c.category }),
        ...(c.since !== undefined && { since: c.since }),
      });
    }
  }
  // Organisations whose only projects were capped are left out.
  const keptBusinesses = [...businesses.values()].filter((b) => capabilityCount.has(b.id));
  const withPartner = new Set<string>();
  for (const key of pairs.keys()) for (const id of key.split('|')) withPartner.add(id);
  return {
    records: { businesses: keptBusinesses, capabilities, needs: [], collaborations },
    summary: {
      organisations: keptBusinesses.length,
      projects: members.size,
      pairs: pairs.size,
      collaborationRows: collaborations.length,
      capabilities: new Set(capabilities.map((c) => c.capability)).size,
      isolated: keptBusinesses.filter((b) => !withPartner.has(b.id)).length,
      dates: [...projects.values()].some((p) => p.start !== undefined && !p.startFromCall)
        ? 'project'
        : hasDates
          ? 'call-year'
          : 'none',
      skippedRows,
      warnings,
      skippedProjects,
      filteredOut,
    },
  };
}
