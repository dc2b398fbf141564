/** The most parts a tuple has: a spec's root, up to three entity values, a currency or a day. */
export const MAX_PARTS = 6;
/** Per entry: the tuple's length, then its parts. */
const STRIDE = MAX_PARTS + 1;
const EMPTY = -1;

/**
 * Numbers for tuples of numbers: a feature's state is named by its spec and its entity's values
 * (each a number, `ValueNumbers`), and a replay looks it up for every feature of every event.
 * One open-addressing table over typed arrays: a lookup hashes the tuple once and compares a few
 * integers in one place, where a trie of maps took a map lookup per part and kept a map per
 * entity value (garbage the collector walks for the whole replay).
 */
export class SlotTable {
  private mask: number;
  /** Per entry: its slot, EMPTY where none. */
  private slots: Int32Array;
  /** Per entry: STRIDE integers (length, parts). */
  private tuples: Int32Array;
  /** How many slots were handed out: the next one's number. */
  size = 0;

  constructor(capacity = 1 << 12) {
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.tuples = new Int32Array(capacity * STRIDE);
  }

  /** The slot of `parts[0..length)` (a new one the first time the tuple is seen). */
  slotOf(parts: readonly number[], length: number): number {
    if (length < 1 || length > MAX_PARTS)
      throw new RangeError(`a slot has 1 to ${MAX_PARTS} parts, not ${length}`);
    const { slots, tuples, mask } = this;
    let i = hashOf(parts, length) & mask;
    for (;;) {
      const slot = slots[i]!;
      if (slot === EMPTY) return this.insert(i, parts, length);
      if (sameTuple(tuples, i * STRIDE, parts, length)) return slot;
      i = (i + 1) & mask;
    }
  }

  private insert(at: number, parts: readonly number[], length: number): number {
    const slot = this.size++;
    this.put(at, slot, parts, length);
    // At most half full: probes stay short.
    if (this.size * 2 > this.slots.length) this.grow();
    return slot;
  }

  private put(at: number, slot: number, parts: readonly number[], length: number): void {
    this.slots[at] = slot;
    const base = at * STRIDE;
    this.tuples[base] = length;
    for (let p = 0; p < length; p += 1) this.tuples[base + 1 + p] = parts[p]!;
  }

  private grow(): void {
    const { slots, tuples } = this;
    const capacity = slots.length * 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.tuples = new Int32Array(capacity * STRIDE);
    const parts: number[] = [];
    for (let from = 0; from < slots.length; from += 1) {
      const slot = slots[from]!;
      if (slot === EMPTY) continue;
      const base = from * STRIDE;
      const length = tuples[base]!;
      for (let p = 0; p < length; p += 1) parts[p] = tuples[base + 1 + p]!;
      let i = hashOf(parts, length) & this.mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.put(i, slot, parts, length);
    }
  }
}

function hashOf(parts: readonly number[], length: number): number {
  let hash = length;
  for (let p = 0; p < length; p += 1) hash = Math.imul(hash ^ parts[p]!, 0x9e3779b1);
  return (hash ^ (hash >>> 15)) >>> 0;
}

function sameTuple(
  tuples: Int32Array,
  base: number,
  parts: readonly number[],
  length: number,
): boolean {
  if (tuples[base] !== length) return false;
  for (let p = 0; p < length; p += 1) if (tuples[base + 1 + p] !== parts[p]) return false;
  return true;
}

/** Numbers for strings (entity values, members, currencies, local days), each once. */
export class ValueNumbers {
  private readonly numbers = new Map<string, number>();

  of(value: string): number {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(value, number);
    }
    return number;
  }
}
