/**
 * Export the current view for reports: PNG through sigma's own @sigma/export-image (same
 * renderer, same reducers) and SVG written here from the rendered display data (circles,
 * lines and labels in viewport coordinates), with names escaped as XML text.
 */
import { downloadAsPNG } from '@sigma/export-image';
import type Sigma from 'sigma';
import type { Attributes } from 'graphology-types';
import { download } from '../dom.ts';
import { createLabelDrawer } from './labels.ts';

/** Download the current view as a PNG file. */
export async function exportPng(sigma: Sigma<Attributes, Attributes>, fileName: string): Promise<void> {
  await downloadAsPNG(sigma, {
    fileName,
    backgroundColor: '#ffffff',
    // The copy renderer gets its own label queue (labels are drawn at its afterRender).
    withTempRenderer: (tmp) => {
      const labels = createLabelDrawer();
      tmp.setSetting('defaultDrawNodeLabel', labels.draw);
      labels.attach(tmp as never);
    },
  });
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The current view as SVG text (what is on screen: hidden items left out). */
export function toSvg(sigma: Sigma<Attributes, Attributes>, title: string): string {
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
    if (d.label && (shown.has(key) || d.forceLabel || d.highlighted)) {
      labels.push(
        `<text x="${(p.x + r + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="${sigma.getSetting('labelSize')}" font-weight="600" fill="#1b2533">${xml(d.label)}</text>`,
      );
    }
  }
  out.push('</g><g>', ...labels, '</g></svg>');
  return out.join('\n');
}

/** Download the current view as an SVG file. */
export function exportSvg(sigma: Sigma<Attributes, Attributes>, fileName: string, title: string): void {
  download(new Blob([toSvg(sigma, title)], { type: 'image/svg+xml' }), fileName);
}
