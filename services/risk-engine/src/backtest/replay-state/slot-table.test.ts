import { describe, expect, it } from 'vitest';
import { SlotTable } from './slot-table.ts';

describe('SlotTable', () => {
  it('gives one slot per tuple, in first-seen order, through growing', () => {
    const table = new SlotTable(4);
    const tuples: number[][] = [];
    // Prefixes of one another, permutations and repeats: each distinct tuple is its own slot.
    for (let a = 0; a < 40; a += 1)
      for (let b = 0; b < 25; b += 1) tuples.push([a % 7, b], [b, a % 7], [a % 7, b, 0], [a % 7]);
    const expected = new Map<string, number>();
    for (const tuple of tuples) {
      const key = tuple.join();
      if (!expected.has(key)) expected.set(key, expected.size);
      expect(table.slotOf(tuple, tuple.length)).toBe(expected.get(key));
    }
    expect(table.size).toBe(expected.size);
    // Looked up again after the table grew: the same slots.
    for (const tuple of tuples)
      expect(table.slotOf(tuple, tuple.length)).toBe(expected.get(tuple.join()));
  });

  it('reads only the first `length` parts of the buffer it is given', () => {
    const table = new SlotTable();
    const slot = table.slotOf([3, 9, 99], 2);
    expect(table.slotOf([3, 9, 42], 2)).toBe(slot);
    expect(table.slotOf([3, 9, 42], 3)).not.toBe(slot);
  });

  it('refuses an empty tuple and one longer than it keeps', () => {
    const table = new SlotTable();
    expect(() => table.slotOf([], 0)).toThrow(RangeError);
    expect(() => table.slotOf([1, 2, 3, 4, 5, 6, 7], 7)).toThrow(RangeError);
  });
});
