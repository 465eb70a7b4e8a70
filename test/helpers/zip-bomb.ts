/**
 * Zips for the import tests, written byte by byte (PKWARE APPNOTE 6.3.10): entries whose
 * declared sizes lie, and deflate bombs built in a millisecond. A bomb is one dynamic-Huffman
 * deflate block (RFC 1951 §3.2.7) whose codes are chosen so that "length 258, distance 1" is
 * the two bits 00: a literal zero, then n zero-bit pairs each repeating 258 zeros, then the
 * end of block. That is 1032:1, about 1 MB per GiB, and no stored block anywhere.
 */

/** Bits written least-significant first, as deflate reads them. */
class BitWriter {
  bits: number[] = [];
  /** A number in `width` bits, LSB first (header fields, extra bits). */
  value(v: number, width: number): this {
    for (let i = 0; i < width; i++) this.bits.push((v >> i) & 1);
    return this;
  }
  /** A Huffman code, its most significant bit first. */
  code(c: string): this {
    for (const b of c) this.bits.push(b === '1' ? 1 : 0);
    return this;
  }
}

/**
 * A raw deflate stream that inflates to at least `bytes` zeros (1 + 258·n).
 * Codes: literal/length 285 (length 258) "0", literal 0 "10", end of block "11";
 * distances 1 "0" and 2 "1"; code-length codes 18 "0", 1 "10", 2 "11".
 */
export function zeroBomb(bytes: number): Uint8Array {
  const pairs = Math.max(0, Math.ceil((bytes - 1) / 258));
  const head = new BitWriter().value(1, 1).value(2, 2); // final block, dynamic Huffman
  head
    .value(286 - 257, 5)
    .value(2 - 1, 5)
    .value(18 - 4, 4); // HLIT, HDIST, HCLEN
  // Code-length code lengths in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1.
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) head.value(length, 3);
  head.code('11'); // symbol 0: length 2
  head
    .code('0')
    .value(138 - 11, 7)
    .code('0')
    .value(117 - 11, 7); // symbols 1-255: 255 zeros
  head.code('11'); // symbol 256 (end of block): length 2
  head.code('0').value(28 - 11, 7); // symbols 257-284: 28 zeros
  head.code('10'); // symbol 285: length 1
  head.code('10').code('10'); // distance codes 0 and 1: length 1
  head.code('10'); // the literal zero
  const tailStart = head.bits.length + 2 * pairs; // each pair is the bits 00
  const out = new Uint8Array(Math.ceil((tailStart + 2) / 8));
  head.bits.forEach((bit, i) => (out[i >> 3]! |= bit << (i & 7)));
  for (const [k, bit] of [1, 1].entries()) out[(tailStart + k) >> 3]! |= bit << ((tailStart + k) & 7);
  return out;
}

export interface RawEntry {
  name: string;
  /** The stored bytes: raw deflate when `method` is 8 (the default), as they are when 0. */
  data: Uint8Array;
  /** 8 deflate (the default), 0 stored; anything else is a method nobody here reads. */
  method?: number;
  /** The size the entry claims to inflate to, in both headers. */
  declaredSize: number;
}

/** A zip of the given entries, with the sizes they declare (CRCs left 0: nobody checks them here). */
export function zipOf(entries: RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, method = 8, declaredSize } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declaredSize, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declaredSize, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, Buffer.from(data));
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
