/**
 * Node labels with a white halo, so names stay readable over ties and on a projector, and
 * without overlaps: sigma's label grid picks candidates per cell, but long names in
 * neighbouring cells can still collide. Labels are queued while sigma renders and drawn at
 * `afterRender`: the hovered, selected or highlighted businesses first (on a white box, as
 * sigma's hover label), then the forced ones (partners of the hovered business, an ego view),
 * then by node size, each put where its box meets no name already drawn and no highlighted
 * disc (sigma draws those over this layer), or skipped.
 *
 * This is the only place that writes a name: sigma's hover layer (`drawHover` here) draws the
 * disc's halo but no text, because it would draw the name a second time, right of the disc,
 * where this drawer had put it on the left. A label goes right of its disc, or left of it
 * where it would run past the right edge (or the left side is free and the right is taken);
 * a name that fits neither side is shortened with "…" to the wider side (the panel has the
 * full name). Controls that float over the map (zoom buttons, the map's key, the banner) are
 * obstacles like a drawn name: a label that would run under one is flipped to the disc's
 * other side or shortened to end before it, or skipped, so no name is hidden under a button.
 */
import type Sigma from 'sigma';
import type { NodeHoverDrawingFunction, NodeLabelDrawingFunction } from 'sigma/rendering';

/** A label's box in viewport pixels. */
export interface LabelBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where a label is drawn: its text (maybe shortened), left end and baseline, box and side. */
export interface LabelPlacement {
  text: string;
  x: number;
  y: number;
  side: 'right' | 'left';
  box: LabelBox;
}

/** The disc a label belongs to, in viewport pixels. */
export interface LabelAnchor {
  x: number;
  y: number;
  /** Disc radius in pixels. */
  size: number;
}

export const LABEL_DEFAULTS = {
  /** Pixels between a disc and its label. */
  gap: 4,
  /** Pixels kept free at the map's left and right edges. */
  margin: 2,
  /** Fewest characters of a shortened name, before the "…". */
  minChars: 4,
};

interface Pending {
  context: CanvasRenderingContext2D;
  key: string;
  label: string;
  anchor: LabelAnchor;
  /** Hovered, selected or highlighted: placed first, on a white box. */
  must: boolean;
  forced: boolean;
  zIndex: number;
  font: string;
  color: string;
  size: number;
}

/** What one flush drew (for tests and the SVG export): node, text and placement. */
export interface DrawnLabel extends LabelPlacement {
  node: string;
}

export interface LabelDrawer {
  /** Sigma's `defaultDrawNodeLabel`: queues the label. */
  draw: NodeLabelDrawingFunction;
  /** Sigma's `defaultDrawNodeHover`: the hovered or highlighted disc's halo, no text. */
  drawHover: NodeHoverDrawingFunction;
  /** Hook the queue to `renderer`'s render cycle and render once (labels need a flush). */
  attach(renderer: Sigma<never, never>): void;
  /** The labels the last render drew. */
  drawn(): readonly DrawnLabel[];
}

/** Longest label drawn, in characters. */
export const MAX_LABEL_CHARS = 34;

/**
 * A short note in brackets at the end of a label, as the what-if's "(leaves)": kept whole when
 * the name before it is shortened, since "Calow Aviation Systems plc (leave…" says nothing.
 */
const NOTE = / \([^()]{1,12}\)$/;

/** `label` split into the name and its closing note ("" without one). */
function splitNote(label: string): { name: string; note: string } {
  const match = NOTE.exec(label);
  if (!match || match.index < 4) return { name: label, note: '' };
  return { name: label.slice(0, match.index), note: match[0] };
}

/** `label` cut to `max` characters with an ellipsis (a closing note in brackets kept whole). */
export function shortenLabel(label: string, max = MAX_LABEL_CHARS): string {
  if (label.length <= max) return label;
  const { name, note } = splitNote(label);
  return `${name.slice(0, Math.max(1, max - 1 - note.length)).trimEnd()}…${note}`;
}

/**
 * The longest start of `label` that, with "…" (and its closing note in brackets, kept whole),
 * is at most `room` pixels wide (`label` itself if it fits), or null if not even `minChars`
 * characters fit.
 */
export function fitLabel(
  label: string,
  room: number,
  measure: (text: string) => number,
  minChars = LABEL_DEFAULTS.minChars,
): string | null {
  if (measure(label) <= room) return label;
  const { name, note } = splitNote(label);
  const cut = (n: number) => `${name.slice(0, n).trimEnd()}…${note}`;
  let lo = Math.min(minChars, name.length - 1);
  if (lo < 1 || measure(cut(lo)) > room) return null;
  let hi = name.length - 1;
  // Largest n with cut(n) fitting: cut(lo) fits, cut(hi + 1) is the label, which does not.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(cut(mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

const overlaps = (a: LabelBox, b: LabelBox) => a.x1 < b.x2 && a.x2 > b.x1 && a.y1 < b.y2 && a.y2 > b.y1;

/**
 * Where the label of the disc `anchor` goes in a map `viewWidth` pixels wide, its box meeting
 * none of `taken`: right of the disc, else left, whole where it fits, else shortened with "…"
 * to the room on that side (or before the first taken box on its row). Null when no place
 * holds at least `minChars` characters.
 */
export function placeLabel(
  label: string,
  anchor: LabelAnchor,
  viewWidth: number,
  labelSize: number,
  measure: (text: string) => number,
  taken: readonly LabelBox[] = [],
  options: Partial<typeof LABEL_DEFAULTS> = {},
): LabelPlacement | null {
  const o = { ...LABEL_DEFAULTS, ...options };
  const y = anchor.y + labelSize / 3;
  const y1 = y - labelSize;
  const y2 = y + 4;
  // Right: text starts at `start`; left: text ends at `end`. Room as far as the map's edge.
  const start = anchor.x + anchor.size + o.gap;
  const end = anchor.x - anchor.size - o.gap;
  const sides = [
    { side: 'right' as const, room: start >= o.margin ? viewWidth - o.margin - start : -1 },
    { side: 'left' as const, room: end <= viewWidth - o.margin ? end - o.margin : -1 },
  ];
  const at = (side: 'right' | 'left', text: string): LabelPlacement => {
    const width = measure(text);
    const x = side === 'right' ? start : end - width;
    return { text, x, y, side, box: { x1: x - 2, y1, x2: x + width + 2, y2 } };
  };
  const free = (p: LabelPlacement) => !taken.some((b) => overlaps(p.box, b));
  const candidates: LabelPlacement[] = [];
  // Whole names first (right, then left), then shortened ones, the wider side first.
  for (const s of sides) if (s.room > 0 && measure(label) <= s.room) candidates.push(at(s.side, label));
  for (const s of [...sides].sort((a, b) => b.room - a.room)) {
    const text = s.room > 0 ? fitLabel(label, s.room, measure, o.minChars) : null;
    if (text !== null && text !== label) candidates.push(at(s.side, text));
  }
  for (const p of candidates) if (free(p)) return p;
  // Every place meets a label already drawn: shorten to end before the nearest one on the row.
  for (const s of sides) {
    if (s.room <= 0) continue;
    const row = taken.filter((b) => b.y1 < y2 && b.y2 > y1);
    const room =
      s.side === 'right'
        ? Math.min(s.room, ...row.filter((b) => b.x2 > start).map((b) => b.x1 - 2 - start))
        : Math.min(s.room, ...row.filter((b) => b.x1 < end).map((b) => end - b.x2 - 2));
    const text = room > 0 ? fitLabel(label, room, measure, o.minChars) : null;
    if (text === null) continue;
    const p = at(s.side, text);
    if (free(p)) return p;
  }
  return null;
}

export interface LabelDrawerOptions {
  /**
   * Boxes, in the map's viewport pixels, that no label may meet: the controls floating over
   * the map, measured at each render (they move when a sheet opens or the window resizes).
   */
  obstacles?: () => readonly LabelBox[];
}

export function createLabelDrawer(options: LabelDrawerOptions = {}): LabelDrawer {
  let queue: Pending[] = [];
  let last: DrawnLabel[] = [];
  let renderer: Sigma<never, never> | null = null;
  const flush = () => {
    const drawn: DrawnLabel[] = [];
    // Floating controls are drawn over the map: a name under one could not be read.
    const blocked = (options.obstacles?.() ?? []).map((box) => ({ box }));
    // Highlighted discs are drawn over this layer (sigma's hover layer): no name goes under one.
    const discs = queue
      .filter((p) => p.must)
      .map((p) => ({
        node: p.key,
        box: {
          x1: p.anchor.x - p.anchor.size,
          y1: p.anchor.y - p.anchor.size,
          x2: p.anchor.x + p.anchor.size,
          y2: p.anchor.y + p.anchor.size,
        },
      }));
    queue.sort(
      (a, b) =>
        Number(b.must) - Number(a.must) ||
        Number(b.forced) - Number(a.forced) ||
        b.zIndex - a.zIndex ||
        b.anchor.size - a.anchor.size,
    );
    for (const p of queue) {
      const { context } = p;
      const canvas = context.canvas;
      const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
      const viewWidth = renderer?.getDimensions().width || canvas.offsetWidth || canvas.width / ratio;
      context.font = p.font;
      const place = (taken: readonly { box: LabelBox }[]) =>
        placeLabel(
          shortenLabel(p.label),
          p.anchor,
          viewWidth,
          p.size,
          (text) => context.measureText(text).width,
          taken.map((d) => d.box),
        );
      // A highlighted business is named even if only partly clear of the other highlighted discs.
      const placed =
        place([...blocked, ...discs.filter((d) => d.node !== p.key), ...drawn]) ??
        (p.must ? place([...blocked, ...drawn]) : null);
      if (!placed) continue;
      drawn.push({ ...placed, node: p.key });
      const { text, x, y, box } = placed;
      if (p.must) {
        // The white box sigma draws behind a hovered name, here on the label layer.
        context.fillStyle = '#fff';
        context.shadowColor = 'rgba(0, 0, 0, 0.45)';
        context.shadowBlur = 6;
        context.fillRect(box.x1, box.y1, box.x2 - box.x1, box.y2 - box.y1);
        context.shadowBlur = 0;
        context.shadowColor = 'transparent';
      }
      context.lineJoin = 'round';
      context.lineWidth = 4;
      context.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      context.strokeText(text, x, y);
      context.fillStyle = p.color;
      context.fillText(text, x, y);
    }
    last = drawn;
    queue = [];
  };
  return {
    draw(context, data, settings) {
      if (!data.label) return;
      queue.push({
        context,
        key: (data as { key?: string }).key ?? data.label,
        label: data.label,
        anchor: { x: data.x, y: data.y, size: data.size },
        must: data.highlighted === true,
        forced: data.forceLabel === true,
        zIndex: data.zIndex ?? 0,
        font: `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`,
        color: settings.labelColor.color ?? '#1b2533',
        size: settings.labelSize,
      });
    },
    drawHover(context, data) {
      // A white halo under the disc sigma draws on top; the name is the label layer's.
      context.fillStyle = '#fff';
      context.shadowColor = 'rgba(0, 0, 0, 0.45)';
      context.shadowBlur = 6;
      context.beginPath();
      context.arc(data.x, data.y, data.size + 2, 0, Math.PI * 2);
      context.closePath();
      context.fill();
      context.shadowBlur = 0;
      context.shadowColor = 'transparent';
    },
    attach(r) {
      renderer = r;
      r.on('beforeRender', () => {
        queue = [];
      });
      r.on('afterRender', flush);
      r.refresh();
    },
    drawn: () => last,
  };
}
