/**
 * The sigma renderer of the partner network: settings tuned so labels do not pile up
 * (label grid, density, size threshold), reducers wired to the display state, events
 * (hover, click) turned into state changes, and camera moves (fly to a business, fit).
 */
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import type { NodeHoverDrawingFunction, NodeLabelDrawingFunction } from 'sigma/rendering';
import type { Store } from '../state.ts';
import type { DisplayGraph, EdgeAttrs, MapModel, NodeAttrs } from './model.ts';
import { createLabelDrawer, type DrawnLabel, type LabelBox } from './labels.ts';
import { createReducers, deriveDisplay, type Display } from './reducers.ts';

export interface MapView {
  sigma: Sigma<NodeAttrs, EdgeAttrs>;
  /** Centre on `node`, zoomed to show its partners (or to `ratio`). */
  flyTo(node: string, ratio?: number): Promise<void>;
  fit(): Promise<void>;
  /**
   * If `node` lies under an overlay (a phone's bottom sheet), pan at the same zoom so it sits in
   * the map's free part; otherwise leave the camera alone.
   */
  keepInView(node: string): Promise<void>;
  /** Frame the camera on these businesses (an ego view), leaving room for labels. */
  fitNodes(nodes: Iterable<string>): Promise<void>;
  refresh(): void;
  /** Businesses shown after filters and ego view. */
  visibleCount(): number;
  /** The names the last render drew, where and as what text (the SVG export writes the same). */
  labels(): readonly DrawnLabel[];
  kill(): void;
}

/**
 * Pixels of the map hidden under an overlay (a phone's bottom sheet), from its right and bottom
 * edges, and from its top (controls floating over the map) when given.
 */
export interface Covered {
  right: number;
  bottom: number;
  top?: number;
}

/** The map's free part (not under an overlay), in viewport pixels. */
export interface FreePart {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const FIT_DEFAULTS = {
  /** Closest a fit zooms in (framed units per smaller side of the map). */
  minRatio: 0.04,
  /** Pixels kept at each side for names: a share of the free width, within these bounds. */
  labelShare: 0.15,
  minSidePx: 24,
  maxSidePx: 120,
  /** Pixels kept above and below, beyond the larger of a disc's radius and a label's height. */
  rowPx: 4,
  labelPx: 10,
};

/**
 * The camera ratio at which a box of framed size `span` fits `free`, less room for discs of
 * `discPx` pixels (at ratio 1, growing as 1/√ratio) and their names. `pxPerUnit` is how many
 * pixels one framed unit spans at ratio 1; the result is bounded by `limits`.
 */
export function ratioToFit(
  span: { x: number; y: number },
  free: { width: number; height: number },
  pxPerUnit: { x: number; y: number },
  discPx: number,
  limits: { min: number; max: number },
  options: Partial<typeof FIT_DEFAULTS> = {},
): number {
  const o = { ...FIT_DEFAULTS, ...options };
  const side = Math.min(o.maxSidePx, Math.max(o.minSidePx, free.width * o.labelShare));
  const at = (disc: number) => {
    const w = Math.max(1, free.width - 2 * Math.max(side, disc + 4));
    // Names sit on their disc's row, so above and below only a disc or a name's height.
    const h = Math.max(1, free.height - 2 * (Math.max(disc, o.labelPx) + o.rowPx));
    return Math.max((span.x * pxPerUnit.x) / w, (span.y * pxPerUnit.y) / h, 0);
  };
  const bound = (r: number) => Math.min(limits.max, Math.max(limits.min, o.minRatio, r));
  // Discs grow as the camera zooms in (zoomToSizeRatioFunction is √ratio): one more pass with
  // the disc size at the first guess.
  const first = bound(at(discPx));
  return bound(at(discPx / Math.sqrt(first)));
}

export interface MapViewOptions {
  /** What of the map an overlay hides now; camera moves frame the part left free. */
  covered?: () => Covered;
  /** Controls floating over the map, in its viewport pixels: no name is drawn under them. */
  obstacles?: () => readonly LabelBox[];
}

/** Create the renderer in `container` and keep it in step with `store`. */
export function createMapView(
  container: HTMLElement,
  model: MapModel,
  store: Store,
  options: MapViewOptions = {},
): MapView {
  let display: Display = deriveDisplay(model, store.get());
  const { nodeReducer, edgeReducer } = createReducers(
    () => display,
    () => store.get(),
  );
  const labels = createLabelDrawer(options.obstacles ? { obstacles: options.obstacles } : {});
  const big = model.graph.order > 5_000 || model.graph.size > 20_000;
  // Software WebGL (SwiftShader, common on park PCs and projectors without a GPU) spends most
  // of a frame setting up the triangles of sigma's circle and rectangle programs: from a
  // couple of thousand businesses on, draw nodes as point sprites and ties as 1px lines,
  // about 15× cheaper a frame there and indistinguishable at that density.
  const dense = model.graph.order > 2_000 || model.graph.size > 8_000;
  const sigma = new Sigma(model.graph as DisplayGraph, container, {
    nodeReducer,
    edgeReducer,
    ...(dense && {
      nodeProgramClasses: { circle: NodePointProgram as never },
      edgeProgramClasses: { line: EdgeLineProgram as never },
    }),
    zIndex: true,
    renderEdgeLabels: false,
    // A phone's bottom sheet or a collapsed window may leave the stage 0 px wide for a moment:
    // sigma then waits for the next resize instead of throwing "Container has no width".
    allowInvalidContainer: true,
    // Big networks: draw edges only when the camera rests, so panning stays smooth.
    hideEdgesOnMove: big,
    labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    // Bigger labels on big screens and projectors.
    labelSize: window.innerWidth >= 1800 ? 16 : 13,
    labelWeight: '600',
    labelColor: { color: '#1b2533' },
    defaultDrawNodeLabel: labels.draw as NodeLabelDrawingFunction<NodeAttrs, EdgeAttrs>,
    // Names are labels.ts's alone: sigma's hover layer would draw them a second time, on the right.
    defaultDrawNodeHover: labels.drawHover as NodeHoverDrawingFunction<NodeAttrs, EdgeAttrs>,
    // Sigma picks candidates per grid cell; labels.ts drops the ones that would overlap.
    labelDensity: 1,
    labelGridCellSize: 100,
    labelRenderedSizeThreshold: big ? 9 : 6,
    defaultEdgeColor: '#cdd5df',
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    stagePadding: 40,
    zoomToSizeRatioFunction: (ratio) => Math.sqrt(ratio),
  });

  labels.attach(sigma as never);

  const update = () => {
    display = deriveDisplay(model, store.get());
    sigma.refresh({ skipIndexation: true });
  };
  store.subscribe((s, prev) => {
    if (
      s.filters !== prev.filters ||
      s.hovered !== prev.hovered ||
      s.selected !== prev.selected ||
      s.highlight !== prev.highlight ||
      s.colorBy !== prev.colorBy ||
      s.sizeBy !== prev.sizeBy ||
      s.egoDepth !== prev.egoDepth ||
      s.whatIf !== prev.whatIf
    ) {
      update();
    }
  });

  // No hover effects while dragging the map: each one redraws every node and edge.
  const mouse = sigma.getMouseCaptor();
  sigma.on('enterNode', ({ node }) => {
    container.style.cursor = 'pointer';
    if (!mouse.isMouseDown) store.set({ hovered: node });
  });
  sigma.on('leaveNode', () => {
    container.style.cursor = '';
    if (store.get().hovered !== null) store.set({ hovered: null });
  });
  sigma.on('clickNode', ({ node }) => store.set({ selected: node, highlight: null }));
  sigma.on('clickStage', () => {
    if (store.get().selected || store.get().highlight)
      store.set({ selected: null, highlight: null, egoDepth: 0 });
  });

  // The stage changes size when the side panel opens or the window is resized.
  const resizeObserver = new ResizeObserver(() => {
    if (container.offsetWidth > 0 && container.offsetHeight > 0) sigma.resize();
  });
  resizeObserver.observe(container);

  const camera = sigma.getCamera();
  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  /** The part of the map no overlay hides, measured now. */
  const freePart = (): FreePart & { full: boolean } => {
    const { width, height } = sigma.getDimensions();
    const c = options.covered?.() ?? { right: 0, bottom: 0 };
    const top = Math.max(0, Math.min(c.top ?? 0, height * 0.5));
    const right = Math.max(0, Math.min(c.right, width * 0.8));
    const bottom = Math.max(0, Math.min(c.bottom, height * 0.8));
    return {
      left: 0,
      top,
      width: Math.max(1, width - right),
      height: Math.max(1, height - top - bottom),
      full: top === 0 && right === 0 && bottom === 0,
    };
  };
  /** Pixels a framed unit spans at ratio 1 (sigma fits the drawing into the smaller side). */
  const pxPerUnit = () => {
    const home = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    const o = sigma.framedGraphToViewport({ x: 0, y: 0 }, { cameraState: home });
    const u = sigma.framedGraphToViewport({ x: 1, y: 1 }, { cameraState: home });
    return { x: Math.abs(u.x - o.x), y: Math.abs(u.y - o.y) };
  };
  /** Camera at `ratio` that shows framed point (x, y) at the centre of `free`. */
  const centredIn = (x: number, y: number, ratio: number, free: FreePart) => {
    const state = { x, y, ratio, angle: 0 };
    const wanted = sigma.viewportToFramedGraph(
      { x: free.left + free.width / 2, y: free.top + free.height / 2 },
      { cameraState: state },
    );
    return { x: x + (x - wanted.x), y: y + (y - wanted.y), ratio };
  };
  /**
   * Camera that shows framed point (x, y) at the centre of the map's free part (not under a
   * sheet), with `ratio` made larger so what fitted the whole map fits the free part.
   */
  const framing = (x: number, y: number, ratio: number, grow: boolean) => {
    const free = freePart();
    if (free.full) return { x, y, ratio };
    const { width, height } = sigma.getDimensions();
    const r = grow ? ratio * Math.max(width / free.width, height / free.height) : ratio;
    return centredIn(x, y, Math.min(r, sigma.getSetting('maxCameraRatio') ?? Infinity), free);
  };
  return {
    sigma,
    labels: () => labels.drawn(),
    async flyTo(node, ratio) {
      // The sheet opens with the selection: measure it once it is laid out. Positions too: a
      // refresh sigma has scheduled (a window resize) leaves them unframed until its frame.
      await nextFrame();
      const d = sigma.getNodeDisplayData(node);
      if (!d) return;
      // Zoom so the business and its partners fit on screen (framed coordinates are 0–1).
      let reach = 0;
      let reachX = 0;
      let reachY = 0;
      let disc = d.size;
      model.graph.forEachNeighbor(node, (m) => {
        const n = sigma.getNodeDisplayData(m);
        if (!n || n.hidden) return;
        reach = Math.max(reach, Math.abs(n.x - d.x), Math.abs(n.y - d.y));
        reachX = Math.max(reachX, Math.abs(n.x - d.x));
        reachY = Math.max(reachY, Math.abs(n.y - d.y));
        disc = Math.max(disc, n.size);
      });
      const target = ratio ?? Math.min(1, Math.max(0.12, reach * 2.4));
      const free = freePart();
      if (ratio !== undefined || free.full) {
        await camera.animate(framing(d.x, d.y, target, ratio === undefined), { duration: 600 });
        return;
      }
      // Under a sheet (a phone), the business sits at the centre of the strip left free and is
      // zoomed so its partners fit that strip: growing the whole-map zoom by the share hidden
      // left a wide network a thumbnail there.
      const fitted = ratioToFit({ x: 2 * reachX, y: 2 * reachY }, free, pxPerUnit(), disc, {
        min: Math.max(sigma.getSetting('minCameraRatio') ?? 0, 0.12),
        max: sigma.getSetting('maxCameraRatio') ?? Infinity,
      });
      await camera.animate(centredIn(d.x, d.y, fitted, free), { duration: 600 });
    },
    async fit() {
      await camera.animatedReset({ duration: 400 });
    },
    async keepInView(node) {
      // After the sheet is laid out, and never against a camera move already under way.
      await nextFrame();
      const d = sigma.getNodeDisplayData(node);
      if (!d || camera.isAnimated()) return;
      const { width, height } = sigma.getDimensions();
      const c = options.covered?.() ?? { right: 0, bottom: 0 };
      if (c.bottom === 0 && c.right === 0) return;
      const p = sigma.framedGraphToViewport(d);
      const margin = 24;
      const hidden =
        p.y > height - c.bottom - margin || p.x > width - c.right - margin || p.y < margin || p.x < margin;
      if (!hidden) return;
      await camera.animate(framing(d.x, d.y, camera.getState().ratio, false), { duration: 400 });
    },
    async fitNodes(nodes) {
      const ids = [...nodes];
      // The sheet opens with the selection: measure it (and read positions) once laid out.
      await nextFrame();
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      let disc = 0;
      for (const n of ids) {
        const d = sigma.getNodeDisplayData(n);
        if (!d) continue;
        minX = Math.min(minX, d.x);
        maxX = Math.max(maxX, d.x);
        minY = Math.min(minY, d.y);
        maxY = Math.max(maxY, d.y);
        disc = Math.max(disc, d.size);
      }
      if (!Number.isFinite(minX)) return;
      const free = freePart();
      const ratio = ratioToFit({ x: maxX - minX, y: maxY - minY }, free, pxPerUnit(), disc, {
        min: sigma.getSetting('minCameraRatio') ?? 0,
        max: sigma.getSetting('maxCameraRatio') ?? Infinity,
      });
      await camera.animate(centredIn((minX + maxX) / 2, (minY + maxY) / 2, ratio, free), { duration: 500 });
    },
    refresh: update,
    visibleCount: () => display.visible?.size ?? model.graph.order,
    kill: () => {
      resizeObserver.disconnect();
      sigma.kill();
    },
  };
}
