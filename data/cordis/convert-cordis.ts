/**
 * Turns CORDIS participations into Partner Atlas records (docs/cordis.md):
 * business = organisation (PIC); capability = the call topics of its projects, level = how
 * many of its projects carry the topic (capped at 5); collaboration = co-participation in a
 * project, dated by the project's start and end, kind `joint-project`, labelled with the acronym.
 *
 * Large consortia make cliques, so each project's pairs are weighted by Newman's collaboration
 * weight 1/(members − 1) by default (each member spreads one unit of tie over its partners),
 * or 1 per shared project with `weighting: 'count'`; `maxConsortium` skips larger projects.
 * Pure: file reading lives in read-cordis.ts.
 */
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { BundleError, type BundleIssue } from '../../analysis/errors.ts';
import type { RawRow } from './read-cordis.ts';

export const ACTIVITY_TYPES: Record<string, string> = {
  PRC: 'company',
  HES: 'higher education',
  REC: 'research organisation',
  PUB: 'public body',
  OTH: 'other',
};

export interface CordisOptions {
  weighting?: 'newman' | 'count';
  maxConsortium?: number;
  countries?: string[];
  activityTypes?: string[];
  topicPrefix?: string;
  since?: number;
  until?: number;
  strict?: boolean;
}

export const CORDIS_DEFAULTS = { weighting: 'newman' as const, strict: false };

export interface CordisInput {
  participations: RawRow[];
  participationsFile: string;
  projects?: RawRow[];
  projectsFile?: string;
  topics?: RawRow[];
}

export interface CordisSummary {
  organisations: number;
  projects: number;
  pairs: number;
  collaborationRows: number;
  capabilities: number;
  skippedRows: { at: number; file: string; reason: string }[];
  skippedProjects: { project: string; members: number; reason: string }[];
  filteredOut: number;
}

interface ProjectInfo {
  acronym?: string;
  title?: string;
  topics: { code: string; title?: string }[];
  start?: string;
  end?: string;
}

const PIC = /^\d{5,12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;

function projectsById(input: CordisInput, issues: BundleIssue[]): Map<string, ProjectInfo> {
  const byId = new Map<string, ProjectInfo>();
  for (const row of input.projects ?? []) {
    const id = row.fields.id ?? row.fields.projectID ?? '';
    if (!id) {
      issues.push({ file: input.projectsFile ?? 'projects', line: row.at, message: 'project without an id' });
      continue;
    }
    const start = row.fields.startDate?.match(DATE)?.[0];
    const end = row.fields.endDate?.match(DATE)?.[0];
    byId.set(id, {
      ...(row.fields.acronym && { acronym: row.fields.acronym }),
      ...(row.fields.title && { title: row.fields.title }),
      topics: (row.fields.topics ?? '')
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean)
        .map((code) => ({ code })),
      ...(start && { start }),
      ...(end && { end }),
    });
  }
  for (const row of input.topics ?? []) {
    const id = row.fields.projectID ?? '';
    const code = row.fields.topic ?? '';
    if (!id || !code) continue;
    const info = byId.get(id) ?? { topics: [] };
    const known = info.topics.find((t) => t.code === code);
    if (known) {
      if (row.fields.title) known.title = row.fields.title;
    } else info.topics.push({ code, ...(row.fields.title && { title: row.fields.title }) });
    byId.set(id, info);
  }
  return byId;
}

function parseGeolocation(text: string | undefined): { lat: number; lon: number } | undefined {
  if (!text) return undefined;
  const [a, b] = text.split(',').map((s) => Number(s.trim()));
  if (
    a === undefined ||
    b === undefined ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    Math.abs(a) > 90 ||
    Math.abs(b) > 180
  )
    return undefined;
  return { lat: a, lon: b };
}

export function convertCordis(
  input: CordisInput,
  options: CordisOptions = {},
): { records: NetworkRecords; summary: CordisSummary } {
  const weighting = options.weighting ?? CORDIS_DEFAULTS.weighting;
  const strict = options.strict ?? CORDIS_DEFAULTS.strict;
  const issues: BundleIssue[] = [];
  const projects = projectsById(input, issues);
  const skippedRows: CordisSummary['skippedRows'] = [];
  const reject = (row: RawRow, reason: string) => {
    skippedRows.push({ at: row.at, file: input.participationsFile, reason });
    issues.push({ file: input.participationsFile, line: row.at, message: reason });
  };

  const businesses = new Map<string, Business>();
  const members = new Map<string, Set<string>>();
  const acronyms = new Map<string, string>();
  let filteredOut = 0;
  const countries = options.countries?.map((c) => c.toUpperCase());
  const types = options.activityTypes?.map((t) => t.toUpperCase());
  for (const row of input.participations) {
    const f = row.fields;
    const project = f.projectID ?? '';
    const pic = f.organisationID ?? '';
    const name = f.name ?? '';
    if (!project) {
      reject(row, 'projectID is empty');
      continue;
    }
    if (!PIC.test(pic)) {
      reject(row, `organisationID "${pic}" is not a PIC (5–12 digits)`);
      continue;
    }
    if (!name) {
      reject(row, `organisation ${pic} has no name`);
      continue;
    }
    const activity = (f.activityType ?? '').split(';')[0]?.trim().toUpperCase() ?? '';
    const info = projects.get(project);
    const year = Number((info?.start ?? '').slice(0, 4)) || undefined;
    const keep =
      (!countries || countries.includes((f.country ?? '').toUpperCase())) &&
      (!types || types.includes(activity)) &&
      (!options.topicPrefix ||
        (info?.topics ?? []).some((t) => t.code.startsWith(options.topicPrefix as string))) &&
      (options.since === undefined || (year !== undefined && year >= options.since)) &&
      (options.until === undefined || (year !== undefined && year <= options.until));
    if (!keep) {
      filteredOut++;
      continue;
    }
    if (!businesses.has(pic)) {
      const geo = parseGeolocation(f.geolocation);
      const attributes: Record<string, string> = {};
      if (f.country) attributes.country = f.country;
      if (activity) attributes.activity_type = activity;
      const sme = (f.SME ?? '').toLowerCase();
      if (sme === 'true' || sme === 'false') attributes.sme = sme;
      if (f.shortName) attributes.short_name = f.shortName;
      if (f.organizationURL) attributes.website = f.organizationURL;
      businesses.set(pic, {
        id: pic,
        name,
        ...(ACTIVITY_TYPES[activity] && { sector: ACTIVITY_TYPES[activity] }),
        ...(f.city && { site: [f.city, f.country].filter(Boolean).join(', ') }),
        ...(geo && geo),
        attributes,
      });
    }
    let set = members.get(project);
    if (!set) members.set(project, (set = new Set()));
    set.add(pic);
    if (f.projectAcronym) acronyms.set(project, f.projectAcronym);
  }
  if (strict && issues.length > 0) throw new BundleError(issues);

  const capabilityCount = new Map<string, Map<string, { count: number; category?: string }>>();
  const collaborations: CollaborationRecord[] = [];
  const pairs = new Set<string>();
  const skippedProjects: CordisSummary['skippedProjects'] = [];
  let projectCount = 0;
  for (const [project, set] of [...members.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ids = [...set].sort();
    const info = projects.get(project);
    if (options.maxConsortium !== undefined && ids.length > options.maxConsortium) {
      skippedProjects.push({
        project: acronyms.get(project) ?? project,
        members: ids.length,
        reason: `more than ${options.maxConsortium} members`,
      });
      continue;
    }
    projectCount++;
    for (const id of ids) {
      let caps = capabilityCount.get(id);
      if (!caps) capabilityCount.set(id, (caps = new Map()));
      for (const topic of info?.topics ?? []) {
        const c = caps.get(topic.code) ?? { count: 0, ...(topic.title && { category: topic.title }) };
        c.count++;
        caps.set(topic.code, c);
      }
    }
    if (ids.length < 2) continue;
    const weight = weighting === 'newman' ? 1 / (ids.length - 1) : 1;
    const label = acronyms.get(project) ?? info?.acronym ?? project;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as string;
        const b = ids[j] as string;
        pairs.add(`${a}|${b}`);
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
  const capabilities: CapabilityRecord[] = [];
  for (const [id, caps] of capabilityCount) {
    for (const [code, c] of caps) {
      capabilities.push({
        businessId: id,
        capability: code,
        level: Math.min(5, c.count),
        ...(c.category && { category: c.category }),
      });
    }
  }
  // Organisations whose only projects were skipped (too large) are left out.
  const kept = [...businesses.values()].filter((b) => capabilityCount.has(b.id));
  return {
    records: { businesses: kept, capabilities, needs: [], collaborations },
    summary: {
      organisations: kept.length,
      projects: projectCount,
      pairs: pairs.size,
      collaborationRows: collaborations.length,
      capabilities: new Set(capabilities.map((c) => c.capability)).size,
      skippedRows,
      skippedProjects,
      filteredOut,
    },
  };
}
