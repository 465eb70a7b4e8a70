/**
 * Service side of reading an uploaded zip: the inflation runs in a worker thread
 * (unzip-worker.ts), so a zip bomb never holds the event loop, and it stops at the byte cap
 * (unzip-bundle.ts) or at a wall-clock deadline, whichever comes first; the worker is
 * terminated either way and never outlives its answer. A zip too small to inflate to more
 * than INLINE_WORST_CASE_BYTES even at deflate's largest ratio is read in the service's
 * thread: a worker's start under tsx (about 0.3 s) would cost more than the inflation.
 */
import { HttpError } from './errors.ts';
import { startModuleWorker, stoppedReason, WorkerStoppedError } from '../compute/spawn-worker.ts';
import { MAX_FILE_BYTES, unzipBundle, ZipRefusal } from '../compute/unzip-bundle.ts';

const WORKER = new URL('../compute/unzip-worker.ts', import.meta.url);

export interface InflateLimits {
  /** Bytes the bundle files may inflate to, in all (default MAX_FILE_BYTES, 200 MB). */
  capBytes?: number;
  /** Wall-clock time the inflation may take, worker start included (default 20 s, below the 30 s request timeout). */
  deadlineMs?: number;
}

export const INFLATE_DEFAULTS = { capBytes: MAX_FILE_BYTES, deadlineMs: 20_000 } as const;

/** Deflate's largest ratio (RFC 1951): a 258-byte match coded in two 1-bit codes. */
const MAX_DEFLATE_RATIO = 1032;
/** The most a zip read in the service's thread may inflate to: about 20 ms of fflate. */
export const INLINE_WORST_CASE_BYTES = 4 * 1024 * 1024;

/** A refusal (a ZipRefusal, or one posted by the worker as plain data) as its problem. */
type Refusal = Pick<ZipRefusal, 'status' | 'message' | 'extensions'>;
const problemOf = ({ status, message, extensions }: Refusal) =>
  new HttpError(status, status === 413 ? 'Payload too large' : 'Invalid upload', message, extensions);

type WorkerAnswer = { files: [string, Uint8Array][] } | { refused: Refusal };

/**
 * The bundle files of a zip, by file name, inflated in a worker thread (in the service's
 * thread when even deflate's largest ratio keeps it under INLINE_WORST_CASE_BYTES).
 * Defaults: INFLATE_DEFAULTS (200 MB in all, 20 s).
 * @throws HttpError 400 (not a bundle zip), 413 (inflates past `capBytes`, naming the entry),
 *   503 (the deadline passed); WorkerStoppedError (503) when the worker stops early
 */
export async function inflateBundle(
  zip: Uint8Array,
  limits: InflateLimits = {},
): Promise<Map<string, Uint8Array>> {
  const { capBytes, deadlineMs } = { ...INFLATE_DEFAULTS, ...limits };
  if (zip.length * MAX_DEFLATE_RATIO <= INLINE_WORST_CASE_BYTES) {
    try {
      return unzipBundle(zip, { capBytes });
    } catch (error) {
      throw error instanceof ZipRefusal ? problemOf(error) : error;
    }
  }
  // A copy of our own to hand over: a request body may share its buffer with others.
  const copy = zip.slice();
  return new Promise((resolve, reject) => {
    const { worker, module } = startModuleWorker(WORKER, { zip: copy, capBytes }, [copy.buffer]);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new HttpError(
              503,
              'Import timed out',
              `Inflating the zip took more than ${deadlineMs / 1000} s and was stopped (the service may be busy); try again later, or import the bundle with the CLI (partner-atlas import).`,
            ),
          ),
        ),
      deadlineMs,
    );
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => {
        if ('files' in answer) resolve(new Map(answer.files));
        else reject(problemOf(answer.refused));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() => reject(stoppedReason(error, module))),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new WorkerStoppedError(module, `exited with code ${code} before answering`))),
    );
  });
}
