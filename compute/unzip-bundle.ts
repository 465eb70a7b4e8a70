/**
 * The bundle files of an uploaded zip, inflated with a cap on the bytes they REALLY inflate to.
 * A zip's sizes are claims: an entry that declares 100 bytes may inflate to gigabytes (deflate
 * of zeros compresses about 1000:1), so each entry is inflated in chunks through fflate's
 * streaming `Inflate`, counting its output, and inflation stops as soon as the total passes the
 * cap. Runs in a worker thread (unzip-worker.ts, started by inflate-bundle.ts); no I/O.
 * Reference: PKWARE APPNOTE.TXT 6.3.10 (central directory, zip64 end records), RFC 1951.
 */
import { Inflate, strFromU8 } from 'fflate';
import { BUNDLE_FILES } from '../data/bundle/columns.ts';

/** Upload size of a zip (the route's body limit). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** What the bundle files of one upload may inflate to, in all. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_ENTRIES = 1000;
/** The bundle file names that are extracted; every other entry is skipped. */
const NAMES = new Set<string>(Object.values(BUNDLE_FILES));
/** Compressed bytes fed to the inflater at a time: ≤ about 16 MB of output past the cap. */
const CHUNK = 16 * 1024;

/** Why a zip is refused: 400 (not a bundle zip) or 413 (inflates past the cap). */
export class ZipRefusal extends Error {
  override name = 'ZipRefusal';
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface UnzipOptions {
  /** Bytes the extracted files may inflate to, in all (default MAX_FILE_BYTES). */
  capBytes?: number;
}

interface Entry {
  name: string;
  compression: number;
  compressedSize: number;
  declaredSize: number;
}

const CD_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const FFFFFFFF = 0xffffffff;

/** A reader of little-endian fields that refuses to read past the end (a cut or lying zip). */
function fieldsOf(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const inside = (at: number, width: number) => {
    if (!Number.isInteger(at) || at < 0 || at + width > zip.length) throw new Error('invalid zip data');
  };
  return {
    u16: (at: number) => (inside(at, 2), view.getUint16(at, true)),
    u32: (at: number) => (inside(at, 4), view.getUint32(at, true)),
    u64: (at: number) => (inside(at, 8), view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32),
    inside,
  };
}

/** The central directory's entries (names, sizes, where their data starts), as fflate's unzipSync reads it. */
function* centralDirectory(zip: Uint8Array): Generator<Entry & { dataStart: number }> {
  const { u16, u32, u64, inside } = fieldsOf(zip);
  let end = -1;
  for (let at = zip.length - 22; at >= 0 && zip.length - at <= 65_558; at--)
    if (u32(at) === EOCD_SIGNATURE) {
      end = at;
      break;
    }
  if (end < 0) throw new Error('invalid zip data');
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64End = u64(end - 12);
    if (u32(zip64End) === ZIP64_EOCD_SIGNATURE) {
      count = u64(zip64End + 32);
      offset = u64(zip64End + 48);
    }
  }
  if (count > MAX_ENTRIES) throw new ZipRefusal(400, `The zip has more than ${MAX_ENTRIES} entries.`);
  for (let i = 0; i < count; i++) {
    if (u32(offset) !== CD_SIGNATURE) throw new Error('invalid zip data');
    const flags = u16(offset + 8);
    const nameLength = u16(offset + 28);
    const extraLength = u16(offset + 30);
    const commentLength = u16(offset + 32);
    const nameStart = offset + 46;
    inside(nameStart, nameLength + extraLength);
    const name = strFromU8(zip.subarray(nameStart, nameStart + nameLength), !(flags & 0x800));
    let compressedSize = u32(offset + 20);
    let declaredSize = u32(offset + 24);
    let localHeader = u32(offset + 42);
    // zip64: a field of all ones is in the extra field of id 1, in the order size, compressed, offset.
    if (compressedSize === FFFFFFFF || declaredSize === FFFFFFFF || localHeader === FFFFFFFF) {
      const extraEnd = nameStart + nameLength + extraLength;
      for (let at = nameStart + nameLength; at + 4 <= extraEnd; at += 4 + u16(at + 2)) {
        if (u16(at) !== 1) continue;
        let field = at + 4;
        const next = () => ((field += 8), u64(field - 8));
        if (declaredSize === FFFFFFFF) declaredSize = next();
        if (compressedSize === FFFFFFFF) compressedSize = next();
        if (localHeader === FFFFFFFF) localHeader = next();
        break;
      }
    }
    if (u32(localHeader) !== LOCAL_SIGNATURE) throw new Error('invalid zip data');
    const dataStart = localHeader + 30 + u16(localHeader + 26) + u16(localHeader + 28);
    if (compressedSize > 0) inside(dataStart, compressedSize);
    yield {
      name,
      compression: u16(offset + 10),
      compressedSize,
      declaredSize,
      dataStart,
    };
    offset = nameStart + nameLength + extraLength + commentLength;
  }
}

function tooLarge(entry: string, capBytes: number): ZipRefusal {
  const cap = capBytes >= 1024 * 1024 ? `${capBytes / 1024 / 1024} MB` : `${capBytes} bytes`;
  return new ZipRefusal(
    413,
    `The bundle inflates to more than ${cap} (capBytes ${capBytes}): the zip entry "${entry}" passes the cap; import it with the CLI (partner-atlas import) instead.`,
    { entry, capBytes },
  );
}

/** A growing output buffer: one allocation when the entry's declared size is honest. */
class Sink {
  private bytes: Uint8Array;
  length = 0;
  /** `sizeHint` ≤ `limit`; the caller never pushes past `limit`. */
  constructor(
    sizeHint: number,
    private readonly limit: number,
  ) {
    this.bytes = new Uint8Array(sizeHint);
  }
  push(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.bytes.length) {
      const grown = new Uint8Array(
        Math.min(Math.max(this.length + chunk.length, this.bytes.length * 2), this.limit),
      );
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }
  /** The bytes, in a buffer of their own (to be transferred). */
  take(): Uint8Array {
    return this.length === this.bytes.length ? this.bytes : this.bytes.slice(0, this.length);
  }
}

/** Inflate one entry, counting its real output against what is `left` of the cap. */
function inflateEntry(zip: Uint8Array, entry: Entry & { dataStart: number }, left: number, capBytes: number) {
  const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.compression === 0) {
    if (data.length > left) throw tooLarge(entry.name, capBytes);
    return data.slice();
  }
  if (entry.compression !== 8) throw new Error(`unknown compression type ${entry.compression}`);
  const sink = new Sink(Math.min(entry.declaredSize, left), left);
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over) return;
    if (sink.length + chunk.length > left) over = true;
    else sink.push(chunk);
  });
  for (let at = 0; at < data.length || at === 0; at += CHUNK) {
    inflater.push(data.subarray(at, at + CHUNK), at + CHUNK >= data.length);
    if (over) throw tooLarge(entry.name, capBytes);
  }
  return sink.take();
}

/**
 * The bundle files of a zip, by file name: only the bundle names, at the root or in one
 * folder; unsafe paths, more than MAX_ENTRIES entries, a file twice, files in two folders (or at
 * the root and in a folder) or missing required files refused (400); a bundle whose files declare or really inflate to more than `capBytes` in all
 * refused as soon as it passes the cap (413, naming the entry and capBytes), before the rest
 * is inflated. What is not a readable zip is refused with 400 and the reason.
 * @throws ZipRefusal 400/413
 */
export function unzipBundle(zip: Uint8Array, { capBytes = MAX_FILE_BYTES }: UnzipOptions = {}) {
  try {
    return unzipChecked(zip, capBytes);
  } catch (error) {
    if (error instanceof ZipRefusal) throw error;
    throw new ZipRefusal(
      400,
      `The upload is not a readable zip file (${(error as Error).message}); zip the bundle folder and send it with Content-Type: application/zip.`,
    );
  }
}

/** The folder of a chosen entry (at most one deep): '' at the root. */
const folderOf = (name: string): string => name.split(/[\\/]/).filter(Boolean).slice(0, -1).join('/');

function unzipChecked(zip: Uint8Array, capBytes: number): Map<string, Uint8Array> {
  const chosen: (Entry & { dataStart: number; base: string })[] = [];
  let declared = 0;
  for (const entry of centralDirectory(zip)) {
    const parts = entry.name.split(/[\\/]/).filter(Boolean);
    if (entry.name.startsWith('/') || parts.includes('..') || /^[a-z]:/i.test(entry.name))
      throw new ZipRefusal(400, `The zip entry "${entry.name}" has an unsafe path.`);
    const base = parts.at(-1) ?? '';
    if (!NAMES.has(base) || parts.length > 2 || entry.name.endsWith('/')) continue;
    declared += entry.declaredSize;
    if (declared > capBytes) throw tooLarge(entry.name, capBytes);
    chosen.push({ ...entry, base });
  }
  const seen = new Set<string>();
  for (const { base } of chosen) {
    if (seen.has(base)) throw new ZipRefusal(400, `The zip holds ${base} twice; keep one bundle per upload.`);
    seen.add(base);
  }
  // "At its root or in one folder": files spread over two folders are not one bundle.
  const folders = [...new Set(chosen.map(({ name }) => folderOf(name)))];
  if (folders.length > 1) {
    const [first, second] = folders.map((f) => (f === '' ? 'the root of the zip' : `folder "${f}"`));
    const where = chosen.map(({ name }) => `"${name}"`).join(', ');
    throw new ZipRefusal(
      400,
      `The bundle files are spread over ${first} and ${second} (${where}); put ${BUNDLE_FILES.businesses}, ${BUNDLE_FILES.collaborations} and the optional files together, at the root of the zip or in one folder.`,
      { folders },
    );
  }
  if (!seen.has(BUNDLE_FILES.businesses) || !seen.has(BUNDLE_FILES.collaborations))
    throw new ZipRefusal(
      400,
      `The zip must hold ${BUNDLE_FILES.businesses} and ${BUNDLE_FILES.collaborations} (and optionally ${BUNDLE_FILES.capabilities}, ${BUNDLE_FILES.needs}), at its root or in one folder.`,
    );
  const files = new Map<string, Uint8Array>();
  let inflated = 0;
  for (const entry of chosen) {
    const data = inflateEntry(zip, entry, capBytes - inflated, capBytes);
    inflated += data.length;
    files.set(entry.base, data);
  }
  return files;
}
