/**
 * Export the current view for reports: PNG through sigma's own @sigma/export-image (same
 * renderer, same reducers) and SVG written here from the rendered display data (circles,
 * lines and labels in viewport coordinates), with names escaped as XML text.
 */
import { drawOnCanvas } from '@sigma/export-image';
import type Sigma from 'sigma';
import type { Attributes } from 'graphology-types';
import { download } from '../dom.ts';
import { createLabelDrawer, type DrawnLabel } from './labels.ts';

/** What a picture carries besides the map: a title, the colour legend and the data's credit. */
export interface ExportFrame {
  title: string;
  legend: { label: string; color: string }[];
  /** E.g. "Source: CORDIS, © European Union (CC BY 4.0)". */
  credit: string;
}

const LEGEND_ROWS = 16;

/**
 * The legend rows an export draws: every row up to LEGEND_ROWS, else the first ones and a last
 * row "+ N more" (no colour), so a colour on the map is never missing without a word.
 */
export function legendRows(
  legend: readonly { label: string; color: string }[],
): { label: string; color: string }[] {
  if (legend.length <= LEGEND_ROWS) return [...legend];
  const kept = legend.slice(0, LEGEND_ROWS - 1);
  return [
    ...kept,
    { label: `+ ${legend.length - kept.length} more (see the legend on the page)`, color: '' },
  ];
}
const TITLE_FONT = '600 18px system-ui, Arial, sans-serif';
const TEXT_FONT = '12px system-ui, Arial, sans-serif';

/** Download the current view as a PNG file with title, legend and credit line. */
export async function exportPng(
  sigma: Sigma<Attributes, Attributes>,
  fileName: string,
  frame: ExportFrame,
): Promise<void> {
  const canvas = await drawOnCanvas(sigma, {
    backgroundColor: '#ffffff',
    // The copy renderer gets its own label queue (labels are drawn at its afterRender).
    withTempRenderer: (tmp) => {
      const labels = createLabelDrawer();
      tmp.setSetting('defaultDrawNodeLabel', labels.draw);
      labels.attach(tmp as never);
    },
  });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const scale = canvas.width / Math.max(1, sigma.getDimensions().width);
    ctx.save();
    ctx.scale(scale, scale);
    const h = canvas.height / scale;
    const w = canvas.width / scale;
    ctx.fillStyle = '#1b2533';
    ctx.font = TITLE_FONT;
    ctx.fillText(frame.title, 16, 28);
    ctx.font = TEXT_FONT;
    const rows = legendRows(frame.legend);
    rows.forEach((r, i) => {
      const y = h - 34 - (rows.length - 1 - i) * 16;
      if (r.color !== '') {
        ctx.fillStyle = r.color;
        ctx.beginPath();
        ctx.arc(22, y - 4, 5, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.fillStyle = '#1b2533';
      ctx.fillText(r.label, 32, y);
    });
    ctx.fillStyle = '#4a5868';
    ctx.textAlign = 'right';
    ctx.fillText(frame.credit, w - 12, h - 10);
    ctx.restore();
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) download(blob, `${fileName}.png`);
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The current view as SVG text (what is on screen: hidden items left out). With `placed` (the
 * map's last drawn labels, renderer.ts `labels()`), names are written where and as the map
 * shows them: on the side of their disc that has room, shortened the same way.
 */
export function toSvg(
  sigma: Sigma<Attributes, Attributes>,
  frame: ExportFrame,
  placed?: readonly DrawnLabel[],
): string {
  const title = frame.title;
  const { width, height } = sigma.getDimensions();
  const graph = sigma.getGraph();
  const camera = sigma.getCamera().getState();
  // Display sizes are in screen pixels at ratio 1; sigma scales them by √ratio when zooming.
  const scale = 1 / Math.sqrt(camera.ratio);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, Arial, sans-serif">`,
    `<title>${xml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    '<g stroke-linecap="round">',
  ];
  const inView = (p: { x: number; y: number }) =>
    p.x > -50 && p.y > -50 && p.x < width + 50 && p.y < height + 50;
  graph.forEachEdge((edge, _a, source, target) => {
    const e = sigma.getEdgeDisplayData(edge);
    const s = sigma.getNodeDisplayData(source);
    const t = sigma.getNodeDisplayData(target);
    if (!e || !s || !t || e.hidden || s.hidden || t.hidden) return;
    const a = sigma.framedGraphToViewport(s);
    const b = sigma.framedGraphToViewport(t);
    if (!inView(a) && !inView(b)) return;
    out.push(
      `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="${xml(e.color)}" stroke-width="${Math.max(0.5, e.size * scale * 0.6).toFixed(2)}"/>`,
    );
  });
  out.push('</g><g stroke="#ffffff" stroke-width="0.8">');
  const labels: string[] = [];
  // The labels sigma chose to draw (its label grid), plus forced ones.
  const shown = sigma.getNodeDisplayedLabels();
  const nodes: { key: string; z: number }[] = [];
  graph.forEachNode((node) => {
    const d = sigma.getNodeDisplayData(node);
    if (d && !d.hidden) nodes.push({ key: node, z: d.zIndex });
  });
  nodes.sort((a, b) => a.z - b.z);
  for (const { key } of nodes) {
    const d = sigma.getNodeDisplayData(key);
    if (!d) continue;
    const p = sigma.framedGraphToViewport(d);
    if (!inView(p)) continue;
    const r = Math.max(1, d.size * scale);
    out.push(
      `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(2)}" fill="${xml(d.color)}"/>`,
    );
    if (placed === undefined && d.label && (shown.has(key) || d.forceLabel || d.highlighted)) {
      labels.push(
        `<text x="${(p.x + r + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="${sigma.getSetting('labelSize')}" font-weight="600" fill="#1b2533">${xml(d.label)}</text>`,
      );
    }
  }
  for (const l of placed ?? []) {
    const d = sigma.getNodeDisplayData(l.node);
    if (!d || d.hidden) continue;
    labels.push(
      `<text x="${l.x.toFixed(1)}" y="${l.y.toFixed(1)}" font-size="${sigma.getSetting('labelSize')}" font-weight="600" fill="#1b2533" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${xml(l.text)}</text>`,
    );
  }
  const rows = legendRows(frame.legend);
  const legend = rows.flatMap((r, i) => {
    const y = height - 34 - (rows.length - 1 - i) * 16;
    return [
      ...(r.color !== '' ? [`<circle cx="22" cy="${y - 4}" r="5" fill="${xml(r.color)}"/>`] : []),
      `<text x="32" y="${y}" font-size="12" fill="#1b2533">${xml(r.label)}</text>`,
    ];
  });
  out.push(
    '</g><g>',
    ...labels,
    '</g><g class="frame">',
    `<text x="16" y="28" font-size="18" font-weight="600" fill="#1b2533">${xml(title)}</text>`,
    ...legend,
    `<text x="${width - 12}" y="${height - 10}" font-size="12" text-anchor="end" fill="#4a5868">${xml(frame.credit)}</text>`,
    '</g></svg>',
  );
  return out.join('\n');
}

/** Download the current view as an SVG file. */
export function exportSvg(
  sigma: Sigma<Attributes, Attributes>,
  fileName: string,
  frame: ExportFrame,
  placed?: readonly DrawnLabel[],
): void {
  download(new Blob([toSvg(sigma, frame, placed)], { type: 'image/svg+xml' }), fileName);
}
