/**
 * Colours of the map: categorical palette for communities and sectors (Okabe & Ito's
 * colour-blind-safe set extended with Tableau 10 hues; the same order as the GEXF export),
 * and the greys and accents of the display state.
 */

// One palette: the exports' (GEXF, GraphML), so a file opened in Gephi is coloured like the map.
export { CATEGORY_COLORS, OTHER_COLOR, categoryColor } from '../../../analysis/export/palette.ts';
export const FADED_NODE = '#e4e8ee';
export const EDGE_COLOR = '#cdd5df';
export const FADED_EDGE = '#eef1f5';
export const NEW_EDGE = '#1a9850';
export const DORMANT_EDGE = '#e9d8c4';
export const HIGHLIGHT_EDGE = '#1f6feb';
export const HOVER_EDGE = '#5b6b7f';

/** What-if mode: a firm assumed gone, a business it would cut off, and the ties lost. */
export const REMOVED_NODE = '#1b2533';
export const CUT_OFF_NODE = '#c62828';
export const LOST_EDGE = '#f19a8f';
