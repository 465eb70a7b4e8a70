/** Writes command output to a file atomically (temp file + rename) or to stdout. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { SourceUnavailableError } from '../analysis/errors.ts';

export function writeOutput(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  } catch (error) {
    rmSync(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'ENOENT'
          ? 'its folder does not exist'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new SourceUnavailableError(
      `Cannot write ${out}: ${why}; nothing was written. Choose another --out or free space.`,
      out,
      { cause: error },
    );
  }
}

/** Progress on stderr, only when it is a terminal. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${message}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
