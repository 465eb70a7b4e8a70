/**
 * Partner Atlas ecosystem map: loads the network from GET /api/graph, draws it with sigma,
 * and wires search, panels, filters, views, exports and the shareable URL to one display
 * state. Loading, empty and error states are messages, never a blank page.
 */
import {
  accessMessage,
  api,
  ApiError,
  apiKey,
  callerAccess,
  getBlob,
  reportRefusal,
  setApiKey,
} from './api-client.ts';
import { byId, download, el, metricLabel } from './dom.ts';
import { exportPng, exportSvg } from './map/export.ts';
import type { LabelBox } from './map/labels.ts';
import { buildModel, neighbourhood, type MapModel } from './map/model.ts';
import { createMapView, type Covered, type MapView } from './map/renderer.ts';
import { spreadNodes } from './map/spread.ts';
import { setupBusinessPanel } from './panels/business-panel.ts';
import { setupConsortium } from './panels/consortium.ts';
import { setupControls } from './panels/controls.ts';
import { setupGapsView } from './panels/gaps-view.ts';
import { renderLegend } from './panels/legend.ts';
import { setupSearch } from './panels/search.ts';
import { setupTableView } from './panels/table-view.ts';
import { setupTimelineChart } from './panels/timeline-chart.ts';
import { loadKeyPlayers, setupWhatIf } from './panels/what-if.ts';
import { createStore, INITIAL_STATE, NO_FILTERS, type Store, type View, type ViewState } from './state.ts';
import { decodeState, encodeState, type DecodedState } from './url-state.ts';

declare global {
  interface Window {
    /** Read-only handle for the browser tests and benchmark. */
    partnerAtlas?: {
      map: MapView;
      model: MapModel;
      store: Store;
      firstFrameMs: number;
      startMs: number;
      /** The no-overlap pass: nodes moved and its time. */
      spread: { moved: number; ms: number };
    };
  }
}

const status = byId('status');

function showStatus(text: string, kind: 'info' | 'error' = 'info', detail?: string): void {
  status.hidden = false;
  status.className = kind === 'error' ? 'status error' : 'status';
  status.replaceChildren(el('strong', { text }), detail ? el('p', { class: 'message', text: detail }) : '');
  document.body.dataset.state = kind === 'error' ? 'error' : 'loading';
}

/**
 * A page without a map (not signed in, key refused, server down): every control that needs
 * the map is disabled, so nothing is clickable and silent; the header says why. The key form
 * and its button stay usable.
 */
function withoutMap(summary: string): void {
  byId('network-summary').textContent = summary;
  // How to read a map that is not there, and the credit of data not loaded, would only confuse.
  byId('map-key').hidden = true;
  byId('stage').querySelector<HTMLElement>('.credit')!.hidden = true;
  document
    .querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>(
      '.topbar button, .topbar input, .topbar select, #sidebar button, #sidebar input, #sidebar select, .map-controls button, #sidebar-open',
    )
    .forEach((control) => {
      if (control.id === 'key-button' || control.closest('#key-form')) return;
      control.disabled = true;
    });
  document.querySelectorAll<HTMLDetailsElement>('.topbar details').forEach((menu) => {
    menu.open = false;
    menu.querySelector('summary')?.setAttribute('aria-disabled', 'true');
    menu.classList.add('disabled');
    menu.addEventListener('toggle', () => (menu.open = false));
  });
}

/** The API-key form: kept in this tab's session storage, sent as a header (api-client.ts). */
function setupKeyForm(): { open(message?: string): void; refused(): void } {
  const form = byId<HTMLFormElement>('key-form');
  const input = byId<HTMLInputElement>('key-input');
  const note = byId('key-message');
  const button = byId<HTMLButtonElement>('key-button');
  byId('key-state').textContent = apiKey() ? 'Key ✓' : 'API key';
  // Nothing to forget before a key is kept.
  byId('key-forget').hidden = apiKey() === null;
  const open = (message?: string) => {
    // One pop-over at a time: the export menu would open under the form.
    document
      .querySelectorAll<HTMLDetailsElement>('.topbar details[open]')
      .forEach((menu) => (menu.open = false));
    form.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    note.textContent = message ?? '';
    input.focus();
  };
  const close = () => {
    form.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.setAttribute('aria-controls', 'key-form');
  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => {
    if (form.hidden) open();
    else close();
  });
  // A tap or click outside the form (on the map, say) closes it, as a menu would.
  document.addEventListener('pointerdown', (e) => {
    const target = e.target as Node | null;
    if (!form.hidden && target && !form.contains(target) && !button.contains(target)) close();
  });
  document.querySelectorAll<HTMLDetailsElement>('.topbar details').forEach((menu) =>
    menu.addEventListener('toggle', () => {
      if (menu.open) close();
    }),
  );
  byId('key-close').addEventListener('click', () => {
    close();
    button.focus();
  });
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
    button.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (key === '') {
      note.textContent = 'Paste a key first.';
      return;
    }
    setApiKey(key);
    input.value = '';
    // Every panel asks again with the key; the key itself never reaches the address bar.
    location.reload();
  });
  byId('key-forget').addEventListener('click', () => {
    setApiKey(null);
    location.reload();
  });
  return {
    open,
    // The stored key was refused (401): the header must not go on saying "Key ✓".
    refused: () => {
      byId('key-state').textContent = 'Key refused';
      button.classList.add('refused');
    },
  };
}

/** Controls that float over the top of the map (a framed view should not sit under them). */
const TOP_CONTROLS = ['sidebar-open', 'ego-control', 'highlight-banner'];

/**
 * What of the map is hidden: on a phone the business panel is a sheet over its bottom (or a
 * side panel over its right), and the controls floating over its top edge hide a strip there.
 */
function coveredBy(overlay: HTMLElement, map: HTMLElement): Covered {
  const m = map.getBoundingClientRect();
  let top = 0;
  for (const id of TOP_CONTROLS) {
    const control = document.getElementById(id);
    if (!control || control.hidden || control.offsetParent === null) continue;
    const r = control.getBoundingClientRect();
    // Only what floats in the map's upper part and spans some of its width.
    if (r.width === 0 || r.top > m.top + m.height * 0.4 || r.bottom <= m.top) continue;
    top = Math.max(top, r.bottom - m.top);
  }
  // The first-visit key to the map sits over its lower left corner: nothing framed goes under it.
  const key = document.getElementById('map-key');
  const k = key && !key.hidden && key.offsetParent !== null ? key.getBoundingClientRect() : null;
  const keyBottom = k && k.width > 0 && k.top > m.top + m.height * 0.5 ? Math.max(0, m.bottom - k.top) : 0;
  if (overlay.hidden || getComputedStyle(overlay).position !== 'fixed')
    return { right: 0, bottom: keyBottom, top };
  const o = overlay.getBoundingClientRect();
  const acrossWidth = o.left <= m.left + 1 && o.right >= m.right - 1;
  return {
    bottom: Math.max(keyBottom, acrossWidth ? Math.max(0, m.bottom - Math.max(o.top, m.top)) : 0),
    right: acrossWidth ? 0 : Math.max(0, m.right - Math.max(o.left, m.left)),
    top,
  };
}

/** Controls that float over the map, wherever they sit: no name is drawn under one. */
const FLOATING_CONTROLS =
  '.map-controls, #map-key, #sidebar-open, #ego-control, #highlight-banner, #stage > .credit';

/** The boxes of the floating controls now shown, in the map's pixels, with a little room. */
function floatingControlBoxes(map: HTMLElement): LabelBox[] {
  const m = map.getBoundingClientRect();
  const boxes: LabelBox[] = [];
  for (const control of document.querySelectorAll<HTMLElement>(FLOATING_CONTROLS)) {
    if (control.hidden || control.offsetParent === null) continue;
    const r = control.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= m.left || r.left >= m.right) continue;
    if (r.bottom <= m.top || r.top >= m.bottom) continue;
    const pad = 2;
    boxes.push({
      x1: r.left - m.left - pad,
      y1: r.top - m.top - pad,
      x2: r.right - m.left + pad,
      y2: r.bottom - m.top + pad,
    });
  }
  return boxes;
}

function initialState(model: MapModel, decoded: DecodedState = decodeState(location.hash)): ViewState {
  // The highlight and the what-if come back once their panels have asked the API (restoreLink).
  const { filters, link: _link, whatIf: _whatIf, ...rest } = decoded;
  const state: ViewState = { ...INITIAL_STATE, ...rest, filters: { ...NO_FILTERS, ...filters } };
  if (!model.payload.metrics.includes(state.sizeBy)) state.sizeBy = model.payload.metrics[0] ?? 'degree';
  if (state.selected && !model.graph.hasNode(state.selected)) state.selected = null;
  if (!state.selected) state.egoDepth = 0;
  return state;
}

async function start(): Promise<void> {
  const t0 = performance.now();
  showStatus(
    'Loading the network…',
    'info',
    'Laying out a big network can take a few seconds the first time.',
  );
  const keyForm = setupKeyForm();
  // The key's role, asked beside the map: the page offers only what the key may ask for.
  const accessing = callerAccess();
  let payload;
  try {
    payload = await api.graph();
  } catch (error) {
    const access = error instanceof ApiError ? accessMessage(error) : null;
    if (access) {
      const refused = error instanceof ApiError && error.status === 401 && apiKey() !== null;
      if (refused) keyForm.refused();
      const title =
        error instanceof ApiError && error.status === 403
          ? 'Access refused.'
          : refused
            ? 'The API key was refused.'
            : 'Sign in to see the map.';
      showStatus(title, 'error', access);
      withoutMap(
        refused ? 'Key refused: sign in with another key' : 'Sign in with an API key to see the map',
      );
      keyForm.open(access);
      return;
    }
    const detail =
      error instanceof ApiError && error.status === 0
        ? 'Check that the Partner Atlas server is running, then reload this page.'
        : error instanceof Error
          ? error.message
          : String(error);
    showStatus('The network could not be loaded.', 'error', detail);
    withoutMap('The network could not be loaded');
    return;
  }
  if (payload.nodes.length === 0) {
    withoutMap('The network is empty');
    showStatus(
      'The network is empty.',
      'error',
      'No businesses were loaded. Point the server at a data bundle (DATA_DIR or --data) and reload.',
    );
    return;
  }

  const model = buildModel(payload);
  // A reader's key may not read the analyst-only report: its tab says why, and nothing is asked.
  const refusal = reportRefusal(await accessing);
  const reportTab = document.querySelector<HTMLButtonElement>('.view-tab[data-view="table"]');
  if (refusal !== null && reportTab) {
    reportTab.setAttribute('aria-disabled', 'true');
    reportTab.title = refusal;
  }
  const linked = decodeState(location.hash);
  const store = createStore(initialState(model, linked));
  const container = byId('map');
  // Discs of the first drawing must not cover one another (map/spread.ts).
  const spreadStart = performance.now();
  const moved = spreadNodes(model.graph, model.sizesFor(store.get().sizeBy), {
    width: container.clientWidth || window.innerWidth,
    height: container.clientHeight || window.innerHeight,
  });
  const spreadMs = performance.now() - spreadStart;
  let map: MapView;
  try {
    map = createMapView(container, model, store, {
      covered: () => coveredBy(byId('panel'), container),
      obstacles: () => floatingControlBoxes(container),
    });
  } catch (error) {
    showStatus(
      'This browser cannot draw the map.',
      'error',
      `WebGL is needed (${error instanceof Error ? error.message : 'unknown error'}). Try another browser or enable hardware acceleration.`,
    );
    return;
  }
  status.hidden = true;
  // A floating control shown or hidden (the map's key dismissed, the banner, the ego control)
  // frees or blocks a strip of the map: the names are placed again.
  const redrawLabels = new MutationObserver(() => map.sigma.scheduleRender());
  document
    .querySelectorAll(FLOATING_CONTROLS)
    .forEach((control) => redrawLabels.observe(control, { attributes: true, attributeFilter: ['hidden'] }));

  const counts = `${payload.nodes.length.toLocaleString('en')} businesses · ${payload.edges.length.toLocaleString('en')} collaborations · ${payload.communities} communities`;
  byId('network-summary').textContent = payload.partial
    ? `${counts} · centralities still being computed, reload in a minute`
    : counts;
  byId('network-summary').title =
    `Snapshot ${payload.snapshot.id}, loaded ${payload.snapshot.loadedAt} from ${payload.snapshot.source}`;
  // The data's own credit (a CORDIS bundle names it on every business), else the bundle's name.
  const provenance = payload.nodes.find((n) => n.attributes?.data_source)?.attributes?.data_source;
  const credit = provenance
    ? `Source: ${provenance} · Partner Atlas`
    : /cordis/i.test(payload.snapshot.source)
      ? 'Source: CORDIS, © European Union (CC BY 4.0) · Partner Atlas'
      : `Data: ${payload.snapshot.source
          .replace(/^[a-z]+:/, '')
          .split('/')
          .slice(-2)
          .join('/')} · Partner Atlas`;
  byId('stage').querySelector('.credit')!.textContent = credit;

  const focus = (id: string) => {
    if (!model.graph.hasNode(id)) return;
    store.set({ selected: id, highlight: null, view: 'map' });
    void map.flyTo(id);
  };

  const controls = setupControls(model, store);
  const syncControls = controls.sync;
  if (payload.years) void setupTimelineChart(byId('timeline-chart'), store, controls.maxYear);
  const whatIf = setupWhatIf(model, store, focus);
  void loadKeyPlayers(byId('key-players'), model, focus, whatIf);
  setupSheets(store);
  setupMapKey(store, model);
  const legend = byId('legend');
  renderLegend(legend, model, store);
  const search = setupSearch({
    input: byId<HTMLInputElement>('search-input'),
    list: byId<HTMLUListElement>('search-results'),
    model,
    onPick: focus,
  });
  store.subscribe((s, prev) => {
    if (s.selected !== prev.selected) search.selectionChanged(s.selected);
  });
  setupBusinessPanel({ model, store, focus });
  const consortium = setupConsortium(model, store, focus);

  const tableView = byId('table-view');
  const gapsView = byId('gaps-view');
  const loadTable = setupTableView(tableView, model, store, focus, refusal);
  const loadGaps = setupGapsView(gapsView, model, (capability) => {
    store.set({ view: 'map', selected: null, highlight: null });
    store.setFilters({ capability });
  });
  const showView = (view: View) => {
    tableView.hidden = view !== 'table';
    gapsView.hidden = view !== 'gaps';
    document.querySelectorAll<HTMLButtonElement>('.view-tab').forEach((b) => {
      b.setAttribute('aria-pressed', String(b.dataset.view === view));
    });
    if (view === 'table') void loadTable();
    if (view === 'gaps') void loadGaps();
  };
  document.querySelectorAll<HTMLButtonElement>('.view-tab').forEach((b) => {
    b.addEventListener('click', () => store.set({ view: b.dataset.view as View }));
  });

  // Ego view and highlight banner.
  const egoControl = byId('ego-control');
  const egoDepth = byId<HTMLSelectElement>('ego-depth');
  egoDepth.addEventListener('change', () => store.set({ egoDepth: Number(egoDepth.value) as 0 | 1 | 2 | 3 }));
  // A shared link's camera wins over the automatic framing while the link is restored.
  let keepCamera = store.get().camera !== null;
  // What-if: frame the leaving firms, their partners and who is cut off.
  store.subscribe((s, prev) => {
    if (!s.whatIf || s.whatIf === prev.whatIf || keepCamera) return;
    const shown = new Set([...s.whatIf.removed, ...s.whatIf.cutOff]);
    for (const id of s.whatIf.removed)
      if (model.graph.hasNode(id)) model.graph.forEachNeighbor(id, (n) => shown.add(n));
    void map.fitNodes(shown);
  });
  // A highlight (a suggested partner and the partners in common, a team) is framed in the
  // map's free part, every highlighted business in view and named.
  store.subscribe((s, prev) => {
    if (!s.highlight || s.highlight === prev.highlight || keepCamera || s.highlight.nodes.size === 0) return;
    void map.fitNodes(s.highlight.nodes);
  });
  // On a phone the panel opens as a sheet over the map's lower part: a business chosen on
  // the map that the sheet would hide is panned into the free part (same zoom).
  store.subscribe((s, prev) => {
    if (!s.selected || s.selected === prev.selected || s.egoDepth > 0 || keepCamera) return;
    void map.keepInView(s.selected);
  });
  // Refit the camera on the rings when the ego view opens or changes depth.
  store.subscribe((s, prev) => {
    if (s.egoDepth === prev.egoDepth && (s.egoDepth === 0 || s.selected === prev.selected)) return;
    if (keepCamera) return;
    if (s.egoDepth > 0 && s.selected) void map.fitNodes(neighbourhood(model.graph, s.selected, s.egoDepth));
    else if (prev.egoDepth > 0 && s.selected) void map.flyTo(s.selected);
  });
  const banner = byId('highlight-banner');
  byId('no-match-reset').addEventListener('click', () => byId('reset-filters').click());
  byId('highlight-clear').addEventListener('click', () => store.set({ highlight: null }));

  // Zoom buttons and keyboard.
  const camera = map.sigma.getCamera();
  byId('zoom-in').addEventListener('click', () => void camera.animatedZoom({ duration: 250 }));
  byId('zoom-out').addEventListener('click', () => void camera.animatedUnzoom({ duration: 250 }));
  byId('zoom-reset').addEventListener('click', () => void map.fit());
  container.addEventListener('keydown', (e) => {
    const step = 0.1 * camera.ratio;
    const s = camera.getState();
    if (e.key === '+' || e.key === '=') void camera.animatedZoom({ duration: 200 });
    else if (e.key === '-') void camera.animatedUnzoom({ duration: 200 });
    else if (e.key === 'ArrowLeft') camera.setState({ x: s.x - step });
    else if (e.key === 'ArrowRight') camera.setState({ x: s.x + step });
    else if (e.key === 'ArrowUp') camera.setState({ y: s.y + step });
    else if (e.key === 'ArrowDown') camera.setState({ y: s.y - step });
    else if (e.key === '0') void map.fit();
    else return;
    e.preventDefault();
  });
  const exportMenu = byId<HTMLDetailsElement>('export-menu');
  // The Data menu closes on Escape and on a click or tap outside it, as menus do.
  document.addEventListener('pointerdown', (e) => {
    if (exportMenu.open && !exportMenu.contains(e.target as Node | null)) exportMenu.open = false;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && exportMenu.open) {
      exportMenu.open = false;
      exportMenu.querySelector('summary')?.focus();
      return;
    }
    if (e.key === 'Escape' && (store.get().selected || store.get().highlight || store.get().whatIf)) {
      store.set({ selected: null, highlight: null, whatIf: null, egoDepth: 0 });
    }
  });

  // Exports and sharing.
  const fileBase = `partner-atlas-${new Date().toISOString().slice(0, 10)}`;
  const frame = () => ({
    title: `Partner Atlas: ${counts}`,
    legend: model.legends[store.get().colorBy].map((c) => ({ label: c.label, color: c.color })),
    credit,
  });
  byId('export-png').addEventListener('click', () => void exportPng(map.sigma as never, fileBase, frame()));
  byId('export-svg').addEventListener('click', () =>
    exportSvg(map.sigma as never, `${fileBase}.svg`, frame(), map.labels()),
  );
  const menu = byId<HTMLDetailsElement>('export-menu');
  menu.querySelectorAll<HTMLButtonElement>('button[data-format]').forEach((b) => {
    b.addEventListener('click', async () => {
      const format = b.dataset.format ?? 'json';
      menu.open = false;
      try {
        // Fetched with the API key (a plain link could not send it), then saved.
        const timeline = b.dataset.timeline === 'true';
        const blob = await getBlob(`/api/graph?format=${format}${timeline ? '&timeline=true' : ''}`);
        download(blob, `${fileBase}${timeline ? '-timeline' : ''}.${format}`);
      } catch (error) {
        const text =
          error instanceof ApiError ? (accessMessage(error) ?? error.message) : 'The download failed.';
        showToast(`Could not export ${format.toUpperCase()}: ${text}`);
      }
    });
  });
  const share = byId<HTMLButtonElement>('share-button');
  share.addEventListener('click', async () => {
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      share.textContent = 'Link copied';
    } catch {
      // Clipboard refused (http, permissions): the address bar already holds the link.
      share.textContent = 'Link in address bar';
    }
    setTimeout(() => (share.textContent = 'Share view'), 2_000);
  });

  // Keep the URL, legend, panels and view in step with the state.
  let hashTimer: number | undefined;
  const onState = (s: ViewState, prev: ViewState) => {
    if (s.colorBy !== prev.colorBy || s.filters !== prev.filters) renderLegend(legend, model, store);
    if (s.filters !== prev.filters || s.colorBy !== prev.colorBy || s.sizeBy !== prev.sizeBy) syncControls();
    if (s.view !== prev.view) showView(s.view);
    const shown = map.visibleCount();
    byId('filter-count').textContent =
      shown === model.graph.order
        ? `Showing all ${shown.toLocaleString('en')} businesses`
        : `Showing ${shown.toLocaleString('en')} of ${model.graph.order.toLocaleString('en')} businesses`;
    // A filter that leaves nobody says so over the map, instead of a blank map.
    byId('no-match').hidden = shown > 0 || s.view !== 'map';
    egoControl.hidden = s.selected === null;
    if (s.selected === null && s.egoDepth !== 0) store.set({ egoDepth: 0 });
    egoDepth.value = String(s.egoDepth);
    banner.hidden = s.highlight === null;
    byId('highlight-text').textContent = s.highlight?.label ?? '';
    window.clearTimeout(hashTimer);
    hashTimer = window.setTimeout(() => {
      const hash = encodeState(store.get());
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    }, 150);
  };
  store.subscribe(onState);
  onState(store.get(), { ...store.get(), view: 'map', filters: NO_FILTERS, colorBy: 'community' });
  // The camera goes into the link when it comes to rest.
  let cameraTimer: number | undefined;
  camera.on('updated', () => {
    window.clearTimeout(cameraTimer);
    cameraTimer = window.setTimeout(() => {
      if (keepCamera) return;
      const { x, y, ratio } = camera.getState();
      store.set({ camera: { x, y, ratio } });
    }, 250);
  });
  /** Bring back what a link set up beyond the plain state: team, suggestion, what-if, camera. */
  const restoreLink = async (link: DecodedState) => {
    keepCamera = link.camera !== undefined;
    const { selected: chosen, egoDepth: depth } = store.get();
    if (!link.camera && chosen && depth === 0 && !link.whatIf) void map.flyTo(chosen);
    // One after the other: a what-if or a team clears the selection, which the link may hold too.
    try {
      const gone = link.whatIf?.filter((id) => model.graph.hasNode(id)) ?? [];
      if (gone.length) {
        await whatIf.restore(gone);
        if (chosen) store.set({ selected: chosen, egoDepth: depth });
      }
      if (link.consortium)
        await consortium.restore(link.consortium, link.link?.kind === 'team' ? link.link.ids : null);
      if (link.link?.kind === 'suggestion' && chosen) await restoreSuggestion(link.link.ids[0] ?? '');
    } finally {
      if (link.camera) {
        // After the panels: a team, a what-if or the ego view may have moved it meanwhile.
        camera.setState(link.camera);
        keepCamera = false;
      }
    }
  };
  window.addEventListener('hashchange', () => {
    if (decodeURIComponent(location.hash.slice(1)) === decodeURIComponent(encodeState(store.get()))) return;
    const link = decodeState(location.hash);
    store.set({ ...initialState(model, link), hovered: null, highlight: null, whatIf: null });
    void restoreLink(link);
  });
  const { selected, egoDepth: depth } = store.get();
  if (selected) {
    // Re-select so the panel renders; the ego depth from the link survives the round trip.
    store.set({ selected: null });
    store.set({ selected, egoDepth: depth });
  }
  if (linked.camera) camera.setState(linked.camera);
  const restored = restoreLink(linked);

  requestAnimationFrame(() => {
    // Since navigation start: page load, fetch, parse, model and first render.
    window.partnerAtlas = {
      map,
      model,
      store,
      firstFrameMs: performance.now(),
      startMs: t0,
      spread: { moved, ms: spreadMs },
    };
    document.body.dataset.state = 'ready';
    // Tests wait for this: a shared link's team, suggestion and what-if are back.
    void restored.then(() => (document.body.dataset.link = 'restored'));
  });
}

/** Click the suggested partner `id` in the business panel once it has loaded (a shared link). */
async function restoreSuggestion(id: string): Promise<void> {
  const selector = `#suggestions .suggestion[data-id="${CSS.escape(id)}"]`;
  for (let i = 0; i < 100; i++) {
    const button = document.querySelector<HTMLButtonElement>(selector);
    if (button) {
      if (button.getAttribute('aria-pressed') !== 'true') button.click();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A short message over the map that goes away by itself. */
function showToast(text: string): void {
  const toast = el('div', { class: 'status error toast', text, attrs: { role: 'alert' } });
  byId('stage').append(toast);
  setTimeout(() => toast.remove(), 6_000);
}

/** Phones: the controls are a bottom sheet opened from the map, closed by ✕ or by using the map. */
function setupSheets(store: Store): void {
  const sidebar = byId('sidebar');
  const openButton = byId('sidebar-open');
  const setOpen = (open: boolean) => {
    sidebar.dataset.open = String(open);
    openButton.setAttribute('aria-expanded', String(open));
  };
  openButton.addEventListener('click', () => setOpen(sidebar.dataset.open !== 'true'));
  byId('sidebar-close').addEventListener('click', () => setOpen(false));
  // A choice that changes the map (a team, a what-if, a business) closes the sheet to show it.
  store.subscribe((s, prev) => {
    if (
      window.matchMedia('(max-width: 820px)').matches &&
      (s.highlight !== prev.highlight ||
        s.whatIf !== prev.whatIf ||
        (s.selected && s.selected !== prev.selected))
    )
      setOpen(false);
  });
}

/** The short key to size, colour and ties, shown on arrival until dismissed. */
function setupMapKey(store: Store, model: MapModel): void {
  const box = byId('map-key');
  const DISMISSED = 'partnerAtlas.mapKeyDismissed';
  try {
    box.hidden = localStorage.getItem(DISMISSED) === '1';
  } catch {
    box.hidden = false;
  }
  byId('map-key-close').addEventListener('click', () => {
    box.hidden = true;
    try {
      localStorage.setItem(DISMISSED, '1');
    } catch {
      // Not remembered; it comes back next visit.
    }
  });
  const describe = () => {
    const s = store.get();
    byId('map-key-size').textContent =
      s.sizeBy === 'degree' ? 'more partners' : `higher ${metricLabel(s.sizeBy).toLowerCase()}`;
    byId('map-key-colour').textContent =
      s.colorBy === 'sector'
        ? 'sector'
        : `community: firms that work mostly with each other (${model.payload.communities} groups)`;
  };
  store.subscribe((s, prev) => {
    if (s.sizeBy !== prev.sizeBy || s.colorBy !== prev.colorBy) describe();
  });
  describe();
}

void start().catch((error: unknown) => {
  showStatus(
    'Something went wrong while starting the map.',
    'error',
    error instanceof Error ? error.message : String(error),
  );
});
