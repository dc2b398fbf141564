import type { SimulatedRecord } from '../domain/ground-truth.ts';
import { Prng } from '../domain/prng.ts';
import type { RecordSink } from './record-sink.ts';

export interface ResendingOptions {
  /** Share of records written a second time, 0–1. */
  rate: number;
  seed: number;
  /** How many later records go out before the copy (a retry after a lost acknowledgement). */
  afterRecords?: number;
}

export interface ResendingSink extends RecordSink {
  /** Copies written so far. */
  resent(): number;
}

/**
 * An at-least-once upstream: every record is written, and a seeded share of them once more a
 * few records later, as a producer that retried after a lost acknowledgement would. The copy is
 * the same event (same eventId, same payload) at a later offset, often behind newer events of
 * the same account; a consumer must decide it once and count it once.
 */
export function createResendingSink(inner: RecordSink, options: ResendingOptions): ResendingSink {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError('rate must be within 0..1');
  const after = options.afterRecords ?? 5;
  const rng = new Prng(options.seed, 'upstream-resends');
  const queued: { dueAt: number; record: SimulatedRecord }[] = [];
  let written = 0;
  let resent = 0;

  async function writeDue(all: boolean): Promise<void> {
    while (queued.length > 0 && (all || queued[0]!.dueAt <= written)) {
      const { record } = queued.shift()!;
      await inner.write(record);
      resent += 1;
    }
  }

  return {
    write: async (record) => {
      await inner.write(record);
      written += 1;
      if (rng.next() < options.rate) queued.push({ dueAt: written + after, record });
      await writeDue(false);
    },
    flush: async () => {
      await writeDue(true);
      await inner.flush();
    },
    close: async () => {
      await writeDue(true);
      await inner.close();
    },
    resent: () => resent,
  };
}
