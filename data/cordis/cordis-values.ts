/**
 * Parsers for the cell values of CORDIS exports: money with a decimal comma or point,
 * `geolocation` "lat,lon", project dates (ISO or DD/MM/YYYY) and activity types.
 * Each returns `undefined` for an empty cell and `null` for a cell it cannot read, so the
 * converter can tell "not given" from "given but wrong" and report the latter.
 */

/** CORDIS activity types → Partner Atlas sectors (docs/cordis.md). */
export const ACTIVITY_TYPES: Readonly<Record<string, string>> = {
  PRC: 'company',
  HES: 'higher education',
  REC: 'research organisation',
  PUB: 'public body',
  OTH: 'other',
};

/**
 * The activity type code of a cell: upper-cased, first of a `;`-list ("PRC;PRC" → "PRC").
 * Empty → undefined; a code outside PRC/HES/REC/PUB/OTH → null.
 */
export function parseActivityType(text: string | undefined): string | null | undefined {
  const code = (text ?? '').split(';')[0]?.trim().toUpperCase() ?? '';
  if (!code) return undefined;
  return ACTIVITY_TYPES[code] ? code : null;
}

/**
 * A money amount in EUR. CORDIS writes "211562,5" in its CSV files and 211562.5 in JSON; it
 * never uses thousands separators, so a single comma is a decimal comma. "1.234.567,89"
 * (thousands points and a decimal comma) is read too.
 */
export function parseMoney(text: string | undefined): number | null | undefined {
  const t = (text ?? '').replace(/[\s\u00a0]/g, '');
  if (!t) return undefined;
  let normal: string;
  if (/^-?\d+(,\d+)?$/.test(t)) normal = t.replace(',', '.');
  else if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(t)) normal = t;
  else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) normal = t.replace(/\./g, '').replace(',', '.');
  else return null;
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

/** `geolocation` "lat,lon" (decimal degrees). Empty → undefined; out of range or unreadable → null. */
export function parseGeolocation(text: string | undefined): { lat: number; lon: number } | null | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  const parts = t.split(',');
  if (parts.length !== 2) return null;
  const [lat, lon] = parts.map((s) => (s.trim() === '' ? NaN : Number(s.trim()))) as [number, number];
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return null;
  return { lat, lon };
}

/**
 * A project date as `YYYY-MM-DD`: from "2015-06-01", "2015-06-01 00:00:00" or "01/06/2015"
 * (older CORDIS CSV exports). Empty → undefined; anything else → null.
 */
export function parseProjectDate(text: string | undefined): string | null | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(t);
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y || !m || !d) return null;
  if (Number(m) < 1 || Number(m) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return `${y}-${m}-${d}`;
}
