import { describe, expect, it, vi } from 'vitest';
import { fitLabel, placeLabel, shortenLabel } from '../../../viz/src/map/labels.ts';
import { ratioToFit } from '../../../viz/src/map/renderer.ts';

// renderer.ts draws with sigma, which needs WebGL to load; ratioToFit is plain arithmetic.
vi.mock('sigma', () => ({ default: class {} }));
vi.mock('sigma/rendering', () => ({ EdgeLineProgram: class {}, NodePointProgram: class {} }));

/** 7 px a character, as a monospaced 13 px font would measure. */
const measure = (text: string) => text.length * 7;

describe('labels › placement', () => {
  it('gives up only when not even a few characters fit', () => {
    expect(fitLabel('Redmires Nuclear Manufacturing Centre', 20, measure)).toBeNull();
    expect(
      placeLabel('Redmires Nuclear Manufacturing Centre', { x: 10, y: 50, size: 4 }, 40, 13, measure),
    ).toBeNull();
  });

  it('puts a name right of its disc, or left of it near the right edge', () => {
    const right = placeLabel('Calow AM Ltd', { x: 100, y: 50, size: 5 }, 400, 13, measure);
    expect(right).toMatchObject({ side: 'right', text: 'Calow AM Ltd', x: 109 });
    const left = placeLabel('Calow AM Ltd', { x: 380, y: 50, size: 5 }, 400, 13, measure);
    expect(left).toMatchObject({ side: 'left', text: 'Calow AM Ltd' });
    expect(left!.x + measure('Calow AM Ltd')).toBe(371);
  });

  it('shortens a name that fits neither side to the wider side, with "…"', () => {
    const label = 'Redmires Nuclear Manufacturing Centre';
    const p = placeLabel(label, { x: 250, y: 50, size: 10 }, 390, 13, measure);
    expect(p?.side).toBe('left');
    expect(p?.text.endsWith('…')).toBe(true);
    expect(label.startsWith(p!.text.slice(0, -1))).toBe(true);
    expect(p!.x).toBeGreaterThanOrEqual(2);
    expect(fitLabel(label, 100, measure)).toBe('Redmires Nucl…');
  });

  it('moves a name to the free side, or shortens it, rather than overlap one already drawn', () => {
    const anchor = { x: 200, y: 50, size: 5 };
    const taken = [placeLabel('Bradfield Institute', { x: 195, y: 45, size: 8 }, 400, 13, measure)!.box];
    const p = placeLabel('Broomhill Partners LLP', anchor, 400, 13, measure, taken);
    expect(p?.side).toBe('left');
    const both = [
      ...taken,
      placeLabel('Handsworth Digital', { x: 160, y: 52, size: 5 }, 400, 13, measure, taken)!.box,
    ];
    const q = placeLabel('Broomhill Partners LLP', anchor, 400, 13, measure, both);
    // Both sides taken: shortened to the gap before the name on its left.
    expect(q).toMatchObject({ side: 'left', text: 'Broo…' });
    for (const b of both) expect(q!.box.x1 >= b.x2 || q!.box.x2 <= b.x1).toBe(true);
  });

  it('flips or shortens a name that would run under a floating control (the zoom buttons)', () => {
    // A 390 px phone map, the zoom buttons 44 px wide at its right edge, rows 480–620.
    const zoom = { x1: 330, y1: 478, x2: 378, y2: 622 };
    const label = 'Holbrook Engineering Consulting';
    const flipped = placeLabel(label, { x: 250, y: 500, size: 6 }, 390, 13, measure, [zoom]);
    expect(flipped).toMatchObject({ side: 'left', text: label });
    const short = placeLabel(label, { x: 150, y: 500, size: 6 }, 390, 13, measure, [
      zoom,
      { x1: 0, y1: 490, x2: 140, y2: 510 },
    ]);
    expect(short?.side).toBe('right');
    expect(short?.text.endsWith('…')).toBe(true);
    expect(short!.box.x2).toBeLessThanOrEqual(zoom.x1);
  });

  it('keeps the 34-character cap', () => {
    expect(shortenLabel('x'.repeat(40))).toHaveLength(34);
  });

  it('shortens the name of a firm that leaves, not its "(leaves)"', () => {
    const label = 'Calow Aviation Systems plc (leaves)';
    expect(shortenLabel(label)).toBe('Calow Aviation Systems p… (leaves)');
    // 7 px a character: 17 characters in 120 px.
    expect(fitLabel(label, 120, measure)).toBe('Calow A… (leaves)');
    expect(fitLabel(label, 90, measure)).toBeNull();
    // A name without a note is cut as before.
    expect(fitLabel('Calow Aviation Systems plc', 70, measure)).toBe('Calow Avi…');
  });
});

describe('framing › ratioToFit', () => {
  const limits = { min: 0.02, max: 4 };
  it('fits a box into a short strip without pinning the camera at its limit', () => {
    // The phone ego view: 0.2 × 0.15 framed units, 310 px a unit, a 390 × 205 strip.
    const r = ratioToFit({ x: 0.2, y: 0.15 }, { width: 390, height: 205 }, { x: 310, y: 310 }, 10, limits);
    expect(r).toBeLessThan(limits.max);
    const h = (0.15 * 310) / r;
    expect(h).toBeGreaterThan(205 * 0.6);
    expect(h).toBeLessThanOrEqual(205);
  });

  it('stays within the camera limits', () => {
    expect(ratioToFit({ x: 0, y: 0 }, { width: 390, height: 205 }, { x: 310, y: 310 }, 10, limits)).toBe(
      0.04,
    );
    expect(ratioToFit({ x: 40, y: 40 }, { width: 390, height: 205 }, { x: 310, y: 310 }, 10, limits)).toBe(4);
  });
});
