import { describe, expect, it } from 'vitest';
import * as exportPalette from '../../../analysis/export/palette.ts';
import * as mapPalette from '../../../viz/src/map/palette.ts';

// viz/ may import analysis/ types only, so the map keeps its own copy of the palette; this
// keeps the two equal, so a GEXF opened in Gephi is coloured like the map.
describe('map palette', () => {
  it('is the palette of the exports, in the same order', () => {
    expect(mapPalette.CATEGORY_COLORS).toEqual(exportPalette.CATEGORY_COLORS);
    expect(mapPalette.OTHER_COLOR).toBe(exportPalette.OTHER_COLOR);
  });
});
