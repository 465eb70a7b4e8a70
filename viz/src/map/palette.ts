/**
 * Colours of the map: categorical palette for communities and sectors (Okabe & Ito's
 * colour-blind-safe set extended with Tableau 10 hues; the same order as the GEXF export),
 * and the greys and accents of the display state.
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
export const OTHER_COLOR = '#9aa3ad';
export const FADED_NODE = '#e4e8ee';
export const EDGE_COLOR = '#cdd5df';
export const FADED_EDGE = '#eef1f5';
export const NEW_EDGE = '#1a9850';
export const DORMANT_EDGE = '#e9d8c4';
export const HIGHLIGHT_EDGE = '#1f6feb';
export const HOVER_EDGE = '#5b6b7f';

/** Colour of category `index`; past the palette, grey. */
export function categoryColor(index: number | undefined): string {
  if (index === undefined || index < 0) return OTHER_COLOR;
  return CATEGORY_COLORS[index] ?? OTHER_COLOR;
}
/** What-if mode: a firm assumed gone, a business it would cut off, and the ties lost. */
export const REMOVED_NODE = '#1b2533';
export const CUT_OFF_NODE = '#c62828';
export const LOST_EDGE = '#f19a8f';
