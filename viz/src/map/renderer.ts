/**
 * The sigma renderer of the partner network: settings tuned so labels do not pile up
 * (label grid, density, size threshold), reducers wired to the display state, events
 * (hover, click) turned into state changes, and camera moves (fly to a business, fit).
 */
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import type { NodeLabelDrawingFunction } from 'sigma/rendering';
import type { Store } from '../state.ts';
import type { DisplayGraph, EdgeAttrs, MapModel, NodeAttrs } from './model.ts';
import { createLabelDrawer } from './labels.ts';
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
  kill(): void;
}

/** Pixels of the map hidden under an overlay (a phone's bottom sheet), from its right and bottom edges. */
export interface Covered {
  right: number;
  bottom: number;
}

export interface MapViewOptions {
  /** What of the map an overlay hides now; camera moves frame the part left free. */
  covered?: () => Covered;
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
  const labels = createLabelDrawer();
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
  /**
   * Camera that shows framed point (x, y) at the centre of the map's free part (not under a
   * sheet), with `ratio` made larger so what fitted the whole map fits the free part.
   */
  const framing = async (x: number, y: number, ratio: number, grow: boolean) => {
    // The sheet opens with the selection: measure it once it is laid out.
    await new Promise((done) => requestAnimationFrame(done));
    const { width, height } = sigma.getDimensions();
    const c = options.covered?.() ?? { right: 0, bottom: 0 };
    const freeW = Math.max(1, width - Math.min(c.right, width * 0.8));
    const freeH = Math.max(1, height - Math.min(c.bottom, height * 0.8));
    if (freeW === width && freeH === height) return { x, y, ratio };
    const r = grow ? ratio * Math.max(width / freeW, height / freeH) : ratio;
    const state = { x, y, ratio: r, angle: 0 };
    const wanted = sigma.viewportToFramedGraph({ x: freeW / 2, y: freeH / 2 }, { cameraState: state });
    return { x: x + (x - wanted.x), y: y + (y - wanted.y), ratio: r };
  };
  return {
    sigma,
    async flyTo(node, ratio) {
      const d = sigma.getNodeDisplayData(node);
      if (!d) return;
      // Zoom so the business and its partners fit on screen (framed coordinates are 0–1).
      let reach = 0;
      model.graph.forEachNeighbor(node, (m) => {
        const n = sigma.getNodeDisplayData(m);
        if (n) reach = Math.max(reach, Math.abs(n.x - d.x), Math.abs(n.y - d.y));
      });
      const target = ratio ?? Math.min(1, Math.max(0.12, reach * 2.4));
      await camera.animate(await framing(d.x, d.y, target, ratio === undefined), { duration: 600 });
    },
    async fit() {
      await camera.animatedReset({ duration: 400 });
    },
    async keepInView(node) {
      // After the sheet is laid out, and never against a camera move already under way.
      await new Promise((done) => requestAnimationFrame(done));
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
      await camera.animate(await framing(d.x, d.y, camera.getState().ratio, false), { duration: 400 });
    },
    async fitNodes(nodes) {
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (const n of nodes) {
        const d = sigma.getNodeDisplayData(n);
        if (!d) continue;
        minX = Math.min(minX, d.x);
        maxX = Math.max(maxX, d.x);
        minY = Math.min(minY, d.y);
        maxY = Math.max(maxY, d.y);
      }
      if (!Number.isFinite(minX)) return;
      // Framed coordinates: the whole drawing spans about 1 at ratio 1; 30% more for labels.
      const { width, height } = sigma.getDimensions();
      const aspect = width > 0 && height > 0 ? Math.max(width / height, height / width) : 1;
      const span = Math.max(maxX - minX, maxY - minY) * 1.3 * Math.min(aspect, 1.6);
      const ratio = Math.min(1.2, Math.max(0.04, span));
      await camera.animate(await framing((minX + maxX) / 2, (minY + maxY) / 2, ratio, true), {
        duration: 500,
      });
    },
    refresh: update,
    visibleCount: () => display.visible?.size ?? model.graph.order,
    kill: () => {
      resizeObserver.disconnect();
      sigma.kill();
    },
  };
}
