import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packStrings } from './redis-packed-strings.ts';

/** A MessagePack reader for what packStrings writes (arrays of str 8 / str 32 only). */
function unpack(buffer: Buffer): string[] {
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
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const type = buffer[offset++];
    let length: number;
    if (type === 0xd9) length = buffer[offset++]!;
    else if (type === 0xdb) {
      length = buffer.readUInt32BE(offset);
      offset += 4;
    } else throw new Error(`not a string: ${type}`);
    out.push(buffer.toString('utf8', offset, offset + length));
    offset += length;
  }
  if (offset !== buffer.length) throw new Error('trailing bytes');
  return out;
}

describe('packStrings', () => {
  it('round-trips any strings, any count (array 16 / 32 headers, str 8 / 32 items)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 40 }),
        (values) => {
          expect(unpack(packStrings(values))).toEqual(values);
        },
      ),
    );
    const many = Array.from({ length: 70_000 }, (_, i) => String(i % 7));
    expect(unpack(packStrings(many))).toEqual(many);
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
    expect(unpack(packStrings(values))).toEqual(values);
  });
});
