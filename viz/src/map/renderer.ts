/**
 * The sigma renderer of the partner network: settings tuned so labels do not pile up
 * (label grid, density, size threshold), reducers wired to the display state, events
 * (hover, click) turned into state changes, and camera moves (fly to a business, fit).
 */
import Sigma from 'sigma';
import type { Store } from '../state.ts';
import type { DisplayGraph, EdgeAttrs, MapModel, NodeAttrs } from './model.ts';
import { createReducers, deriveDisplay, type Display } from './reducers.ts';

export interface MapView {
  sigma: Sigma<NodeAttrs, EdgeAttrs>;
  flyTo(node: string, ratio?: number): Promise<void>;
  fit(): Promise<void>;
  refresh(): void;
  kill(): void;
}

/** Create the renderer in `container` and keep it in step with `store`. */
export function createMapView(container: HTMLElement, model: MapModel, store: Store): MapView {
  let display: Display = deriveDisplay(model, store.get());
  const { nodeReducer, edgeReducer } = createReducers(
    () => display,
    () => store.get(),
  );
  const big = model.graph.order > 5_000 || model.graph.size > 20_000;
  const sigma = new Sigma(model.graph as DisplayGraph, container, {
    nodeReducer,
    edgeReducer,
    zIndex: true,
    renderEdgeLabels: false,
    // Big networks: draw edges only when the camera rests, so panning stays smooth.
    hideEdgesOnMove: big,
    labelFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    labelSize: 13,
    labelWeight: '600',
    labelColor: { color: '#1b2533' },
    labelDensity: 0.6,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: big ? 9 : 6,
    defaultEdgeColor: '#cdd5df',
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    stagePadding: 40,
    zoomToSizeRatioFunction: (ratio) => Math.sqrt(ratio),
  });

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
      s.egoDepth !== prev.egoDepth
    ) {
      update();
    }
  });

  sigma.on('enterNode', ({ node }) => {
    store.set({ hovered: node });
    container.style.cursor = 'pointer';
  });
  sigma.on('leaveNode', () => {
    store.set({ hovered: null });
    container.style.cursor = '';
  });
  sigma.on('clickNode', ({ node }) => store.set({ selected: node, highlight: null }));
  sigma.on('clickStage', () => {
    if (store.get().selected || store.get().highlight)
      store.set({ selected: null, highlight: null, egoDepth: 0 });
  });

  const camera = sigma.getCamera();
  return {
    sigma,
    async flyTo(node, ratio = 0.35) {
      const d = sigma.getNodeDisplayData(node);
      if (!d) return;
      await camera.animate({ x: d.x, y: d.y, ratio: Math.min(ratio, camera.ratio) }, { duration: 600 });
    },
    async fit() {
      await camera.animatedReset({ duration: 400 });
    },
    refresh: update,
    kill: () => sigma.kill(),
  };
}
