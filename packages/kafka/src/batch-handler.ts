import type { Logger } from '@vigil/observability';
import type { ConsumedRecord } from './consumed-record.ts';
import type { PermanentRecordError } from './permanent-record-error.ts';

/** What a handler gets besides its records: where they came from and ways to stay healthy. */
export interface BatchContext {
  topic: string;
  partition: number;
  /** 0 on the first try of these records, then 1, 2… after retryable failures. */
  attempt: number;
  logger: Logger;
  /** Keep the group membership alive during long work (the runner also heartbeats between retries). */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or lost the partition: long handlers may stop early. */
  isActive(): boolean;
  /** Dead-letter one record and carry on; `perKeyInOrder` uses this for PermanentRecordError. */
  deadLetter(error: PermanentRecordError): Promise<void>;
}

/**
 * Called once per partition batch with the valid records in offset order. Resolve = every effect
 * of these records is durable (their offsets get committed); throw = retry the batch later.
 */
export type BatchHandler<T> = (records: ConsumedRecord<T>[], ctx: BatchContext) => Promise<void>;

/** A fetch handler's context: a batch context without one topic and partition. */
export type FetchContext = Omit<BatchContext, 'topic' | 'partition'>;

/**
 * Called once per fetch (scope `fetch`) with the valid records of every partition batch the fetch
 * returned, each partition's in offset order, partitions one after the other (records carry their
 * topic and partition). Resolve = every effect of these records is durable; throw = retry them
 * all later. For handlers whose cost is per call (a database transaction): one per fetch instead
 * of one per partition.
 */
export type FetchHandler<T> = (records: ConsumedRecord<T>[], ctx: FetchContext) => Promise<void>;
