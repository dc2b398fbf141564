/** The part of a writable stream the watcher needs; a gRPC server stream satisfies it. */
export interface BackpressuredSink<T> {
  /** false means "stop writing until drain". */
  write(item: T): boolean;
  onceDrain(listener: () => void): void;
}

/**
 * Writes to a stream while it accepts, queues while it is full, and gives up on a consumer
 * that stays behind: past `maxQueued` items the writer closes and calls `onOverflow`, so a
 * stalled live console costs at most `maxQueued` items of memory, never an unbounded buffer.
 */
export class BoundedWriter<T> {
  private readonly queue: T[] = [];
  private waitingForDrain = false;
  private closed = false;

  constructor(
    private readonly sink: BackpressuredSink<T>,
    private readonly maxQueued: number,
    private readonly onOverflow: (queued: number) => void,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waitingForDrain) {
      if (this.queue.length >= this.maxQueued) {
        this.close();
        this.onOverflow(this.maxQueued);
        return;
      }
      this.queue.push(item);
      return;
    }
    this.writeOrWait(item);
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private writeOrWait(item: T): void {
    if (this.sink.write(item)) return;
    this.waitingForDrain = true;
    this.sink.onceDrain(() => this.flush());
  }

  private flush(): void {
    this.waitingForDrain = false;
    while (!this.closed && !this.waitingForDrain) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.writeOrWait(next);
    }
  }
}
