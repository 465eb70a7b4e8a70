/**
 * GET /api/openapi.json (the OpenAPI 3.1 document, built once) and GET /api/docs (a readable
 * HTML page built from it, self-contained: no scripts, no CDN).
 */
import type { Response } from 'express';
import type { AppDeps } from '../app.ts';
import { buildOpenApi, openApiPath } from '../openapi.ts';
import type { Route } from '../route-table.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: { type?: string; enum?: unknown[]; default?: unknown; minimum?: number; maximum?: number };
}

function describeSchema(s: Parameter['schema']): string {
  const parts = [s.enum ? s.enum.map(String).join(' | ') : (s.type ?? 'any')];
  if (s.minimum !== undefined || s.maximum !== undefined) parts.push(`${s.minimum ?? ''}…${s.maximum ?? ''}`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

export function renderDocs(doc: Record<string, unknown>, routes: readonly Route[]): string {
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        parameters: Parameter[];
        responses: Record<string, { description: string }>;
        requestBody?: { content: Record<string, unknown> };
      }
    >
  >;
  const sections = routes
    .map((route) => {
      const op = paths[openApiPath(route.path)]?.[route.method];
      const params = (op?.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}${p.required ? ', required' : ''}</td><td>${escapeHtml(describeSchema(p.schema))}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
        )
        .join('');
      const statuses = Object.entries(op?.responses ?? {})
        .map(([code, r]) => `<li><b>${code}</b> ${escapeHtml(r.description)}</li>`)
        .join('');
      const body = op?.requestBody
        ? `<p>Body: ${Object.keys(op.requestBody.content).map(escapeHtml).join(', ')}</p>`
        : '';
      return `<section id="${escapeHtml(`${route.method}-${route.path}`)}"><h3><span class="m">${route.method.toUpperCase()}</span> <code>${escapeHtml(openApiPath(route.path))}</code></h3>
<p>${escapeHtml(route.summary)}. <i>Role: ${route.role}${route.rateLimited ? '; rate limited per key' : ''}</i></p>
${params ? `<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Meaning</th></tr>${params}</table>` : ''}${body}<ul>${statuses}</ul></section>`;
    })
    .join('\n');
  const info = doc.info as { title: string; version: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}.m{background:#234;color:#fff;padding:0 .4em;border-radius:3px;font-size:.8em}section{border-top:1px solid #eee;margin-top:1.5rem}</style></head>
<body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1><p>${escapeHtml(info.description)}</p>
<p>Authentication: <code>Authorization: Bearer KEY</code> or <code>X-API-Key: KEY</code>; roles reader &lt; analyst &lt; admin. The machine-readable reference is <a href="openapi.json">openapi.json</a>.</p>
${sections}</body></html>`;
}

/** GET /api/openapi.json: built once per app from the route table. */
export function getOpenApi(_deps: AppDeps, routes: readonly Route[]) {
  const doc = buildOpenApi(routes);
  return () => doc;
}

/** GET /api/docs: the HTML page, built once per app. */
export function getDocs(_deps: AppDeps, routes: readonly Route[]) {
  const html = renderDocs(buildOpenApi(routes), routes);
  return (_input: unknown, _req: unknown, res: Response) => {
    res.type('html').send(html);
    return undefined;
  };
}
