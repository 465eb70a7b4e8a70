/**
 * The typed errors a worker thread can meet, as plain data and back: a bad bundle read in a
 * worker is the same BundleError (same issues, same message) as one read in the service's
 * thread, and a nested worker that stopped is still a WorkerStoppedError (503, try again)
 * when it reaches the service. Other errors keep their name and message.
 */
import { BundleError, type BundleIssue, SourceUnavailableError } from '../analysis/errors.ts';
import { WorkerStoppedError } from './spawn-worker.ts';

export interface SerializedError {
  name: string;
  message: string;
  issues?: BundleIssue[];
  source?: string;
  /** A WorkerStoppedError's worker module and reason. */
  module?: string;
  reason?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof BundleError) return { name: error.name, message: error.message, issues: error.issues };
  if (error instanceof SourceUnavailableError)
    return { name: error.name, message: error.message, source: error.source };
  if (error instanceof WorkerStoppedError)
    return { name: error.name, message: error.message, module: error.module, reason: error.reason };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message };
}

export function deserializeError(error: SerializedError): Error {
  if (error.name === 'BundleError') return new BundleError(error.issues ?? [], error.message);
  if (error.name === 'SourceUnavailableError')
    return new SourceUnavailableError(error.message, error.source ?? '');
  if (error.name === 'WorkerStoppedError')
    return new WorkerStoppedError(error.module ?? 'worker', error.reason ?? 'stopped');
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}
