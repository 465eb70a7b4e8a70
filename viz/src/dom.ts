/**
 * Tiny DOM helpers. Data (business names, capabilities, reasons) only ever goes in as
 * textContent, never as HTML, so a name like `<img onerror=…>` stays text.
 */

type Child = Node | string | null | undefined | false;

export interface ElOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (e: Event) => void>>;
}

/** Create an element with text, attributes, listeners and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const [type, fn] of Object.entries(options.on ?? {})) node.addEventListener(type, fn as EventListener);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** The element with `id`, or an error naming it (the page is broken without it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`Partner Atlas page: element #${id} is missing`);
  return node as T;
}

/** Replace all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}

/** Number formatting for metrics: integers as is, small values with 3 significant digits. */
export function formatMetric(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return v.toLocaleString('en');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return v.toPrecision(3);
}

/** "1st", "2nd", "3rd", "11th"… */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const mod10 = n % 10;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  if (mod10 === 1) return `${n}st`;
  if (mod10 === 2) return `${n}nd`;
  if (mod10 === 3) return `${n}rd`;
  return `${n}th`;
}

/** Start a browser download of `content` as `fileName`. */
export function download(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content);
  const a = el('a', { attrs: { href: url, download: fileName } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Save CSV text or bytes for a spreadsheet: with a UTF-8 byte-order mark first, which is what
 * makes Excel read a double-clicked file as UTF-8 (without it, "Münchner Straße" shows as
 * "MÃ¼nchner StraÃŸe"). The API's own CSV stays without one, for scripts.
 */
export function downloadCsv(content: Blob | string, fileName: string): void {
  download(new Blob(['\ufeff', content], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** Human names for metric keys. */
export const METRIC_LABELS: Record<string, string> = {
  degree: 'Partners (degree)',
  weightedDegree: 'Collaboration strength',
  weighted_degree: 'Collaboration strength',
  effective_size: 'Effective size',
  reach_2: 'Reach in 2 steps',
  core: 'Core number',
  community: 'Community',
  pagerank: 'PageRank',
  betweenness: 'Betweenness (broker role)',
  closeness: 'Closeness',
  eigenvector: 'Eigenvector',
  harmonic: 'Harmonic closeness',
  clustering: 'Clustering',
  constraint: 'Burt constraint',
  effectiveSize: 'Effective size',
  coreNumber: 'Core number',
};

export function metricLabel(key: string): string {
  return METRIC_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}
