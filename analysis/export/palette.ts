/**
 * Categorical colours for communities and sectors in exports (GEXF viz:color, GraphML
 * `color`), so a file opened in Gephi looks like the map. Colour-blind-friendly base set
 * (Okabe & Ito 2008, "Color Universal Design") extended with Tableau 10 hues.
 */

export const CATEGORY_COLORS: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#4e79a7',
  '#f28e2b',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];

/** Grey for "none" (no community, no sector) and for categories past the palette. */
export const OTHER_COLOR = '#9aa3ad';

/** The colour of category `index` (0-based); past the palette, grey. */
export function categoryColor(index: number | undefined): string {
  if (index === undefined || index < 0) return OTHER_COLOR;
  return CATEGORY_COLORS[index] ?? OTHER_COLOR;
}
