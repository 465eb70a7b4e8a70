/**
 * Reading the text files every file source takes (CSV bundles, JSON networks, CORDIS exports):
 * the bytes, refused with a reason when the path is a folder or the file too large to hold as
 * text, then decoded as UTF-8 (a byte-order mark dropped), refused with the line of the first
 * bad byte when it is Latin-1 or UTF-16. A file is never decoded with replacement characters:
 * a name with `�` in it would be data lost without a word. Also the line numbers of CSV records.
 */
import { constants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';

/** The largest file read as text: the longest string V8 can make (UTF-8 never has fewer bytes than UTF-16 units). */
export const MAX_TEXT_FILE_BYTES = constants.MAX_STRING_LENGTH;

/** Why a file could not be read: `missing`, a `folder`, `too-large`, or another read failure. */
export interface FileProblem {
  kind: 'missing' | 'folder' | 'too-large' | 'unreadable';
  /** e.g. "is a folder, not a file" (the caller puts the file name before it). */
  message: string;
  cause?: unknown;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;

/**
 * The bytes of `path`, or why they cannot be read.
 * @param maxBytes files larger than this are refused (default MAX_TEXT_FILE_BYTES)
 */
export async function readFileBytes(
  path: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<{ bytes: Buffer } | { problem: FileProblem }> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      return { problem: { kind: 'folder', message: 'is a folder, not a file; give the path of the file' } };
    if (info.size > maxBytes) return { problem: tooLarge(info.size, maxBytes) };
    return { bytes: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: { kind: 'missing', message: 'does not exist', cause: error } };
    if (code === 'ERR_FS_FILE_TOO_LARGE') return { problem: tooLarge(Infinity, maxBytes) };
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    return { problem: { kind: 'unreadable', message: `cannot be read (${why})`, cause: error } };
  }
}

/** The problem of a file of `size` bytes over `maxBytes`. */
export function tooLarge(size: number, maxBytes = MAX_TEXT_FILE_BYTES): FileProblem {
  return {
    kind: 'too-large',
    message: `is ${Number.isFinite(size) ? megabytes(size) : 'over 2 GB'}, larger than the ${megabytes(maxBytes)} the file sources can read; check that it is the right file (a network of that size is kept in Neo4j, written there by other tools: docs/neo4j.md)`,
  };
}

/** `bytes` without a UTF-8 byte-order mark: the bytes of the text `decodeUtf8` returns. */
export function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * `bytes` as UTF-8 text without a BOM, or where and why they are not UTF-8.
 * @returns `{ text }`, or `{ line, message }` (line of the first invalid byte; none for UTF-16)
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { line?: number; message: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { message: 'is encoded as UTF-16; save it as UTF-8 (with or without BOM)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return {
      line: lineOfFirstInvalidByte(bytes),
      message: 'is not valid UTF-8 (it looks like Latin-1 or Windows-1252); re-save it as UTF-8',
    };
  }
}

/** 1-based line of the first byte that is not part of a valid UTF-8 sequence. */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === 0x0a) line++;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return line;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    i += length;
  }
  return line;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Line numbers of CSV records as an editor shows them. csv-parse's `info.lines` is the line
 * where a record ends and counts a CRLF inside a quoted field as two lines; a message must
 * name the line where the record starts. Offsets are csv-parse's `info.bytes` (UTF-8 bytes of
 * the parsed text, the record's line break included), given in increasing order.
 */
export class RecordLines {
  private pos = 0;
  private line = 1;
  /** @param bytes the UTF-8 bytes of exactly the text that was parsed (no BOM) */
  constructor(private readonly bytes: Uint8Array) {}

  /** The line of the record that starts at `offset` (the end of the previous one); blank lines skipped. */
  startingAt(offset: number): number {
    const b = this.bytes;
    while (this.pos < offset && this.pos < b.length) this.step();
    while (this.pos < b.length && (b[this.pos] === LF || b[this.pos] === CR)) this.step();
    return this.line;
  }

  private step(): void {
    const c = this.bytes[this.pos];
    // CRLF, LF and a lone CR each end one line.
    if (c === LF || (c === CR && this.bytes[this.pos + 1] !== LF)) this.line++;
    this.pos++;
  }
}
