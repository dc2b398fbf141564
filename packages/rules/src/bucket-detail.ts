import { BUCKET_DETAIL_BYTES } from './feature-state-layout.ts';

/**
 * A bucket of a counter (or of a daily total) that can be cut at any instant inside it: it
 * remembers each event's offset in the bucket (ms) and increment while their text
 * (",offset[:increment]" each) fits in BUCKET_DETAIL_BYTES; past that only the range of offsets
 * it holds and its sum. A cut inside that range cannot tell which events fall on which side, so
 * the ambiguous part is left out: a value read through a bucket may under-count by at most that
 * bucket, never over-count.
 *
 * The Redis script keeps the same detail as the bucket's field (",off[:inc],…", or "*lo:hi:sum"
 * once it overflowed); this class is its reference model, byte budget included.
 */
export class DetailedBucket {
  sum = 0;
  /**
   * The first event's offset and increment, kept inline: most buckets hold one event and a
   * replay keeps hundreds of thousands of them, so one object per bucket rather than three.
   */
  private firstOffset = 0;
  private firstIncrement = 0;
  /**
   * Offset and increment of each later event, flat ([offset, increment, …]) and in arrival
   * order; undefined until a second event.
   */
  private more: number[] | undefined = undefined;
  /** Past the byte budget: only the range of offsets and the sum are known. */
  private overflowed = false;
  /** The detail's text length; 0 only before the first event (an event takes 2 bytes or more). */
  private bytes = 0;
  /**
   * The range of offsets, kept from the first add (integers from the start: infinities would
   * make every bucket box two doubles).
   */
  private lo = 0;
  private hi = 0;

  add(offset: number, increment: number): void {
    const first = this.bytes === 0;
    this.sum += increment;
    this.lo = first ? offset : Math.min(this.lo, offset);
    this.hi = first ? offset : Math.max(this.hi, offset);
    if (this.overflowed) return;
    const text = 1 + decimalLength(offset) + (increment === 1 ? 0 : 1 + decimalLength(increment));
    this.bytes += text;
    // The first event is always kept, whatever its size.
    if (first) {
      this.firstOffset = offset;
      this.firstIncrement = increment;
    } else if (this.bytes > BUCKET_DETAIL_BYTES) {
      this.overflowed = true;
      this.more = undefined;
    }
    // A literal sized for its one event: push would reserve room for 17.
    else if (this.more) this.more.push(offset, increment);
    else this.more = [offset, increment];
  }

  /** What is known to lie at offsets > `offset` (an ambiguous overflowed bucket: nothing). */
  after(offset: number): number {
    if (this.overflowed) return offset < this.lo ? this.sum : 0;
    let sum = this.firstOffset > offset ? this.firstIncrement : 0;
    const more = this.more;
    if (more) for (let i = 0; i < more.length; i += 2) if (more[i]! > offset) sum += more[i + 1]!;
    return sum;
  }

  /**
   * What is known to lie at offsets ≤ `offset`; when the overflowed bucket cannot tell, only
   * `known` (the reading event's own increment, when it is known to be recorded there).
   */
  atOrBefore(offset: number, known: number): number {
    if (this.overflowed) return offset >= this.hi ? this.sum : known;
    let sum = this.firstOffset <= offset ? this.firstIncrement : 0;
    const more = this.more;
    if (more) for (let i = 0; i < more.length; i += 2) if (more[i]! <= offset) sum += more[i + 1]!;
    return sum;
  }
}

/** `String(n).length` without making the string (this runs for every counted event). */
function decimalLength(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) return String(n).length;
  let length = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) length += 1;
  return length;
}

/**
 * Bucket index → bucket, for one counter or one local day: the indexes ascending in an array
 * beside their buckets. Events come mostly in time order, so adding is nearly always at the
 * end; a window reads the buckets it holds from the newest back, not every index it spans (a
 * 24 h counter of 1 h buckets looked up 25 indexes, most empty). Two arrays also weigh less
 * than a map per counter, and a replay keeps hundreds of thousands of counters.
 */
export class DetailedBuckets {
  private readonly indexes: number[] = [];
  private readonly buckets: DetailedBucket[] = [];
  constructor(readonly bucketMs: number) {}

  add(at: number, increment: number): void {
    const index = Math.floor(at / this.bucketMs);
    const { indexes, buckets } = this;
    const position = this.firstAtOrAfter(index);
    let bucket: DetailedBucket;
    if (indexes[position] === index) bucket = buckets[position]!;
    else {
      bucket = new DetailedBucket();
      if (position === indexes.length) {
        indexes.push(index);
        buckets.push(bucket);
      } else {
        indexes.splice(position, 0, index);
        buckets.splice(position, 0, bucket);
      }
    }
    bucket.add(at - index * this.bucketMs, increment);
  }

  /**
   * Sum of increments recorded at times in (from, at] (from = -Infinity: everything up to `at`),
   * cutting the bucket of `from` and the bucket of `at` by their detail. `own` is the reading
   * event's own increment when it is known to be recorded at `at` (counted even where its
   * bucket cannot be cut).
   */
  sumIn(from: number, at: number, own: number): number {
    const { indexes, buckets, bucketMs } = this;
    const last = Math.floor(at / bucketMs);
    const first = Number.isFinite(from) ? Math.floor(from / bucketMs) : Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (let p = this.firstAtOrAfter(last + 1) - 1; p >= 0; p -= 1) {
      const index = indexes[p]!;
      if (index < first) break;
      const bucket = buckets[p]!;
      // The edge buckets are cut: at's by what lies at or before it, from's by what lies after.
      if (index === last) sum += bucket.atOrBefore(at - index * bucketMs, own);
      else if (index === first) sum += bucket.after(from - index * bucketMs);
      else sum += bucket.sum;
    }
    return sum;
  }

  /** The position of the first bucket whose index is ≥ `index` (the length when none is). */
  private firstAtOrAfter(index: number): number {
    const indexes = this.indexes;
    let high = indexes.length;
    // In time order the answer is the end, or the last bucket: no search.
    if (high === 0 || indexes[high - 1]! < index) return high;
    if (high === 1 || indexes[high - 2]! < index) return high - 1;
    let low = 0;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (indexes[middle]! < index) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
