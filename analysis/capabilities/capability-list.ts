/**
 * Every capability of the network with its holders and seekers as the viewer may see them, and
 * whether it is a gap (sought by someone, held by no one): gaps first, then by name.
 */
import { holdersOf, type PartneringIndex } from '../partnering/partnering-index.ts';
import { visibleTo, type Viewer } from '../visibility.ts';

export interface CapabilitySummary {
  name: string;
  category: string | null;
  holders: number;
  seekers: number;
  gap: boolean;
  /** Highest level held; null without holders. */
  bestLevel: number | null;
  /** The five best holders. */
  topHolders: { id: string; name: string; level: number }[];
  seekerIds: string[];
}

export interface CapabilityList {
  /** Capabilities sought by someone and held by no one. */
  gaps: number;
  capabilities: CapabilitySummary[];
}

/** Holders shown per capability. */
export const TOP_HOLDERS = 5;

/** The capability list for `viewer` (confidential holdings and needs only for analysts and admins). */
export function listCapabilities(index: PartneringIndex, viewer: Viewer): CapabilityList {
  const visible = visibleTo(viewer);
  const names = new Set([...index.holders.keys(), ...index.seekers.keys()]);
  const capabilities = [...names]
    .map((name): CapabilitySummary => {
      const holders = holdersOf(index, name, viewer);
      const seekers = (index.seekers.get(name) ?? []).filter(visible);
      return {
        name,
        category: index.category.get(name) ?? null,
        holders: holders.length,
        seekers: seekers.length,
        gap: holders.length === 0 && seekers.length > 0,
        bestLevel: holders[0]?.level ?? null,
        topHolders: holders
          .slice(0, TOP_HOLDERS)
          .map((h) => ({ id: h.id, name: index.graph.getNodeAttribute(h.id, 'name'), level: h.level })),
        seekerIds: seekers.map((x) => x.id),
      };
    })
    .filter((c) => c.holders > 0 || c.seekers > 0)
    .sort((a, b) => Number(b.gap) - Number(a.gap) || a.name.localeCompare(b.name));
  return { gaps: capabilities.filter((c) => c.gap).length, capabilities };
}
