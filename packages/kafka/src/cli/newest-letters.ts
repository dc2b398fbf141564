import type { DeadLetterView } from '../dead-letter-view.ts';

/** Failure time, then place in the topic: a total order, so the same letters print the same way. */
function before(a: DeadLetterView, b: DeadLetterView): boolean {
  const at = Date.parse(a.failedAt) - Date.parse(b.failedAt);
  if (at !== 0) return at < 0;
  if (a.partition !== b.partition) return a.partition < b.partition;
  return BigInt(a.offset) < BigInt(b.offset);
}

/**
 * The `limit` most recent dead letters of a topic read in fetch order (partitions interleaved as
 * the broker returns them), kept while reading so a large topic costs `limit` letters of memory,
 * handed back oldest first: the latest failure ends the listing, next to the summary.
 */
export class NewestLetters {
  private readonly kept: DeadLetterView[] = [];

  constructor(private readonly limit: number) {}

  add(letter: DeadLetterView): void {
    if (this.limit <= 0) return;
    if (this.kept.length === this.limit && !before(this.kept[0]!, letter)) return;
    let at = this.kept.length;
    while (at > 0 && before(letter, this.kept[at - 1]!)) at -= 1;
    this.kept.splice(at, 0, letter);
    if (this.kept.length > this.limit) this.kept.shift();
  }

  oldestFirst(): readonly DeadLetterView[] {
    return this.kept;
  }
}
