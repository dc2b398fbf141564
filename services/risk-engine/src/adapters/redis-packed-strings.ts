/**
 * Strings packed as one MessagePack array (str 8 / str 32 items), which a Lua script unpacks
 * with Redis's built-in `cmsgpack.unpack` into a table of the same strings. One argument instead
 * of one per string: the client serialises, and Redis parses, a few dozen arguments per call
 * instead of over a hundred, and any byte may occur in a string (no separator to escape).
 */
export function packStrings(values: readonly string[]): Buffer {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; 5 is the largest header (array 32, str 32).
  let capacity = 5;
  for (const value of values) capacity += 5 + value.length * 3;
  const out = Buffer.allocUnsafe(capacity);
  let offset = writeArrayHeader(out, values.length);
  for (const value of values) {
    if (value.length <= SHORT_UNITS) {
      const written = writeShortAscii(out, value, offset + 2);
      if (written >= 0) {
        out[offset] = 0xd9;
        out[offset + 1] = written;
        offset += 2 + written;
        continue;
      }
    }
    if (value.length <= STR8_MAX_UNITS) {
      // Written first, then its length put in front: one pass over the string.
      const length = out.write(value, offset + 2, 'utf8');
      out[offset] = 0xd9;
      out[offset + 1] = length;
      offset += 2 + length;
    } else {
      const length = out.write(value, offset + 5, 'utf8');
      out[offset] = 0xdb;
      out.writeUInt32BE(length, offset + 1);
      offset += 5 + length;
    }
  }
  return out.subarray(0, offset);
}

/** At most this many UTF-16 code units always fit str 8's 255 bytes. */
const STR8_MAX_UNITS = 85;
/**
 * Most operands are short ASCII (kinds, numbers, field hashes, ids): copied in a loop here, as a
 * call of Buffer#write per operand (over a hundred per event) costs more than the copy itself.
 */
const SHORT_UNITS = 40;

/** Copies an ASCII string to `out` at `offset`; -1 (and nothing to rely on written) if it is not ASCII. */
function writeShortAscii(out: Buffer, value: string, offset: number): number {
  const length = value.length;
  for (let i = 0; i < length; i++) {
    const unit = value.charCodeAt(i);
    if (unit > 0x7f) return -1;
    out[offset + i] = unit;
  }
  return length;
}

function writeArrayHeader(out: Buffer, count: number): number {
  if (count < 16) {
    out[0] = 0x90 | count;
    return 1;
  }
  if (count <= 0xffff) {
    out[0] = 0xdc;
    out.writeUInt16BE(count, 1);
    return 3;
  }
  out[0] = 0xdd;
  out.writeUInt32BE(count, 1);
  return 5;
}
