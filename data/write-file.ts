/**
 * Writing exports safely: a file is written to a temporary name in its own folder and renamed
 * into place only when complete, so a full disk or a crash never leaves a partial file where
 * the export should be. Write failures become one `SourceUnavailableError` that says what,
 * where and how to fix it.
 */
import { lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SourceUnavailableError } from '../analysis/errors.ts';

/** The temporary name `path` is written under before the rename. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

/**
 * Write `text` to `path` atomically (temporary file, then rename). A target that exists and is
 * not a regular file (`/dev/stdout`, a pipe) is written directly: renaming over it would
 * replace the device or pipe with a file. A folder is refused. A symbolic link to a file is
 * followed, so the file it points to is replaced, not the link.
 * @throws SourceUnavailableError naming the file and the reason; nothing is left behind
 */
export function writeFileAtomic(path: string, text: string, advice = 'choose another path'): void {
  if (isFolder(path))
    throw writeFailure(path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }), advice);
  if (isSpecialFile(path)) {
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw writeFailure(path, error, advice);
    }
    return;
  }
  // A link to a regular file (a link to a pipe, like /dev/stdout, was written above).
  const target = followLink(path);
  if (target !== path) {
    writeFileAtomic(target, text, advice);
    return;
  }
  const tmp = temporaryPath(path);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw writeFailure(path, error, advice);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The file a symbolic link points to (the path itself when it is no link or does not exist). */
function followLink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path; // missing, or a link to nowhere: written as given
  }
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false; // missing: a new regular file
  }
}

/**
 * The error for a failed write of `path`: what failed, where, and how to fix it.
 * @param advice what the user can do besides freeing space, e.g. `choose another --out`
 */
export function writeFailure(path: string, error: unknown, advice: string): SourceUnavailableError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : code === 'EISDIR'
              ? 'it is a folder, not a file'
              : code === 'EEXIST' || code === 'ENOTDIR'
                ? 'a file is in the way where a folder is needed'
                : (error as Error).message;
  const fix = why === 'the disk is full' ? `free some space or ${advice}` : advice;
  return new SourceUnavailableError(
    `Cannot write ${path}: ${why}; nothing was written. ${fix[0]?.toUpperCase()}${fix.slice(1)}.`,
    path,
    { cause: error },
  );
}
