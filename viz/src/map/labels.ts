/**
 * Node labels with a white halo, so names stay readable over ties and on a projector, and
 * without overlaps: sigma's label grid picks candidates per cell, but long names in
 * neighbouring cells can still collide. Labels are queued while sigma renders and drawn at
 * `afterRender`, forced ones first, then by node size, skipping any whose box meets one
 * already drawn. Same placement as sigma's drawDiscNodeLabel (right of the disc).
 */
import type Sigma from 'sigma';
import type { NodeLabelDrawingFunction } from 'sigma/rendering';

interface Pending {
  context: CanvasRenderingContext2D;
  label: string;
  x: number;
  y: number;
  nodeSize: number;
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

export function createLabelDrawer(): LabelDrawer {
  let queue: Pending[] = [];
  const flush = () => {
    const drawn: { x1: number; y1: number; x2: number; y2: number }[] = [];
    queue.sort((a, b) => Number(b.forced) - Number(a.forced) || b.nodeSize - a.nodeSize);
    for (const p of queue) {
      const { context } = p;
      context.font = p.font;
      const x = p.x + p.nodeSize + 4;
      const y = p.y + p.size / 3;
      const width = context.measureText(p.label).width;
      const box = { x1: x - 2, y1: y - p.size, x2: x + width + 2, y2: y + 4 };
      if (!p.forced && drawn.some((b) => box.x1 < b.x2 && box.x2 > b.x1 && box.y1 < b.y2 && box.y2 > b.y1))
        continue;
      drawn.push(box);
      context.lineJoin = 'round';
      context.lineWidth = 4;
      context.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      context.strokeText(p.label, x, y);
      context.fillStyle = p.color;
      context.fillText(p.label, x, y);
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
        forced: data.forceLabel === true || data.highlighted === true,
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
