/**
 * Node labels with a white halo, so names stay readable over ties and on a projector, and
 * without overlaps: sigma's label grid picks candidates per cell, but long names in
 * neighbouring cells can still collide. Labels are queued while sigma renders and drawn at
 * `afterRender`: the selected or highlighted businesses always, then the forced ones (partners
 * of the hovered business, an ego view), then by node size, each skipped if its box meets one
 * already drawn. A label is put right of its disc, or left of it where it would run past the
 * right edge; long names are shortened with "…" (the panel has the full name).
 */
import type Sigma from 'sigma';
import type { NodeLabelDrawingFunction } from 'sigma/rendering';

interface Pending {
  context: CanvasRenderingContext2D;
  label: string;
  x: number;
  y: number;
  nodeSize: number;
  /** Selected or highlighted: drawn whatever it covers. */
  must: boolean;
  forced: boolean;
  font: string;
  color: string;
  size: number;
}

export interface LabelDrawer {
  /** Sigma's `defaultDrawNodeLabel`: queues the label. */
  draw: NodeLabelDrawingFunction;
  /** Hook the queue to `renderer`'s render cycle and render once (labels need a flush). */
  attach(renderer: Sigma<never, never>): void;
}

/** Longest label drawn, in characters. */
export const MAX_LABEL_CHARS = 34;

/** `label` cut to `max` characters with an ellipsis. */
export function shortenLabel(label: string, max = MAX_LABEL_CHARS): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

export function createLabelDrawer(): LabelDrawer {
  let queue: Pending[] = [];
  const flush = () => {
    const drawn: { x1: number; y1: number; x2: number; y2: number }[] = [];
    queue.sort(
      (a, b) =>
        Number(b.must) - Number(a.must) || Number(b.forced) - Number(a.forced) || b.nodeSize - a.nodeSize,
    );
    for (const p of queue) {
      const { context } = p;
      const canvas = context.canvas;
      const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
      const viewWidth = canvas.offsetWidth || canvas.width / ratio;
      context.font = p.font;
      const label = shortenLabel(p.label);
      const width = context.measureText(label).width;
      let x = p.x + p.nodeSize + 4;
      // Past the right edge (or under a panel there): put it on the left of the disc.
      if (x + width > viewWidth - 4) x = p.x - p.nodeSize - 4 - width;
      if (!p.must && (x < 2 || x + width > viewWidth - 2)) continue;
      const y = p.y + p.size / 3;
      const box = { x1: x - 2, y1: y - p.size, x2: x + width + 2, y2: y + 4 };
      if (!p.must && drawn.some((b) => box.x1 < b.x2 && box.x2 > b.x1 && box.y1 < b.y2 && box.y2 > b.y1))
        continue;
      drawn.push(box);
      context.lineJoin = 'round';
      context.lineWidth = 4;
      context.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      context.strokeText(label, x, y);
      context.fillStyle = p.color;
      context.fillText(label, x, y);
    }
    queue = [];
  };
  return {
    draw(context, data, settings) {
      if (!data.label) return;
      queue.push({
        context,
        label: data.label,
        x: data.x,
        y: data.y,
        nodeSize: data.size,
        must: data.highlighted === true,
        forced: data.forceLabel === true,
        font: `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`,
        color: settings.labelColor.color ?? '#1b2533',
        size: settings.labelSize,
      });
    },
    attach(renderer) {
      renderer.on('beforeRender', () => {
        queue = [];
      });
      renderer.on('afterRender', flush);
      renderer.refresh();
    },
  };
}
