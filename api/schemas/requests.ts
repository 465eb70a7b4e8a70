/** zod schemas of the API's inputs; the OpenAPI document is generated from them. */
import { z } from 'zod';
import { EXPORT_DEFAULTS } from '../../analysis/export/gexf.ts';
import { MAX_SUGGESTIONS, SUGGESTION_DEFAULTS } from '../../analysis/partnering/suggestions.ts';

const count = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const BusinessListQuery = z
  .object({
    q: z.string().max(200).optional().describe('name prefix or fuzzy match'),
    sector: z.string().max(100).optional(),
    capability: z.string().max(200).optional(),
    community: z.coerce.number().int().min(0).optional(),
    limit: count(200, 50),
    cursor: z.string().max(200).optional().describe('opaque cursor from the previous page'),
  })
  .strict();

export const BusinessIdParams = z.object({ id: z.string().min(1).max(200) });

export const QuestionsQuery = z
  .object({
    horizon: z.coerce.number().int().min(1).max(3).default(2),
    // Checked here, before the answer cache: `,,,,` names no capability and must not share the
    // cached answer of "no project" (issue 18 item 13).
    project: z
      .string()
      .max(2000)
      .refine((text) => text.split(',').some((c) => c.trim() !== ''), {
        message: 'project must name at least one capability, e.g. project=milling,laser cutting',
      })
      .optional()
      .describe('comma-separated capabilities of a project'),
  })
  .strict();

/** A `true`/`false` query parameter (nothing else), as a boolean; `fallback` when absent. */
function flag(fallback: boolean) {
  return z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');
}

/** A weight as written: a JSON number or decimal text (`0.5`, `-1`, `2e-1`); NaN for anything else. */
function weightValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return NaN;
}

/** `complementarity:0.5,trust:0.3` or a JSON object. */
const weightsText = z
  .string()
  .max(300)
  .transform((text, ctx) => {
    try {
      const pairs = text.trim().startsWith('{')
        ? null
        : text.split(',').map((pair) => pair.split(':').map((s) => s.trim()));
      if (pairs?.some((pair) => pair.length !== 2)) throw new SyntaxError();
      const named = pairs?.map(([k]) => k) ?? [];
      const twice = named.find((k, i) => named.indexOf(k) !== i);
      if (twice !== undefined) {
        ctx.addIssue({ code: 'custom', message: `weight ${twice} is given twice; give each weight once` });
        return z.NEVER;
      }
      const parsed: unknown = pairs === null ? JSON.parse(text) : Object.fromEntries(pairs);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError();
      // fromEntries defines own keys: `__proto__:1` stays a (refused) weight, not a prototype.
      const weights: Record<string, number> = Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, weightValue(v)]),
      );
      const bad = Object.entries(weights).find(([, v]) => Number.isNaN(v));
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `weight ${bad[0]} must be a decimal number such as 0.5, e.g. weights=${bad[0]}:0.5`,
        });
        return z.NEVER;
      }
      return weights;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'weights must look like complementarity:0.5,trust:0.3 or a JSON object',
      });
      return z.NEVER;
    }
  });

export const SuggestionsQuery = z
  .object({
    limit: count(MAX_SUGGESTIONS, SUGGESTION_DEFAULTS.limit),
    weights: weightsText.optional(),
    includeExisting: flag(false),
  })
  .strict();

export const ConsortiumBody = z
  .object({
    capabilities: z.array(z.string().min(1).max(200)).min(1).max(20),
    anchor: z.string().min(1).max(200).optional(),
    maxSize: z.number().int().min(1).max(10).default(5),
    alternatives: z.number().int().min(1).max(10).default(3),
  })
  .strict();

export const ReportQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    sort: z.string().max(40).default('id'),
    direction: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

const year = z.coerce.number().int().min(1000).max(9999);

export const TimelineQuery = z
  .object({
    from: year.optional(),
    to: year.optional(),
    step: z.coerce.number().int().min(1).max(100).default(1),
    asOf: year.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export const HealthQuery = z
  .object({ asOf: year.optional(), years: z.coerce.number().int().min(1).max(50).default(3) })
  .strict();
export const KeyPlayersQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(10), asOf: year.optional() })
  .strict();
export const WhatIfBody = z
  .object({
    removeBusinesses: z.array(z.string().min(1).max(200)).max(1000).default([]),
    addCollaborations: z
      .array(z.object({ source: z.string().min(1).max(200), target: z.string().min(1).max(200) }).strict())
      .max(1000)
      .default([]),
    // A JSON body says a year as a number, nothing coerced into one ([2020], "0x7e4").
    asOf: z.number().int().min(1000).max(9999).optional(),
  })
  .strict();

export const GraphQuery = z
  .object({
    format: z.enum(['json', 'gexf', 'graphml']).default('json'),
    version: z
      .enum(['1.2draft', '1.3'])
      .default(EXPORT_DEFAULTS.version)
      .describe('GEXF version: 1.2draft (default; networkx and Gephi read it) or 1.3'),
    sizeBy: z.string().max(40).optional().describe('metric that sizes the nodes'),
    timeline: flag(false).describe('GEXF only: a dynamic graph with year spells, for Gephi’s timeline'),
  })
  .strict();

export const ImportQuery = z
  .object({
    replace: flag(true).describe('replace the stored network (default) or merge into it'),
  })
  .strict();
