/**
 * A content fingerprint of a network, for the report's provenance: two FNV-1a 32-bit hashes
 * (different offsets) of a canonical text of the businesses (id, name, sector) and
 * collaborations (sorted key, weight), as 16 hex digits. Same data → same fingerprint,
 * whatever the load order; not cryptographic.
 */
import type Graph from 'graphology';

/** 64-bit (two 32-bit halves) FNV-1a fingerprint of the graph's content. */
export function fingerprintNetwork(graph: Graph): string {
  const lines: string[] = [];
  graph.forEachNode((id, a) => lines.push(`n\t${id}\t${String(a.name ?? '')}\t${String(a.sector ?? '')}`));
  graph.forEachEdge((_key, a, s, t) => {
    const [u, v] = s < t ? [s, t] : [t, s];
    lines.push(`e\t${u}\t${v}\t${String(a.weight ?? 1)}`);
  });
  lines.sort();
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193);
    }
    h1 = Math.imul(h1 ^ 10, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
