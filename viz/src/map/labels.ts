/**
 * Node labels with a white halo, so names stay readable over edges and on a projector.
 * Same placement as sigma's drawDiscNodeLabel (right of the disc), text stroked first.
 */
import type { NodeLabelDrawingFunction } from 'sigma/rendering';

export const drawHaloLabel: NodeLabelDrawingFunction = (context, data, settings) => {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const x = data.x + data.size + 4;
  const y = data.y + size / 3;
  context.lineJoin = 'round';
  context.lineWidth = 4;
  context.strokeStyle = 'rgba(255, 255, 255, 0.92)';
  context.strokeText(data.label, x, y);
  context.fillStyle = settings.labelColor.color ?? '#1b2533';
  context.fillText(data.label, x, y);
};
