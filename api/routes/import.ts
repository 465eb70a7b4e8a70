/**
 * POST /api/import (admin): upload a CSV bundle as a zip file (Content-Type: application/zip),
 * validate it with the bundle reader, import it into Neo4j, then reload the snapshot from
 * Neo4j in the background. Guards: the upload is capped (MAX_UPLOAD_BYTES), only the four
 * bundle files are extracted (at the root or in one folder), paths with `..` or a leading
 * `/` are refused, and what the files declare and what they really inflate to are capped
 * (MAX_FILE_BYTES in all): the inflation runs in a worker thread that stops at the cap or at
 * a deadline, so a zip bomb neither holds the event loop nor fills memory (413 naming the entry);
 * the files are parsed and validated in a child process (compute/load-in-child.ts), as a
 * reload reads them, so a large bundle does not hold the event loop either.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { readBundle } from '../../data/bundle/read-bundle.ts';
import type { AppDeps } from '../app.ts';
import { inflateBundle, type InflateLimits } from '../inflate-bundle.ts';
import { loadFromPathInChild } from '../../compute/load-in-child.ts';
import { MAX_UPLOAD_BYTES } from '../../compute/unzip-bundle.ts';
import { HttpError } from '../errors.ts';
import type { ImportQuery } from '../schemas/requests.ts';
import type { ImportResult } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export { MAX_FILE_BYTES, MAX_UPLOAD_BYTES } from '../../compute/unzip-bundle.ts';
/** Extracted bundles up to this size are parsed in the service's thread (about 100 ms of CPU). */
export const INLINE_READ_BYTES = 4 * 1024 * 1024;
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** The upload: a zip of at most MAX_UPLOAD_BYTES (the route table hands this to Express). */
export const IMPORT_BODY = { types: ZIP_TYPES, limit: MAX_UPLOAD_BYTES } as const;

/**
 * The bundle files of a zip, by file name, inflated in a worker thread and stopped at the cap
 * on the bytes they really inflate to (compute/unzip-bundle.ts has the guards).
 * @throws HttpError 400/413/503
 */
export function extractBundle(zip: Uint8Array, limits: InflateLimits = {}): Promise<Map<string, Uint8Array>> {
  return inflateBundle(zip, limits);
}

export function postImport({ store, neo4j, logger, inflateLimits }: AppDeps) {
  // One upload at a time: each holds up to 200 MB inflated plus its records, and two imports
  // into the same store interleave (four at once took 1.2 GB, all timed out with 503 and were
  // written afterwards anyway, issue 18 pass).
  let running: { startedAt: string } | undefined;
  return async (
    { query }: { query: z.output<typeof ImportQuery> },
    req: Request,
    res: Response,
  ): Promise<ImportResult> => {
    if (running && neo4j) {
      res.set('Retry-After', '10');
      throw new HttpError(
        409,
        'Import in progress',
        `An import started at ${running.startedAt} is still running; wait for it to finish, then send this upload again.`,
        { startedAt: running.startedAt },
      );
    }
    const started = { startedAt: new Date().toISOString() };
    running = started;
    try {
      return await importUpload(query, req, res);
    } finally {
      if (running === started) running = undefined;
    }
  };

  async function importUpload(
    query: z.output<typeof ImportQuery>,
    req: Request,
    res: Response,
  ): Promise<ImportResult> {
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
    const files = await extractBundle(new Uint8Array(req.body), inflateLimits);
    const dir = await mkdtemp(join(tmpdir(), 'partner-atlas-upload-'));
    try {
      for (const [name, data] of files) await writeFile(join(dir, name), data);
      // Read in a child process, as a reload reads: parsing and validating up to 200 MB of CSV
      // is seconds of CPU (a 190 MB upload held the event loop 8 s, issue 18 pass). A small
      // bundle is read here: about 100 ms at most, less than starting the child.
      let size = 0;
      for (const data of files.values()) size += data.length;
      const records =
        size <= INLINE_READ_BYTES ? await readBundle(dir) : (await loadFromPathInChild(dir)).records;
      // The request timed out (503 sent) while the bundle was read: the caller was told it
      // failed, so nothing is written.
      if (res.headersSent) throw new HttpError(503, 'Import timed out', 'The upload was not imported.');
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
  }
}
