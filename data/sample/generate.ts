/**
 * Seeded generator of the sample park and of large networks with the same shape.
 *
 * Structure: businesses belong to communities anchored by hubs (primes, research centres);
 * ties form over 2012–2026 by preferential attachment inside a community, triadic closure
 * (a partner's partner) and, more rarely, across communities, where brokers (software,
 * robotics, consultancies, research) are favoured; joint projects often bring 3–5 firms
 * together; some ties are renewed, some end; a few newcomers have no partner yet.
 * Capabilities come from each sector's profile (levels grow with size); needs are
 * capabilities the sector uses but the firm lacks, plus a few nobody on the park holds.
 *
 * `npm run data:generate [-- --businesses N --seed S --out DIR]`
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NeedRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { createRng, pick, randomInt, type Rng } from '../../analysis/rng.ts';
import { writeBundle } from '../bundle/write-bundle.ts';
import {
  CAPABILITY_CATEGORIES,
  GAP_CAPABILITIES,
  NAME_STEMS,
  PROJECT_SYLLABLES,
  SECTORS,
  SITES,
  type SectorSpec,
} from './catalog.ts';

export interface GenerateOptions {
  /** Number of businesses (default 150). */
  businesses?: number;
  /** Seed of the generator (default 2050). */
  seed?: number;
  /** No collaboration starts after this day (default 2026-11-01). */
  asOf?: string;
  /** Collaboration rows per business (default 3.3). */
  rowsPerBusiness?: number;
}

export const GENERATE_DEFAULTS = {
  businesses: 150,
  seed: 2050,
  asOf: '2026-11-01',
  rowsPerBusiness: 3.3,
} as const;

const FIRST_YEAR = 2012;
const CATEGORY_OF = new Map(
  Object.entries(CAPABILITY_CATEGORIES).flatMap(([cat, caps]) => caps.map((c) => [c, cat] as const)),
);

interface Firm {
  business: Business;
  sector: SectorSpec;
  community: number;
  joined: number;
  activity: number;
  newcomer: boolean;
  partners: number[];
  partnerSet: Set<number>;
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function sectorCounts(n: number): number[] {
  const counts = SECTORS.map((s) => Math.max(1, Math.round(s.share * n)));
  let diff = n - counts.reduce((a, b) => a + b, 0);
  const machining = SECTORS.findIndex((s) => s.id === 'machining');
  counts[machining] = (counts[machining] ?? 0) + diff;
  diff = 0;
  return counts;
}

function pad(i: number, width: number): string {
  return String(i).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Generate a network; the same options always give the same records. */
export function generateNetwork(options: GenerateOptions = {}): NetworkRecords {
  const n = options.businesses ?? GENERATE_DEFAULTS.businesses;
  const rng = createRng(options.seed ?? GENERATE_DEFAULTS.seed);
  const asOf = options.asOf ?? GENERATE_DEFAULTS.asOf;
  const asOfYear = Number(asOf.slice(0, 4));
  const asOfMonth = Number(asOf.slice(5, 7)) || 12;
  const targetRows = Math.round(n * (options.rowsPerBusiness ?? GENERATE_DEFAULTS.rowsPerBusiness));
  if (!Number.isInteger(n) || n < 10)
    throw new RangeError('generateNetwork: businesses must be a whole number of at least 10');

  // Businesses, sectors and communities.
  const communities = Math.max(3, Math.round(n / 30));
  const width = Math.max(4, String(n).length);
  const names = new Set<string>();
  const firms: Firm[] = [];
  const counts = sectorCounts(n);
  let hubCursor = 0;
  SECTORS.forEach((sector, s) => {
    for (let k = 0; k < (counts[s] ?? 0); k++) {
      const size = Math.max(1, Math.round(sector.medianSize * Math.exp(sector.sizeSpread * gaussian(rng))));
      const newcomer = !sector.hub && rng() < 0.03;
      const founded = sector.hub
        ? 1905 + randomInt(rng, 100)
        : newcomer
          ? asOfYear - randomInt(rng, 2)
          : Math.min(asOfYear - 1, 1975 + Math.floor(Math.sqrt(rng()) * (asOfYear - 1975)));
      const community = sector.hub ? hubCursor++ % communities : randomInt(rng, communities);
      // Two place names ("Totley & Kelham ...") once one-stem combinations run out at scale.
      const stem = (double: boolean): string => {
        const a = pick(rng, NAME_STEMS);
        if (!double) return a;
        const b = pick(rng, NAME_STEMS);
        return a === b ? a : `${a} & ${b}`;
      };
      const makeName = (double = false): string => {
        if (sector.id === 'research') return `${stem(double)} ${pick(rng, sector.nameWords)}`;
        if (sector.id === 'consultancy' && size <= 2) return `${stem(double)} Engineering Consulting`;
        const suffix = pick(rng, sector.suffixes);
        return `${stem(double)} ${pick(rng, sector.nameWords)}${suffix ? ` ${suffix}` : ''}`;
      };
      // A fresh combination when the name is taken; numbered only once combinations run out.
      let name = makeName();
      for (let tries = 0; names.has(name) && tries < 20; tries++) name = makeName();
      for (let tries = 0; names.has(name) && tries < 20; tries++) name = makeName(true);
      for (let i = 2; names.has(name); i++) name = `${name.replace(/ \(\d+\)$/, '')} (${i})`;
      names.add(name);
      const siteName = pick(rng, SITES);
      firms.push({
        business: {
          id: '',
          name,
          sector: sector.id,
          size,
          site: `${siteName}, unit ${1 + randomInt(rng, 60)}`,
          lat: Math.round((53.392 + 0.012 * gaussian(rng)) * 1e5) / 1e5,
          lon: Math.round((-1.383 + 0.018 * gaussian(rng)) * 1e5) / 1e5,
          founded,
        },
        sector,
        community,
        joined: Math.max(FIRST_YEAR, founded),
        activity: Math.pow(size, 0.35) * (sector.hub ? 4 : 1) * (sector.broker ? 1.5 : 1),
        newcomer,
        partners: [],
        partnerSet: new Set(),
      });
    }
  });
  // Interleave sectors in id order so ids say nothing about the sector.
  for (let i = firms.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [firms[i], firms[j]] = [firms[j] as Firm, firms[i] as Firm];
  }
  firms.forEach((f, i) => (f.business.id = `b${pad(i + 1, width)}`));

  // Capabilities: from the sector profile, levels growing with size.
  const capabilities: CapabilityRecord[] = [];
  const held = firms.map(() => new Set<string>());
  firms.forEach((f, i) => {
    const pool = [...f.sector.holds];
    const k = Math.min(pool.length, (f.sector.hub ? 4 : 2) + randomInt(rng, 4));
    const chosen = new Set<string>();
    while (chosen.size < k) chosen.add(pick(rng, pool));
    if (rng() < 0.15) chosen.add(pick(rng, pick(rng, SECTORS).holds));
    const base = 1 + Math.log10(f.business.size ?? 1);
    for (const capability of chosen) {
      const level = Math.max(1, Math.min(5, Math.round(base + gaussian(rng) * 0.8)));
      held[i]?.add(capability);
      capabilities.push({
        businessId: f.business.id,
        capability,
        level,
        category: CATEGORY_OF.get(capability) ?? 'Other',
        ...(rng() < 0.04 && { confidential: true }),
      });
    }
  });

  // Needs: what the sector uses and the firm lacks; a few nobody on the park can meet.
  const needs: NeedRecord[] = [];
  firms.forEach((f, i) => {
    const wanted = f.sector.needs.filter((c) => !held[i]?.has(c));
    const k = Math.min(wanted.length, 1 + randomInt(rng, 3));
    const chosen = new Set<string>();
    while (chosen.size < k) chosen.add(pick(rng, wanted));
    for (const capability of chosen) {
      needs.push({
        businessId: f.business.id,
        capability,
        priority: Math.max(1, Math.min(5, Math.round(3 + gaussian(rng)))),
        ...(rng() < 0.03 && { confidential: true }),
      });
    }
  });
  const gaps = Object.keys(GAP_CAPABILITIES);
  const gapNeeds = Math.max(gaps.length + 2, Math.round(n / 25));
  const gapSeekers = new Set<string>();
  for (let g = 0; g < gapNeeds; g++) {
    const f = firms[randomInt(rng, firms.length)] as Firm;
    const capability = gaps[g % gaps.length] as string;
    if (gapSeekers.has(`${f.business.id}|${capability}`)) continue;
    gapSeekers.add(`${f.business.id}|${capability}`);
    needs.push({ businessId: f.business.id, capability, priority: 3 + randomInt(rng, 3) });
  }

  // Collaborations.
  const members: number[][] = Array.from({ length: communities }, () => []);
  const communityTokens: number[][] = Array.from({ length: communities }, () => []);
  const globalTokens: number[] = [];
  firms.forEach((f, i) => {
    if (f.newcomer) return;
    members[f.community]?.push(i);
    const tokens = Math.max(1, Math.round(f.activity));
    for (let t = 0; t < tokens; t++) {
      communityTokens[f.community]?.push(i);
      if (f.sector.broker || f.sector.hub) globalTokens.push(i);
    }
    if (!f.sector.broker && !f.sector.hub) globalTokens.push(i);
  });
  const sourceTokens = globalTokens.concat(...communityTokens);
  const yearWeights: number[] = [];
  for (let y = FIRST_YEAR; y <= asOfYear; y++) yearWeights.push(1 + 0.18 * (y - FIRST_YEAR));
  const yearTotal = yearWeights.reduce((a, b) => a + b, 0);
  const pickYear = (): number => {
    let r = rng() * yearTotal;
    for (let k = 0; k < yearWeights.length; k++) {
      r -= yearWeights[k] as number;
      if (r <= 0) return FIRST_YEAR + k;
    }
    return asOfYear;
  };
  const collaborations: CollaborationRecord[] = [];
  const projectNames = new Set<string>();
  const projectName = (year: number): string => {
    let name = `${pick(rng, PROJECT_SYLLABLES)}${pick(rng, PROJECT_SYLLABLES)}`;
    for (let i = 2; projectNames.has(`${name}-${year}`); i++) name = `${name.replace(/\d+$/, '')}${i}`;
    projectNames.add(`${name}-${year}`);
    return `${name}-${year}`;
  };
  const dateIn = (year: number): { year: number; month: number; day: number } => {
    const lastMonth = year === asOfYear ? Math.max(1, asOfMonth - 1) : 12;
    return { year, month: 1 + randomInt(rng, lastMonth), day: 1 + randomInt(rng, 28) };
  };
  const link = (a: number, b: number, row: Omit<CollaborationRecord, 'source' | 'target'>) => {
    const fa = firms[a] as Firm;
    const fb = firms[b] as Firm;
    if (!fa.partnerSet.has(b)) {
      fa.partners.push(b);
      fb.partners.push(a);
      fa.partnerSet.add(b);
      fb.partnerSet.add(a);
      communityTokens[fa.community]?.push(a);
      communityTokens[fb.community]?.push(b);
    }
    collaborations.push({ source: fa.business.id, target: fb.business.id, ...row });
  };
  const chooseTarget = (a: number): number | undefined => {
    const fa = firms[a] as Firm;
    const r = rng();
    let b: number | undefined;
    if (r < 0.3 && fa.partners.length > 0) {
      const p = firms[pick(rng, fa.partners)] as Firm;
      if (p.partners.length > 0) b = pick(rng, p.partners);
    } else if (r < 0.82) {
      const tokens = communityTokens[fa.community] ?? [];
      if (tokens.length > 0) b = pick(rng, tokens);
    } else {
      b = pick(rng, globalTokens);
    }
    if (b === undefined || b === a) return undefined;
    const fb = firms[b] as Firm;
    // Competitors do team up, but less often than complementary firms.
    if (fb.sector === fa.sector && !fa.sector.hub && rng() < 0.5) return undefined;
    return b;
  };

  /** One collaboration (a joint project may bring in more firms); false when the dates don't fit. */
  const makeTie = (a: number, b: number): boolean => {
    const fa = firms[a] as Firm;
    const fb = firms[b] as Firm;
    const year = Math.max(pickYear(), fa.joined, fb.joined);
    if (year > asOfYear) return false;
    const start = dateIn(year);
    const roll = rng();
    const kind =
      fa.sector.hub || fb.sector.hub
        ? roll < 0.65
          ? 'joint-project'
          : roll < 0.9
            ? 'supply'
            : 'alliance'
        : roll < 0.45
          ? 'joint-project'
          : roll < 0.82
            ? 'supply'
            : 'alliance';
    const years =
      kind === 'joint-project'
        ? 1 + randomInt(rng, 4)
        : kind === 'supply'
          ? rng() < 0.5
            ? 0
            : 1 + randomInt(rng, 6)
          : rng() < 0.7
            ? 0
            : 2 + randomInt(rng, 5);
    const end = years > 0 ? isoDate(start.year + years, start.month, start.day) : undefined;
    const weight =
      kind === 'joint-project' ? 1 + randomInt(rng, 3) : kind === 'supply' ? 1 + randomInt(rng, 2) : 1;
    const base = {
      weight,
      start: isoDate(start.year, start.month, start.day),
      ...(end !== undefined && { end }),
      kind,
    };
    if (kind === 'joint-project') {
      const project = projectName(start.year);
      const team = [a, b];
      if (rng() < 0.35) {
        const extra = 1 + randomInt(rng, 3);
        for (let k = 0; k < extra * 3 && team.length < 2 + extra; k++) {
          const c = chooseTarget(a);
          if (c !== undefined && !team.includes(c) && (firms[c] as Firm).joined <= start.year) team.push(c);
        }
      }
      for (let x = 0; x < team.length; x++) {
        for (let y = x + 1; y < team.length; y++)
          link(team[x] as number, team[y] as number, { ...base, project });
      }
    } else {
      link(a, b, base);
    }
    // Some partnerships are renewed.
    if (rng() < 0.12 && end !== undefined && start.year + years < asOfYear) {
      const again = dateIn(start.year + years + randomInt(rng, Math.max(1, asOfYear - start.year - years)));
      if (again.year <= asOfYear)
        link(a, b, { weight: 1, start: isoDate(again.year, again.month, again.day), kind });
    }
    return true;
  };

  // Every established firm has at least one partner; newcomers have none yet.
  const established = firms.map((_, i) => i).filter((i) => !(firms[i] as Firm).newcomer);
  for (const a of established) {
    for (let tries = 0; tries < 10 && (firms[a] as Firm).partners.length === 0; tries++) {
      const b = chooseTarget(a);
      if (b !== undefined && !(firms[b] as Firm).newcomer) makeTie(a, b);
    }
  }
  let attempts = 0;
  while (collaborations.length < targetRows && attempts < targetRows * 20) {
    attempts++;
    // Half the ties start from any firm, half from the active ones, so small firms take part too.
    const a = rng() < 0.5 ? pick(rng, established) : pick(rng, sourceTokens);
    const b = chooseTarget(a);
    if (b !== undefined) makeTie(a, b);
  }

  // The description is public text: it names only capabilities held in the open, never one
  // held in confidence (a reader sees the description, not the confidential rows).
  const capsOf = new Map<string, string[]>();
  for (const c of capabilities) {
    if (c.confidential) continue;
    const list = capsOf.get(c.businessId);
    if (list) list.push(c.capability);
    else capsOf.set(c.businessId, [c.capability]);
  }
  const businesses = firms.map((f) => {
    const caps = capsOf.get(f.business.id) ?? [];
    const description = `${f.sector.label}${caps.length ? `: ${caps.slice(0, 2).join(', ')}` : ''}.`;
    return { ...f.business, description };
  });
  return { businesses, capabilities, needs, collaborations };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      businesses: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run data:generate -- [--businesses N] [--seed S] [--out DIR] [--as-of YYYY-MM-DD]',
    );
    return;
  }
  const businesses =
    values.businesses === undefined
      ? GENERATE_DEFAULTS.businesses
      : Number(values.businesses.replace(/k$/i, '000'));
  const seed = values.seed === undefined ? GENERATE_DEFAULTS.seed : Number(values.seed);
  if (!Number.isInteger(businesses) || businesses < 10)
    throw new Error(`--businesses must be a whole number of at least 10 (got ${values.businesses})`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number (got ${values.seed})`);
  const out = resolve(values.out ?? resolve(import.meta.dirname));
  const started = performance.now();
  const records = generateNetwork({
    businesses,
    seed,
    ...(values['as-of'] !== undefined && { asOf: values['as-of'] }),
  });
  writeBundle(out, records);
  console.log(
    `Wrote ${records.businesses.length} businesses, ${records.capabilities.length} capabilities, ${records.needs.length} needs, ` +
      `${records.collaborations.length} collaborations to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`data:generate: ${(error as Error).message}`);
    process.exit(1);
  });
}
