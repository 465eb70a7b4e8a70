/** Writes command output to a file atomically (temp file + rename) or to stdout. */
import { writeFileAtomic } from '../data/write-file.ts';

/**
 * Write `text` to `out`, atomically, or to stdout when `out` is undefined, `-` or `/dev/stdout`
 * (opening /dev/stdout fails with ENXIO when stdout is a socket, as under a process manager).
 */
export function writeOutput(text: string, out: string | undefined): void {
  if (out === undefined || out === '-' || out === '/dev/stdout') {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  writeFileAtomic(out, text, 'choose another --out');
}

/** Progress on stderr, only when it is a terminal. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${message}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
