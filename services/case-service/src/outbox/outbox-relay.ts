import { backoffDelayMs, type RetryPolicy } from '@vigil/kafka';
import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { OutboxPublisher, OutboxStore, RelayOutcome } from './outbox-ports.ts';
import { parseOutboxRecord } from './parse-outbox-record.ts';

// Kafka or PostgreSQL down: retry soon enough that the outbox drains quickly after recovery.
const RELAY_RETRY: RetryPolicy = { initialMs: 200, maxMs: 5_000 };

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
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private consecutiveFailures = 0;
  private nextPruneAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Nudges an idle loop to poll now (after a commit that wrote outbox rows). */
  poke(): void {
    this.wake?.();
  }

  /** Stops polling, then relays what is still pending once more so a drain leaves nothing behind. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    try {
      while ((await this.relayOnce()) > 0 && this.consecutiveFailures === 0);
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'final outbox flush failed; rows stay pending for the next start',
      );
    }
  }

  /** One claim-publish-mark round; returns how many rows were handled (sent or rejected). */
  async relayOnce(): Promise<number> {
    const { store, publisher, counters, logger, batchSize } = this.options;
    let failed = false;
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
        failed = true;
        const classified = classifyError(error);
        counters.failures.inc({ code: classified.code });
        logger.warn({ err: classified, rows: valid.length }, 'outbox publish failed; will retry');
        return {
          sent: [],
          rejected,
          failed: { seqs: valid.map((v) => v.seq), error: classified.message },
        };
      }
      for (const { message } of valid) counters.relayed.inc({ kind: message.kind });
      return { sent: valid.map((v) => v.seq), rejected };
    });
    this.consecutiveFailures = failed ? this.consecutiveFailures + 1 : 0;
    return failed ? 0 : handled;
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

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.relayOnce();
      } catch (error) {
        // PostgreSQL down: nothing was marked, so nothing is lost; wait and retry.
        this.consecutiveFailures += 1;
        this.options.logger.warn({ err: classifyError(error) }, 'outbox claim failed; will retry');
      }
      if (handled > 0 && this.consecutiveFailures === 0) continue;
      if (this.consecutiveFailures === 0) {
        // Idle: housekeeping. A failure here only delays it; relaying goes on.
        await this.pruneIfDue().catch((error: unknown) =>
          this.options.logger.warn(
            { err: classifyError(error) },
            'outbox prune failed; will retry',
          ),
        );
      }
      const delay =
        this.consecutiveFailures > 0
          ? backoffDelayMs(this.consecutiveFailures, RELAY_RETRY)
          : this.options.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
