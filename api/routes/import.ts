/**
 * POST /api/import (admin): upload a CSV bundle as a zip file (Content-Type: application/zip),
 * validate it with the bundle reader, import it into Neo4j, then reload the snapshot from
 * Neo4j in the background. Guards: the upload is capped (MAX_UPLOAD_BYTES), only the four
 * bundle files are extracted (at the root or in one folder), paths with `..` or a leading
 * `/` are refused, and each file's declared size is capped — the unzipper never writes more
 * than the declared size, so a zip bomb cannot inflate past the caps.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { unzipSync } from 'fflate';
import type { z } from 'zod';
import { BUNDLE_FILES } from '../../data/bundle/columns.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import type { ImportQuery } from '../schemas/requests.ts';
import type { ImportResult } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
const MAX_ENTRIES = 1000;
const NAMES = new Set<string>(Object.values(BUNDLE_FILES));
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** The upload: a zip of at most MAX_UPLOAD_BYTES (the route table hands this to Express). */
export const IMPORT_BODY = { types: ZIP_TYPES, limit: MAX_UPLOAD_BYTES } as const;

/** The bundle files of a zip, by file name. @throws HttpError 400/413 */
export function extractBundle(zip: Uint8Array): Map<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(zip, {
      filter: (file) => {
        entries += 1;
        if (entries > MAX_ENTRIES)
          throw new HttpError(400, 'Invalid upload', `The zip has more than ${MAX_ENTRIES} entries.`);
        const parts = file.name.split(/[\\/]/).filter(Boolean);
        if (file.name.startsWith('/') || parts.includes('..') || /^[a-z]:/i.test(file.name))
          throw new HttpError(400, 'Invalid upload', `The zip entry "${file.name}" has an unsafe path.`);
        const base = parts.at(-1) ?? '';
        if (!NAMES.has(base) || parts.length > 2 || file.name.endsWith('/')) return false;
        total += file.originalSize;
        if (file.originalSize > MAX_FILE_BYTES || total > MAX_FILE_BYTES)
          throw new HttpError(
            413,
            'Payload too large',
            `The bundle inflates to more than ${MAX_FILE_BYTES / 1024 / 1024} MB; import it with the CLI (partner-atlas import) instead.`,
          );
        return true;
      },
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(
      400,
      'Invalid upload',
      `The upload is not a readable zip file (${(error as Error).message}); zip the bundle folder and send it with Content-Type: application/zip.`,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(unzipped)) {
    const base = name.split(/[\\/]/).at(-1) ?? name;
    if (files.has(base))
      throw new HttpError(400, 'Invalid upload', `The zip holds ${base} twice; keep one bundle per upload.`);
    files.set(base, data);
  }
  if (!files.has(BUNDLE_FILES.businesses) || !files.has(BUNDLE_FILES.collaborations))
    throw new HttpError(
      400,
      'Invalid upload',
      `The zip must hold ${BUNDLE_FILES.businesses} and ${BUNDLE_FILES.collaborations} (and optionally ${BUNDLE_FILES.capabilities}, ${BUNDLE_FILES.needs}), at its root or in one folder.`,
    );
  return files;
}

export function postImport({ store, neo4j, logger }: AppDeps) {
  return async ({ query }: { query: z.output<typeof ImportQuery> }, req: Request): Promise<ImportResult> => {
    if (!neo4j)
      throw new HttpError(
        503,
        'Neo4j not configured',
        'Uploads are imported into Neo4j, and this service reads files: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) and restart, or replace the files in DATA_DIR and POST /api/reload.',
      );
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new HttpError(
        400,
        'Invalid upload',
        'Send the bundle as a zip file in the body with Content-Type: application/zip.',
      );
    const files = extractBundle(new Uint8Array(req.body));
    const dir = await mkdtemp(join(tmpdir(), 'partner-atlas-upload-'));
    try {
      for (const [name, data] of files) await writeFile(join(dir, name), data);
      const records = await readBundle(dir);
      const imported = await neo4j.importRecords(records, { replace: query.replace, source: 'upload' });
      store.reload().catch((error: unknown) => logger.warn({ err: error }, 'reload after import failed'));
      return {
        ...snapshotMeta(store.current),
        imported,
        files: [...files.keys()].sort(),
        reload: store.status,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
