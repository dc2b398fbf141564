import { classifyError, type VigilError } from '@vigil/errors';
import { PollingLoop, type RetryPolicy } from '@vigil/lifecycle';
import type { Logger } from 'pino';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { OutboxPublisher, OutboxStore, RelayOutcome } from './ports.ts';
import { parseOutboxRecord } from './parse-outbox-record.ts';

// Kafka or PostgreSQL down: retry soon enough that the outbox drains quickly after recovery.
const RELAY_RETRY: RetryPolicy = { initialDelayMs: 200, maxDelayMs: 5_000, jitter: 0.5 };

export interface RelayCounters {
  relayed: { inc(labels: { kind: string }, value?: number): void };
  rejected: { inc(value?: number): void };
  failures: { inc(labels: { code: string }): void };
  pruned: { inc(value?: number): void };
}

/** Sent rows are kept `keepSentMs` (for audits and replays by hand), then deleted in the background. */
export interface OutboxRetention {
  keepSentMs: number;
  /** How often the idle relay looks for rows to delete. */
  everyMs: number;
}

const PRUNE_BATCH = 1_000;

export interface OutboxRelayOptions {
  store: OutboxStore;
  publisher: OutboxPublisher;
  logger: Logger;
  counters: RelayCounters;
  /** Idle wait between polls when the outbox is empty. */
  pollMs: number;
  batchSize: number;
  retention: OutboxRetention;
  now?: () => number;
}

/**
 * Moves committed outbox rows to Kafka: claim a batch, validate, publish (idempotent producer,
 * acks=all), mark sent only after the ack. A crash between ack and mark re-sends the same ids,
 * which consumers dedupe; a Kafka outage leaves rows pending and the loop backs off.
 */
export class OutboxRelay {
  private running = false;
  private nextPruneAt = 0;
  private readonly loop: PollingLoop;

  constructor(private readonly options: OutboxRelayOptions) {
    this.loop = new PollingLoop({
      name: 'outbox-relay',
      tick: () => this.tick(),
      intervalMs: options.pollMs,
      backoff: RELAY_RETRY,
      logger: options.logger,
    });
  }

  start(): void {
    this.running = true;
    this.loop.start();
  }

  /** Nudges an idle loop to poll now (after a commit that wrote outbox rows). */
  poke(): void {
    this.loop.wake();
  }

  /** Healthy when a round reached PostgreSQL and Kafka recently. */
  isHealthy(): boolean {
    return this.loop.isHealthy();
  }

  /** Stops polling, then relays what is still pending once more so a drain leaves nothing behind. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop.stop();
    try {
      for (;;) {
        const { handled, failure } = await this.relayBatch();
        if (failure !== undefined) throw failure;
        if (handled === 0) break;
      }
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'final outbox flush failed; rows stay pending for the next start',
      );
    }
  }

  /** One claim-publish-mark round; returns how many rows were handled (sent or rejected). */
  async relayOnce(): Promise<number> {
    return (await this.relayBatch()).handled;
  }

  /**
   * One round; a failed publish is not thrown (the rows must still be marked failed in the same
   * claim) but returned, with nothing counted as handled.
   */
  private async relayBatch(): Promise<{ handled: number; failure?: VigilError }> {
    const { store, publisher, counters, logger, batchSize } = this.options;
    let failure: VigilError | undefined;
    const handled = await store.claim(batchSize, async (records): Promise<RelayOutcome> => {
      const valid: { seq: string; message: OutboxMessage }[] = [];
      const rejected: { seq: string; error: string }[] = [];
      for (const record of records) {
        const parsed = parseOutboxRecord(record);
        if (parsed.ok) valid.push({ seq: record.seq, message: parsed.message });
        else rejected.push({ seq: record.seq, error: parsed.error });
      }
      if (rejected.length > 0) {
        counters.rejected.inc(rejected.length);
        logger.error({ rejected }, 'outbox rows fail their schema; parked, never sent');
      }
      try {
        await publisher.publish(valid.map((v) => v.message));
      } catch (error) {
        failure = classifyError(error);
        counters.failures.inc({ code: failure.code });
        return {
          sent: [],
          rejected,
          failed: { seqs: valid.map((v) => v.seq), error: failure.message },
        };
      }
      for (const { message } of valid) counters.relayed.inc({ kind: message.kind });
      return { sent: valid.map((v) => v.seq), rejected };
    });
    return failure === undefined ? { handled } : { handled: 0, failure };
  }

  /**
   * Deletes sent rows older than the retention, in batches, when due; returns how many. Without
   * it the outbox grows by every case change forever and the relay's scans slow down with it.
   */
  async pruneIfDue(): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    if (now < this.nextPruneAt) return 0;
    this.nextPruneAt = now + this.options.retention.everyMs;
    const sentBefore = new Date(now - this.options.retention.keepSentMs);
    let total = 0;
    for (;;) {
      const deleted = await this.options.store.prune(sentBefore, PRUNE_BATCH);
      total += deleted;
      if (deleted < PRUNE_BATCH || !this.running) break;
    }
    if (total > 0) {
      this.options.counters.pruned.inc(total);
      this.options.logger.info({ deleted: total, sentBefore }, 'pruned sent outbox rows');
    }
    return total;
  }

  /**
   * The polling loop's unit of work: relay a batch (a failure is thrown so the loop backs off and
   * logs it, escalating to an error while it lasts); when idle, housekeeping.
   */
  private async tick(): Promise<boolean> {
    // PostgreSQL down makes claim throw: nothing was marked, so nothing is lost.
    const { handled, failure } = await this.relayBatch();
    if (failure !== undefined) throw failure;
    if (handled > 0) return true;
    // A prune failure only delays housekeeping; relaying goes on.
    await this.pruneIfDue().catch((error: unknown) =>
      this.options.logger.warn({ err: classifyError(error) }, 'outbox prune failed; will retry'),
    );
    return false;
  }
}
