/**
 * The centrality report as a sortable table (click or Enter on a column header), with a
 * CSV download. Rows come from GET /api/reports/centrality?format=json; if the server does
 * not offer the report, from the metrics loaded with the map (and the CSV is made here).
 */
import { accessMessage, api, ApiError, getFile } from '../api-client.ts';
import { downloadCsv, el, formatMetric, metricLabel, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';
import type { Store } from '../state.ts';

/** The name the page gives the CSV when the server does not name it (Content-Disposition). */
const CSV_FALLBACK_NAME = 'centrality.csv';

/** A row of the report: the API's (api/contract.ts `CentralityRow`) or one made from the map. */
type Row = Record<string, string | number | null>;

function csvCell(v: string | number | null): string {
  let s = String(v ?? '');
  // Spreadsheet formula injection: a leading = + - @ is made text.
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','))].join('\r\n') +
    '\r\n'
  );
}

function rowsFromModel(model: MapModel): { columns: string[]; rows: Row[] } {
  const columns = ['id', 'name', 'sector', 'community', ...model.payload.metrics];
  const rows = model.payload.nodes.map((n) => {
    const r: Row = {
      id: n.id,
      name: n.label,
      sector: n.sector ?? '',
      community: n.community ?? '',
    };
    for (const m of model.payload.metrics) r[m] = n.metrics[m] ?? 0;
    return r;
  });
  return { columns, rows };
}

/**
 * The loader of the table view, run when the view opens. With `refusal` (the caller's key may
 * not read the report, api-client.ts `reportRefusal`) the view says so and nothing is asked.
 */
export function setupTableView(
  container: HTMLElement,
  model: MapModel,
  store: Store,
  onSelect: (id: string) => void,
  refusal: string | null = null,
): () => Promise<void> {
  let loaded = false;
  return async () => {
    if (loaded) return;
    loaded = true;
    if (refusal !== null) {
      replaceChildren(
        container,
        el('h2', { text: 'Centrality report' }),
        el('p', { class: 'message', attrs: { id: 'report-refusal' }, text: refusal }),
      );
      return;
    }
    replaceChildren(container, el('p', { class: 'message', text: 'Loading the centrality report…' }));
    let columns: readonly string[];
    let rows: readonly Row[];
    let serverCsv = true;
    try {
      ({ columns, rows } = await api.centrality());
      if (rows.length === 0) throw new ApiError('empty report', 204, '');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Only a server without the report (an older one, or an empty report) gets the table
      // from the map's own figures; a key that may not export reports gets told so, and
      // nothing to download. Opening the tab again (after signing in) asks again.
      if (!error.missingEndpoint && error.status !== 204) {
        loaded = false;
        replaceChildren(
          container,
          el('p', {
            class: 'message error',
            attrs: { role: 'alert' },
            text:
              accessMessage(error) ??
              `The centrality report could not be loaded: ${error.message} Open this tab again to retry.`,
          }),
        );
        return;
      }
      ({ columns, rows } = rowsFromModel(model));
      serverCsv = false;
    }
    // Both sources have the report's id and name columns.
    const nameCol = 'name';
    const idCol = 'id';
    // The sort is part of the view state (a shared link sorts the same way); a column the
    // report does not have falls back to the default.
    const defaultCol = ['degree', 'betweenness', 'pagerank'].find((c) => columns.includes(c)) ?? nameCol;
    const linked = store.get().tableSort;
    let sortCol = linked && columns.includes(linked.column) ? linked.column : defaultCol;
    let desc = linked && columns.includes(linked.column) ? linked.desc : sortCol !== nameCol;
    const filter = el('input', {
      attrs: { type: 'search', placeholder: 'Filter by name…', 'aria-label': 'Filter rows by name' },
    });
    const csv = serverCsv
      ? el('button', {
          text: 'Download CSV',
          attrs: { type: 'button', id: 'csv-download' },
          on: {
            // Fetched with the API key (a plain link could not send it).
            // Saved under the name the server gives it (the network and snapshot), if any.
            click: () =>
              void getFile(api.centralityCsvUrl).then(
                ({ blob, fileName }) => downloadCsv(blob, fileName ?? CSV_FALLBACK_NAME),
                (error: unknown) => {
                  count.textContent =
                    error instanceof ApiError
                      ? (accessMessage(error) ?? `The CSV could not be downloaded: ${error.message}`)
                      : 'The CSV could not be downloaded.';
                },
              ),
          },
        })
      : el('button', {
          text: 'Download CSV',
          attrs: { type: 'button', id: 'csv-download' },
          on: {
            click: () => downloadCsv(toCsv(columns, rows), CSV_FALLBACK_NAME),
          },
        });
    const table = el('table', { class: 'data' });
    const count = el('span', { class: 'message' });
    const draw = () => {
      const q = filter.value.trim().toLowerCase();
      const shown = rows
        .filter(
          (r) =>
            q === '' ||
            String(r[nameCol] ?? '')
              .toLowerCase()
              .includes(q),
        )
        .sort((a, b) => {
          const x = a[sortCol] ?? '';
          const y = b[sortCol] ?? '';
          const c =
            typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return desc ? -c : c;
        });
      count.textContent = `${shown.length.toLocaleString('en')} businesses${shown.length > 500 ? ' (first 500 shown)' : ''}`;
      const head = el(
        'tr',
        {},
        columns.map((c) => {
          const numeric = typeof rows[0]?.[c] === 'number';
          return el(
            'th',
            {
              class: numeric ? '' : 'text',
              attrs: {
                scope: 'col',
                'aria-sort': c === sortCol ? (desc ? 'descending' : 'ascending') : 'none',
              },
            },
            [
              el('button', {
                text: `${metricLabel(c)}${c === sortCol ? (desc ? ' ▼' : ' ▲') : ''}`,
                attrs: { type: 'button' },
                on: {
                  click: () => {
                    if (sortCol === c) desc = !desc;
                    else {
                      sortCol = c;
                      desc = numeric;
                    }
                    const atDefault = sortCol === defaultCol && desc === (defaultCol !== nameCol);
                    store.set({ tableSort: atDefault ? null : { column: sortCol, desc } });
                    draw();
                  },
                },
              }),
            ],
          );
        }),
      );
      const body = shown.slice(0, 500).map((r) =>
        el(
          'tr',
          {},
          columns.map((c) => {
            // Communities keep the data's number, as in the legend, the CSV and the exports.
            const v = r[c];
            if (c === nameCol && model.graph.hasNode(String(r[idCol]))) {
              return el('td', { class: 'text' }, [
                el('button', {
                  class: 'link-button',
                  text: String(v ?? ''),
                  attrs: { type: 'button' },
                  on: { click: () => onSelect(String(r[idCol])) },
                }),
              ]);
            }
            return el('td', {
              class: typeof v === 'number' ? '' : 'text',
              text: typeof v === 'number' ? formatMetric(v) : String(v ?? ''),
            });
          }),
        ),
      );
      replaceChildren(table, el('thead', {}, [head]), el('tbody', {}, body));
    };
    filter.addEventListener('input', draw);
    // A link opened later (hash change) may sort another way.
    store.subscribe((s, prev) => {
      if (s.tableSort === prev.tableSort) return;
      const col = s.tableSort && columns.includes(s.tableSort.column) ? s.tableSort.column : defaultCol;
      const d =
        s.tableSort && columns.includes(s.tableSort.column) ? s.tableSort.desc : defaultCol !== nameCol;
      if (col === sortCol && d === desc) return;
      sortCol = col;
      desc = d;
      draw();
    });
    replaceChildren(
      container,
      el('h2', { text: 'Centrality report' }),
      el('p', {
        class: 'hint',
        text: 'Who is central, who brokers between groups. Click a header to sort, a name to see it on the map.',
      }),
      el('div', { class: 'toolbar' }, [filter, csv, count]),
      table,
    );
    draw();
  };
}
