import type { BatchContext, BatchHandler } from './batch-handler.ts';
import type { ConsumedRecord } from './consumed-record.ts';
import { isPermanentRecordError } from './permanent-record-error.ts';

/** Splits records by key, keeping offset order inside each key. Null keys share one lane. */
export function groupByKey<T>(records: readonly ConsumedRecord<T>[]): ConsumedRecord<T>[][] {
  const lanes = new Map<string | null, ConsumedRecord<T>[]>();
  for (const record of records) {
    const lane = lanes.get(record.key);
    if (lane) lane.push(record);
    else lanes.set(record.key, [record]);
  }
  return [...lanes.values()];
}

/**
 * Turns a per-record function into a batch handler: records of one key (one account) run one
 * after another in offset order, different keys run concurrently up to `concurrency`.
 * A PermanentRecordError dead-letters that record and the key's lane goes on; any other error
 * stops starting new records, waits for the ones in flight and fails the batch (it is retried,
 * so `fn` must be idempotent, as every Vigil effect is).
 */
export function perKeyInOrder<T>(
  fn: (record: ConsumedRecord<T>, ctx: BatchContext) => Promise<void>,
  options: { concurrency: number },
): BatchHandler<T> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  return async (records, ctx) => {
    const lanes = groupByKey(records);
    let next = 0;
    let failure: { error: unknown } | undefined;

    const runLane = async (lane: ConsumedRecord<T>[]) => {
      for (const record of lane) {
        if (failure) return;
        try {
          await fn(record, ctx);
        } catch (error) {
          try {
            if (!isPermanentRecordError(error)) throw error;
            await ctx.deadLetter(error);
          } catch (fatal) {
            failure ??= { error: fatal };
            return;
          }
        }
      }
    };
    const worker = async () => {
      while (!failure && next < lanes.length) {
        const lane = lanes[next++];
        if (lane) await runLane(lane);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
    if (failure) throw failure.error;
  };
}
