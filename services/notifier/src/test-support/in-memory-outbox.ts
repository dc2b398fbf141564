import { randomUUID } from 'node:crypto';
import type {
  Clock,
  EnqueueResult,
  NoticeQueue,
  NotificationReader,
  OutboxStore,
} from '../app/ports.ts';
import type { Channel, NotificationIntent, NotificationRecord } from '../domain/notification.ts';
import { rateLimitStatus, suppressionReason, type RateLimitPolicy } from '../domain/rate-limit.ts';

/**
 * The outbox ports in memory, with the contract PgOutbox keeps on PostgreSQL: one row per
 * (decisionId, kind), the rate limit over accepted rows, leases, and settling guarded by the
 * attempt so a stale holder changes nothing. For unit tests of the use cases.
 */
export class InMemoryOutbox implements NoticeQueue, OutboxStore, NotificationReader {
  readonly rows = new Map<string, NotificationRecord & { leaseUntil: number | undefined }>();

  constructor(
    private readonly clock: Clock,
    private readonly rateLimit: RateLimitPolicy = {
      maxPerWindow: 100,
      windowMs: 3_600_000,
      exemptKinds: [],
    },
  ) {}

  enqueue(intents: readonly NotificationIntent[]): Promise<EnqueueResult> {
    const result: EnqueueResult = { created: [], duplicates: 0 };
    const now = this.clock();
    for (const intent of intents) {
      const rows = [...this.rows.values()];
      if (rows.some((row) => row.decisionId === intent.decisionId && row.kind === intent.kind)) {
        result.duplicates += 1;
        continue;
      }
      const accepted = rows.filter(
        (row) =>
          row.accountId === intent.accountId &&
          row.status !== 'suppressed' &&
          row.status !== 'dead' &&
          row.createdAt.getTime() > now - this.rateLimit.windowMs,
      ).length;
      const status = rateLimitStatus(intent.kind, accepted, this.rateLimit);
      const id = randomUUID();
      this.rows.set(id, {
        id,
        decisionId: intent.decisionId,
        kind: intent.kind,
        accountId: intent.accountId,
        status,
        facts: intent.facts,
        decision: intent.decision ?? null,
        decidedAt: new Date(intent.decidedAt),
        channel: null,
        locale: null,
        attempts: 0,
        nextAttemptAt: new Date(now),
        lastError: status === 'suppressed' ? suppressionReason(this.rateLimit) : null,
        createdAt: new Date(now),
        updatedAt: new Date(now),
        sentAt: null,
        leaseUntil: undefined,
      });
      result.created.push({ id, kind: intent.kind, status });
    }
    return Promise.resolve(result);
  }

  claimDue(limit: number, leaseMs: number): Promise<NotificationRecord[]> {
    const now = this.clock();
    const due = [...this.rows.values()]
      .filter(
        (row) =>
          (row.status === 'pending' && row.nextAttemptAt.getTime() <= now) ||
          (row.status === 'sending' && (row.leaseUntil ?? 0) < now),
      )
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit);
    for (const row of due) {
      Object.assign(row, {
        status: 'sending',
        attempts: row.attempts + 1,
        leaseUntil: now + leaseMs,
        updatedAt: new Date(now),
      });
    }
    return Promise.resolve(due.map((row) => ({ ...row })));
  }

  markSent(id: string, attempt: number, channel: Channel, locale: string): Promise<void> {
    const now = new Date(this.clock());
    this.settle(id, attempt, { status: 'sent', channel, locale, sentAt: now, lastError: null });
    return Promise.resolve();
  }

  markRetry(
    id: string,
    attempt: number,
    delayMs: number,
    error: string,
    channel: Channel | null,
  ): Promise<void> {
    const nextAttemptAt = new Date(this.clock() + delayMs);
    this.settle(id, attempt, { status: 'pending', nextAttemptAt, lastError: error, channel });
    return Promise.resolve();
  }

  markDead(id: string, attempt: number, error: string, channel: Channel | null): Promise<void> {
    this.settle(id, attempt, { status: 'dead', lastError: error, channel });
    return Promise.resolve();
  }

  oldestPendingAgeSeconds(): Promise<number> {
    const waiting = [...this.rows.values()].filter(
      (row) => row.status === 'pending' || row.status === 'sending',
    );
    if (waiting.length === 0) return Promise.resolve(0);
    const oldest = Math.min(...waiting.map((row) => row.createdAt.getTime()));
    return Promise.resolve((this.clock() - oldest) / 1000);
  }

  get(id: string): Promise<NotificationRecord | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row === undefined ? undefined : { ...row });
  }

  listByAccount(accountId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = [...this.rows.values()]
      .filter((row) => row.accountId === accountId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return Promise.resolve(rows.slice(0, limit).map((row) => ({ ...row })));
  }

  /** The row for a (decisionId, kind), as a test looks it up. */
  find(decisionId: string, kind: NotificationRecord['kind']): NotificationRecord | undefined {
    return [...this.rows.values()].find(
      (row) => row.decisionId === decisionId && row.kind === kind,
    );
  }

  private settle(
    id: string,
    attempt: number,
    change: Partial<NotificationRecord> & { channel?: Channel | null },
  ): void {
    const row = this.rows.get(id);
    if (row === undefined || row.attempts !== attempt || row.status !== 'sending') return;
    // COALESCE(channel): a failure before a channel was chosen keeps the one recorded earlier.
    const channel = change.channel ?? row.channel;
    Object.assign(row, change, {
      channel,
      leaseUntil: undefined,
      updatedAt: new Date(this.clock()),
    });
  }
}
