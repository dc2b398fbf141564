import { randomUUID } from 'node:crypto';
import type {
  AccountNotices,
  Clock,
  IncidentCloser,
  IntakeScope,
  NoticeStore,
  NotificationReader,
  OutboxStore,
  RecordedCause,
} from '../app/ports.ts';
import type { Channel, NotificationRecord } from '../domain/notification.ts';

interface StoredIncident {
  id: string;
  accountId: string;
  lastActivityAt: Date;
  locked: boolean;
  closedBy: IncidentCloser | undefined;
}

/**
 * The outbox ports in memory, with the contract PgOutbox keeps on PostgreSQL: causes recorded
 * once, one open incident per account, notices listing activities only while unsent, leases,
 * and settling guarded by the attempt so a stale holder changes nothing. For unit tests of the
 * use cases.
 */
export class InMemoryOutbox implements NoticeStore, OutboxStore, NotificationReader {
  readonly rows = new Map<string, NotificationRecord & { leaseUntil: number | undefined }>();
  readonly incidents = new Map<string, StoredIncident>();
  readonly causes = new Map<string, RecordedCause & { accountId: string }>();

  constructor(private readonly clock: Clock) {}

  withAccounts<T>(
    _scope: IntakeScope,
    work: (account: (accountId: string) => AccountNotices) => Promise<T>,
  ): Promise<T> {
    // Single-threaded: every call already holds every account. No rollback: tests of a failing
    // store use a store that fails before doing anything.
    return work((accountId) => this.account(accountId));
  }

  private account(accountId: string): AccountNotices {
    const now = () => this.clock();
    const { rows, incidents, causes } = this;
    const incidentNotices = (id: string) =>
      Object.fromEntries(
        [...rows.values()].filter((row) => row.incidentId === id).map((row) => [row.kind, row.id]),
      );
    return {
      causeRecorded: (causeId, kind) => Promise.resolve(causes.has(`${causeId}/${kind}`)),
      recordCause(cause) {
        causes.set(`${cause.causeId}/${cause.kind}`, { ...cause, accountId });
        return Promise.resolve();
      },
      openIncident() {
        const open = [...incidents.values()].find(
          (incident) => incident.accountId === accountId && incident.closedBy === undefined,
        );
        return Promise.resolve(
          open === undefined
            ? undefined
            : {
                id: open.id,
                lastActivityAt: open.lastActivityAt,
                locked: open.locked,
                notices: incidentNotices(open.id),
              },
        );
      },
      openIncidentOf(causeId, kind) {
        const row = [...rows.values()].find((r) => r.decisionId === causeId && r.kind === kind);
        const incident = row?.incidentId == null ? undefined : incidents.get(row.incidentId);
        return Promise.resolve(incident?.closedBy === undefined ? incident?.id : undefined);
      },
      createIncident(openedAt) {
        const id = randomUUID();
        incidents.set(id, {
          id,
          accountId,
          lastActivityAt: openedAt,
          locked: false,
          closedBy: undefined,
        });
        return Promise.resolve(id);
      },
      updateIncident(id, change) {
        const incident = incidents.get(id)!;
        if (change.activityAt !== undefined && change.activityAt > incident.lastActivityAt)
          incident.lastActivityAt = change.activityAt;
        const was = { locked: incident.locked, closed: incident.closedBy !== undefined };
        incident.locked ||= change.lock ?? false;
        incident.closedBy ??= change.close;
        return Promise.resolve({
          locked: incident.locked && !was.locked,
          closed: incident.closedBy !== undefined && !was.closed,
        });
      },
      acceptedSince: (windowMs) =>
        Promise.resolve(
          [...rows.values()].filter(
            (row) =>
              row.accountId === accountId &&
              row.status !== 'suppressed' &&
              row.status !== 'dead' &&
              row.createdAt.getTime() > now() - windowMs,
          ).length,
        ),
      createNotice: ({ intent, incidentId, status, lastError, sendAfterMs }) => {
        const id = randomUUID();
        rows.set(id, {
          id,
          decisionId: intent.decisionId,
          kind: intent.kind,
          accountId,
          status,
          facts: intent.facts,
          incidentId: incidentId ?? null,
          activities: [],
          activityCount: 1,
          decision: intent.decision ?? null,
          decidedAt: new Date(intent.decidedAt),
          channel: null,
          locale: null,
          attempts: 0,
          nextAttemptAt: new Date(now() + sendAfterMs),
          lastError,
          createdAt: new Date(now()),
          updatedAt: new Date(now()),
          sentAt: null,
          leaseUntil: undefined,
        });
        return Promise.resolve(id);
      },
      addActivity(noticeId, facts, maxListed) {
        const row = rows.get(noticeId);
        if (row?.status !== 'pending') return Promise.resolve('sent' as const);
        if (row.activities.length + 1 < maxListed) row.activities = [...row.activities, facts];
        row.activityCount += 1;
        return Promise.resolve('unsent' as const);
      },
      withdrawNotice(noticeId, reason) {
        const row = rows.get(noticeId);
        if (row?.status !== 'pending') return Promise.resolve(false);
        Object.assign(row, { status: 'suppressed', lastError: reason });
        return Promise.resolve(true);
      },
    };
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

  decisionsCovered(notificationId: string): Promise<string[]> {
    const covered = [...this.causes.values()]
      .filter((cause) => cause.notificationId === notificationId && cause.outcome !== 'superseded')
      .map((cause) => cause.causeId);
    return Promise.resolve([...new Set(covered)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
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
