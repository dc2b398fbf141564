import { describe, expect, it, vi } from 'vitest';
import { BoundedWriter, type BackpressuredSink } from './bounded-writer.ts';

/** A sink with room for `capacity` items until drained, like a Writable's highWaterMark. */
function fakeSink(capacity: number) {
  const written: number[] = [];
  let buffered = 0;
  let drain: (() => void) | undefined;
  const sink: BackpressuredSink<number> = {
    write: (item) => {
      written.push(item);
      buffered += 1;
      return buffered < capacity;
    },
    onceDrain: (listener) => {
      drain = listener;
    },
  };
  return {
    sink,
    written,
    drain: () => {
      buffered = 0;
      const listener = drain;
      drain = undefined;
      listener?.();
    },
  };
}

describe('BoundedWriter', () => {
  it('writes straight through while the sink accepts', () => {
    const { sink, written } = fakeSink(100);
    const writer = new BoundedWriter(sink, 3, vi.fn());
    for (let i = 0; i < 10; i += 1) writer.push(i);
    expect(written).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(writer.queued).toBe(0);
  });

  it('stops writing when the sink says so and resumes, in order, on drain', () => {
    const { sink, written, drain } = fakeSink(2);
    const writer = new BoundedWriter(sink, 10, vi.fn());
    for (let i = 0; i < 5; i += 1) writer.push(i);
    expect(written).toEqual([0, 1]);
    expect(writer.queued).toBe(3);
    drain();
    expect(written).toEqual([0, 1, 2, 3]);
    drain();
    expect(written).toEqual([0, 1, 2, 3, 4]);
    expect(writer.queued).toBe(0);
  });

  it('drops a consumer that stays behind instead of growing its queue', () => {
    const { sink, written, drain } = fakeSink(1);
    const onOverflow = vi.fn();
    const writer = new BoundedWriter(sink, 3, onOverflow);
    for (let i = 0; i < 100; i += 1) writer.push(i);
    expect(onOverflow).toHaveBeenCalledTimes(1);
    expect(onOverflow).toHaveBeenCalledWith(3);
    expect(writer.isClosed).toBe(true);
    expect(writer.queued).toBe(0);
    drain();
    expect(written).toEqual([0]);
  });
});
