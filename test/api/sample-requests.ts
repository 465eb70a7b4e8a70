/** A valid request for every documented route, shared by the access and OpenAPI tests. */
import type { Route } from '../../api/route-table.ts';

/** A valid request for each route (the answer a permitted caller gets). */
export function sampleRequest(route: Route): { path: string; init: RequestInit; ok: number } {
  const path = `/api${route.path.replace(':id', 'b0003')}`;
  if (route.path === '/consortia')
    return {
      path,
      init: { method: 'POST', body: JSON.stringify({ capabilities: ['surface coatings'] }) },
      ok: 200,
    };
  if (route.path === '/what-if')
    return { path, init: { method: 'POST', body: JSON.stringify({ removeBusinesses: ['b0001'] }) }, ok: 200 };
  // Without Neo4j the import answers 503 after the role check.
  if (route.path === '/import')
    return {
      path,
      init: {
        method: 'POST',
        body: new Uint8Array([80, 75, 5, 6]),
        headers: { 'content-type': 'application/zip' },
      },
      ok: 503,
    };
  if (route.path === '/reload') return { path, init: { method: 'POST' }, ok: 202 };
  return { path, init: { method: 'GET' }, ok: 200 };
}
