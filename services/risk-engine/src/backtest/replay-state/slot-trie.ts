/**
 * Numbers for tuples of numbers: a feature's state is named by its spec and its entity's values
 * (each a number, `ValueNumbers`), and a replay looks it up for every feature of every
 * event. Integer-keyed maps, one level per part: no string is built or hashed per lookup.
 */
interface TrieNode {
  slot: number;
  next: Map<number, TrieNode> | undefined;
}

export class SlotTrie {
  private readonly root = new Map<number, TrieNode>();
  /** How many slots were handed out: the next one's number. */
  size = 0;

  /** The slot of `parts[0..length)` (a new one the first time the tuple is seen). */
  slotOf(parts: readonly number[], length: number): number {
    let level = this.root;
    let node: TrieNode | undefined;
    for (let i = 0; i < length; i += 1) {
      const part = parts[i]!;
      node = level.get(part);
      if (!node) {
        node = { slot: -1, next: undefined };
        level.set(part, node);
      }
      if (i < length - 1) level = node.next ??= new Map<number, TrieNode>();
    }
    if (!node) throw new RangeError('a slot needs at least one part');
    if (node.slot === -1) node.slot = this.size++;
    return node.slot;
  }
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
