/**
 * A deterministic park network for the browser tests and benchmark when the sample bundle
 * (data/sample) is not there: businesses in sectors, capabilities, needs and dated
 * collaborations, mostly within clusters, some across. Seeded, so screenshots are stable.
 */
import type { CollaborationRecord, NetworkRecords } from '../../analysis/domain.ts';
import { createRng, pick, randomInt } from '../../analysis/rng.ts';

const SECTORS = [
  'machining',
  'composites',
  'electronics',
  'software',
  'logistics',
  'metrology',
  'chemicals',
  'robotics',
];
const WORDS = [
  'Alpine',
  'Nord',
  'Vega',
  'Orion',
  'Delta',
  'Kestrel',
  'Lumen',
  'Atlas',
  'Helix',
  'Quantum',
  'Falcon',
  'Cedar',
  'Granite',
  'Harbor',
  'Iris',
  'Juno',
  'Krypton',
  'Lynx',
  'Maple',
  'Nimbus',
  'Opal',
  'Pioneer',
  'Rhein',
  'Summit',
  'Titan',
  'Unity',
  'Vertex',
  'Willow',
  'Zenith',
  'Aurora',
];
const SUFFIX: Record<string, string[]> = {
  machining: ['Precision', 'Machining', 'Toolworks'],
  composites: ['Composites', 'Fibre Tech', 'Laminates'],
  electronics: ['Electronics', 'Circuits', 'Sensors'],
  software: ['Software', 'Analytics', 'Systems'],
  logistics: ['Logistics', 'Freight', 'Supply'],
  metrology: ['Metrology', 'Calibration', 'Testing'],
  chemicals: ['Chemicals', 'Coatings', 'Polymers'],
  robotics: ['Robotics', 'Automation', 'Motion'],
};
const CAPS: Record<string, string[]> = {
  machining: ['5-axis milling', 'turning', 'EDM'],
  composites: ['carbon layup', 'autoclave curing', 'resin infusion'],
  electronics: ['PCB assembly', 'sensor design', 'EMC testing'],
  software: ['machine learning', 'embedded software', 'data platforms'],
  logistics: ['cold chain', 'warehousing', 'customs brokerage'],
  metrology: ['CMM inspection', 'ISO 17025 calibration', 'CT scanning'],
  chemicals: ['powder coating', 'surface treatment', 'polymer compounding'],
  robotics: ['cobot integration', 'machine vision', 'AGV fleets'],
};
const RARE_NEEDS = ['hydrogen storage', 'additive titanium', 'clean room ISO 5'];

/** A network of `n` businesses with about `n * edgesPerBusiness` collaborations. */
export function fixtureNetwork(n = 150, edgesPerBusiness = 2.5, seed = 7): NetworkRecords {
  const rng = createRng(seed);
  const used = new Set<string>();
  const businesses = Array.from({ length: n }, (_, i) => {
    const sector = SECTORS[i % SECTORS.length] as string;
    let name = '';
    for (let attempt = 0; attempt < 6 && (name === '' || used.has(name)); attempt++) {
      name = `${pick(rng, WORDS)} ${pick(rng, SUFFIX[sector] ?? ['Works'])}`;
    }
    if (used.has(name))
      name = `${pick(rng, WORDS)}-${pick(rng, WORDS)} ${pick(rng, SUFFIX[sector] ?? ['Works'])}`;
    if (used.has(name)) name = `${name} ${i + 1}`;
    used.add(name);
    return {
      id: `b${String(i + 1).padStart(3, '0')}`,
      name,
      sector,
      size: 5 + randomInt(rng, 400),
      founded: 1970 + randomInt(rng, 50),
    };
  });
  const capabilities = businesses.flatMap((b, i) =>
    (CAPS[b.sector] ?? [])
      .filter(() => rng() < 0.6)
      .map((capability) => ({ businessId: b.id, capability, level: 1 + (i % 5) })),
  );
  const needs = businesses.flatMap((b) => {
    const other = pick(rng, SECTORS);
    const list =
      rng() < 0.5 ? [{ businessId: b.id, capability: pick(rng, CAPS[other] ?? []), priority: 3 }] : [];
    if (rng() < 0.08) list.push({ businessId: b.id, capability: pick(rng, RARE_NEEDS), priority: 5 });
    return list;
  });
  const collaborations: CollaborationRecord[] = [];
  const seen = new Set<string>();
  const target = Math.round(n * edgesPerBusiness);
  for (let k = 0; collaborations.length < target && k < target * 20; k++) {
    const a = randomInt(rng, n);
    // Mostly within the same sector cluster, a preference for early (hub) firms.
    const sameSector = rng() < 0.75;
    let b = sameSector
      ? (a % SECTORS.length) + SECTORS.length * randomInt(rng, Math.floor(n / SECTORS.length))
      : randomInt(rng, n);
    if (rng() < 0.3) b = randomInt(rng, Math.min(n, 12));
    if (a === b || b >= n) continue;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = 2012 + randomInt(rng, 12);
    const ended = rng() < 0.35;
    collaborations.push({
      source: businesses[a]!.id,
      target: businesses[b]!.id,
      weight: 1 + randomInt(rng, 4),
      start: String(start),
      ...(ended ? { end: String(Math.min(2024, start + 1 + randomInt(rng, 4))) } : {}),
      kind: pick(rng, ['joint-project', 'supply', 'alliance']),
    });
  }
  return { businesses, capabilities, needs, collaborations };
}
