import { VigilError } from '@vigil/errors';
import { ScratchBuffer } from './redis-scratch-buffer.ts';

const scratch = new ScratchBuffer();

/**
 * A feature script's operands packed as one MessagePack array, which the script unpacks with
 * Redis's built-in `cmsgpack.unpack` into a table of the same values. One argument instead of
 * one per operand: the client serialises, and Redis parses, a few dozen arguments per call
 * instead of over a hundred, and any byte may occur in a string (no separator to escape).
 * Numbers go as MessagePack numbers and arrive as Lua numbers: `tonumber` of a string costs
 * the script two `strtod` calls, and operands were a hundred of those per event.
 */
export function packOperands(
  values: readonly (string | number)[],
  /** How many of `values` (the first ones) are packed: a caller's reused scratch is longer. */
  count: number = values.length,
): Buffer {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; 9 is the largest item (float 64).
  let capacity = 5;
  for (let i = 0; i < count; i += 1) {
    const value = values[i]!;
    capacity += typeof value === 'number' ? 9 : 5 + value.length * 3;
  }
  const out = scratch.atLeast(capacity);
  let offset = writeArrayHeader(out, count);
  for (let i = 0; i < count; i += 1) {
    const value = values[i]!;
    if (typeof value === 'number') {
      offset = writeNumber(out, value, offset);
      continue;
    }
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
  return scratch.copy(offset);
}

/** At most this many UTF-16 code units always fit str 8's 255 bytes. */
const STR8_MAX_UNITS = 85;
/**
 * Most operands are short ASCII (kinds, field hashes, ids): copied in a loop here, as a call of
 * Buffer#write per operand (over a hundred per event) costs more than the copy itself.
 */
const SHORT_UNITS = 40;

/**
 * Small whole numbers in the fewest bytes (fixint, uint 8/16/32, int 32); anything else as a
 * float 64, which is what a Lua number is: exact for every safe integer.
 */
function writeNumber(out: Buffer, value: number, offset: number): number {
  if (!Number.isFinite(value))
    throw new VigilError('INVALID_FEATURE', `a feature operand is not a finite number: ${value}`, {
      retryable: false,
    });
  if (Number.isInteger(value)) {
    if (value >= 0) {
      if (value < 0x80) {
        out[offset] = value;
        return offset + 1;
      }
      if (value <= 0xff) {
        out[offset] = 0xcc;
        out[offset + 1] = value;
        return offset + 2;
      }
      if (value <= 0xffff) {
        out[offset] = 0xcd;
        out.writeUInt16BE(value, offset + 1);
        return offset + 3;
      }
      if (value <= 0xffffffff) {
        out[offset] = 0xce;
        out.writeUInt32BE(value, offset + 1);
        return offset + 5;
      }
    } else {
      if (value >= -32) {
        out[offset] = 0xe0 | (value + 32);
        return offset + 1;
      }
      if (value >= -0x80000000) {
        out[offset] = 0xd2;
        out.writeInt32BE(value, offset + 1);
        return offset + 5;
      }
    }
  }
  out[offset] = 0xcb;
  out.writeDoubleBE(value, offset + 1);
  return offset + 9;
}

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
