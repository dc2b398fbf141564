import type { OutboxMessage } from '../domain/outbox-messages.ts';

/** A pending outbox row: the message plus its position in the outbox. */
export interface PendingRecord {
  seq: string;
  kind: string;
  messageId: string;
  key: string;
  payload: unknown;
}

export interface RelayOutcome {
  sent: readonly string[];
  rejected: readonly { seq: string; error: string }[];
  failed?: { seqs: readonly string[]; error: string };
}

export interface OutboxStore {
  /**
   * Locks up to `limit` pending rows (the oldest), hands them to `relay`, records its outcome and
   * commits. Only one relay across replicas claims at a time, so messages leave in outbox order
   * (an account's lock before its unlock); returns 0 without calling `relay` while another
   * replica's batch is in flight (that relay goes on to the next rows itself).
   */
  claim(
    limit: number,
    relay: (records: readonly PendingRecord[]) => Promise<RelayOutcome>,
  ): Promise<number>;
  pendingCount(): Promise<number>;
  /**
   * Deletes up to `limit` rows sent before `sentBefore` (oldest first); returns how many. Pending
   * and rejected rows are never deleted: rejected ones wait for an operator.
   */
  prune(sentBefore: Date, limit: number): Promise<number>;
}

export interface OutboxPublisher {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publish(messages: readonly OutboxMessage[]): Promise<void>;
}
