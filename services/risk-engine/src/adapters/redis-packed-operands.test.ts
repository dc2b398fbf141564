import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packOperands } from './redis-packed-operands.ts';

/**
 * A MessagePack reader for what packOperands writes (arrays of str 8 / str 32, fixints, uint
 * 8/16/32, int 32 and float 64), written from the specification, not from the packer.
 */
function unpack(buffer: Buffer): (string | number)[] {
  let offset = 0;
  const head = buffer[offset++]!;
  let count: number;
  if ((head & 0xf0) === 0x90) count = head & 0x0f;
  else if (head === 0xdc) {
    count = buffer.readUInt16BE(offset);
    offset += 2;
  } else if (head === 0xdd) {
    count = buffer.readUInt32BE(offset);
    offset += 4;
  } else throw new Error(`not an array: ${head}`);
  const out: (string | number)[] = [];
  for (let i = 0; i < count; i++) {
    const type = buffer[offset++]!;
    if (type <= 0x7f) {
      out.push(type);
      continue;
    }
    if (type >= 0xe0) {
      out.push(type - 0x100);
      continue;
    }
    const numbers: Record<number, [number, (at: number) => number]> = {
      0xcc: [1, (at) => buffer.readUInt8(at)],
      0xcd: [2, (at) => buffer.readUInt16BE(at)],
      0xce: [4, (at) => buffer.readUInt32BE(at)],
      0xd2: [4, (at) => buffer.readInt32BE(at)],
      0xcb: [8, (at) => buffer.readDoubleBE(at)],
    };
    const number = numbers[type];
    if (number) {
      out.push(number[1](offset));
      offset += number[0];
      continue;
    }
    let length: number;
    if (type === 0xd9) length = buffer[offset++]!;
    else if (type === 0xdb) {
      length = buffer.readUInt32BE(offset);
      offset += 4;
    } else throw new Error(`unexpected type byte: ${type}`);
    out.push(buffer.toString('utf8', offset, offset + length));
    offset += length;
  }
  if (offset !== buffer.length) throw new Error('trailing bytes');
  return out;
}

describe('packOperands', () => {
  it('round-trips any strings and finite numbers, any count (array 16 / 32 headers)', () => {
    const operand = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
      fc.maxSafeInteger(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(fc.array(operand, { maxLength: 40 }), (values) => {
        // -0 goes as the integer 0: the script cannot tell them apart either.
        const expected = values.map((v) => (Object.is(v, -0) ? 0 : v));
        expect(unpack(packOperands(values))).toEqual(expected);
      }),
    );
    const many = Array.from({ length: 70_000 }, (_, i) => (i % 2 ? String(i % 7) : i));
    expect(unpack(packOperands(many))).toEqual(many);
  });

  it('keeps separators, NUL, short non-ASCII and multi-byte characters at the str 8 limit', () => {
    const values = [
      '',
      'aé', // short, not ASCII: the copy loop hands it to Buffer#write
      '日本',
      '\u001f\u0000\r\n',
      'é'.repeat(85),
      '日'.repeat(85),
      '日'.repeat(86),
      'x'.repeat(255),
    ];
    expect(unpack(packOperands(values))).toEqual(values);
  });

  it('writes each number in its smallest form, at every boundary', () => {
    const cases: [number, number][] = [
      [0, 1],
      [127, 1],
      [128, 2],
      [255, 2],
      [256, 3],
      [65_535, 3],
      [65_536, 5],
      [4_294_967_295, 5],
      [4_294_967_296, 9],
      [-1, 1],
      [-32, 1],
      [-33, 5],
      [-2_147_483_648, 5],
      [-2_147_483_649, 9],
      [1.5, 9],
      [Number.MAX_SAFE_INTEGER, 9],
    ];
    for (const [value, bytes] of cases) {
      const packed = packOperands([value]);
      expect(packed.length - 1, String(value)).toBe(bytes);
      expect(unpack(packed)).toEqual([value]);
    }
  });

  it('refuses a number the script could not use', () => {
    for (const value of [Number.NaN, Infinity, -Infinity])
      expect(() => packOperands([value])).toThrow(/finite/);
  });
});
