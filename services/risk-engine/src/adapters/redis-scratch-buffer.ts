/**
 * A buffer to encode into, reused by every call of one encoder (encoders are synchronous), whose
 * result is then copied out at its exact size. Encoders size their writes by a bound (3 bytes per
 * UTF-16 unit), often several times what is written: allocated per call at that bound, a call's
 * buffer passed Node's pool limit (4 KiB) and became an allocation of its own, outside the heap.
 */
export class ScratchBuffer {
  private buffer = Buffer.allocUnsafe(16 * 1024);

  /** The scratch, at least `capacity` bytes (its content is garbage). */
  atLeast(capacity: number): Buffer {
    if (this.buffer.length < capacity)
      this.buffer = Buffer.allocUnsafe(Math.max(capacity, 2 * this.buffer.length));
    return this.buffer;
  }

  /** A copy of the scratch's first `length` bytes (from Node's pool when small). */
  copy(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    this.buffer.copy(out, 0, 0, length);
    return out;
  }
}
