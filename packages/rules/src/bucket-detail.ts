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
  /** [offset, increment] per event, in arrival order; null once the bucket overflowed. */
  private entries: [number, number][] | null = [];
  private bytes = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  add(offset: number, increment: number): void {
    this.sum += increment;
    this.lo = Math.min(this.lo, offset);
    this.hi = Math.max(this.hi, offset);
    if (this.entries === null) return;
    const text = 1 + String(offset).length + (increment === 1 ? 0 : 1 + String(increment).length);
    this.bytes += text;
    // The first event is always kept, whatever its size.
    if (this.entries.length > 0 && this.bytes > BUCKET_DETAIL_BYTES) this.entries = null;
    else this.entries.push([offset, increment]);
  }

  /** What is known to lie at offsets > `offset` (an ambiguous overflowed bucket: nothing). */
  after(offset: number): number {
    if (this.entries === null) return offset < this.lo ? this.sum : 0;
    let sum = 0;
    for (const [at, increment] of this.entries) if (at > offset) sum += increment;
    return sum;
  }

  /**
   * What is known to lie at offsets ≤ `offset`; when the overflowed bucket cannot tell, only
   * `known` (the reading event's own increment, when it is known to be recorded there).
   */
  atOrBefore(offset: number, known: number): number {
    if (this.entries === null) return offset >= this.hi ? this.sum : known;
    let sum = 0;
    for (const [at, increment] of this.entries) if (at <= offset) sum += increment;
    return sum;
  }
}

/** Bucket index → bucket, for one counter or one local day. */
export class DetailedBuckets {
  private readonly buckets = new Map<number, DetailedBucket>();
  constructor(readonly bucketMs: number) {}

  add(at: number, increment: number): void {
    const index = Math.floor(at / this.bucketMs);
    let bucket = this.buckets.get(index);
    if (!bucket) {
      bucket = new DetailedBucket();
      this.buckets.set(index, bucket);
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
    const last = Math.floor(at / this.bucketMs);
    const first = Number.isFinite(from) ? Math.floor(from / this.bucketMs) : undefined;
    let sum = 0;
    for (const [index, bucket] of this.buckets) {
      if (index > last || (first !== undefined && index < first)) continue;
      if (index === last) sum += bucket.atOrBefore(at - index * this.bucketMs, own);
      else if (index === first) sum += bucket.after(from - index * this.bucketMs);
      else sum += bucket.sum;
    }
    return sum;
  }
}
