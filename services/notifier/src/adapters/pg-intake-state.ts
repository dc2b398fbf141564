import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IncidentCloser, IncidentUpdate, IntakeScope, RecordedCause } from '../app/ports.ts';
import type { OpenIncident } from '../domain/incident-policy.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationFacts,
  type NotificationIntent,
  type NotificationKind,
} from '../domain/notification.ts';

const kind = z.enum(NOTIFICATION_KINDS);

/** The row LOAD_INTAKE_STATE returns. */
export const loadedIntakeState = z.object({
  now_ms: z.coerce.number(),
  recorded: z.array(z.tuple([z.string(), kind])),
  accepted: z.record(z.string(), z.coerce.number().int()),
  incidents: z.array(
    z.object({
      id: z.string(),
      account_id: z.string(),
      locked: z.boolean(),
      last_activity_ms: z.number(),
      notices: z.array(z.object({ id: z.string(), kind })),
    }),
  ),
  held: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      listed: z.number().int(),
      created_ms: z.number(),
    }),
  ),
});
export type LoadedIntakeState = z.infer<typeof loadedIntakeState>;

export interface IncidentState {
  id: string;
  accountId: string;
  /** Only read for a new incident (the others are not inserted). */
  openedAt: Date;
  lastActivityAt: Date;
  locked: boolean;
  closedBy: IncidentCloser | undefined;
  notices: Partial<Record<NotificationKind, string>>;
  /** In the database before this batch (else inserted at its end). */
  stored: boolean;
  changed: boolean;
}

export interface NewNotice {
  id: string;
  decisionId: string;
  kind: NotificationKind;
  accountId: string;
  status: 'pending' | 'suppressed';
  facts: NotificationFacts;
  /** JSON text, or null for a case resolution. */
  decision: string | null;
  decidedAt: string;
  lastError: string | null;
  incidentId: string | null;
  sendAfterMs: number;
  activities: NotificationFacts[];
  activityCount: number;
}

/** A notice of an open incident, locked by the batch: what the batch changes in it. */
export interface HeldNotice {
  id: string;
  accountId: string;
  /** Unsent when the batch locked it (else the dispatcher has it or had it: nothing changes). */
  pending: boolean;
  createdMs: number;
  listed: number;
  appended: NotificationFacts[];
  added: number;
  withdrawn: string | undefined;
}

const causeKey = (causeId: string, kind: NotificationKind) => `${kind}\u001f${causeId}`;

/**
 * An intake batch's copy of its accounts' notices and incidents (no SQL here): loaded once, then
 * changed the way each of the intake's statements would change the rows, and read back for the
 * batch's writes. A method answering `undefined` does not know (a row the batch did not load):
 * the caller asks the database.
 */
export class IntakeState {
  private readonly asked: Set<string>;
  private readonly recorded: Set<string>;
  private readonly incidents = new Map<string, IncidentState>();
  private readonly openOf = new Map<string, IncidentState>();
  private readonly held = new Map<string, HeldNotice>();
  private readonly notices = new Map<string, NewNotice>();
  private readonly causes: (RecordedCause & { accountId: string })[] = [];
  /** Accounts a notice of was withdrawn in the database (not held): their loaded count is stale. */
  private readonly recount = new Set<string>();

  constructor(
    private readonly loaded: LoadedIntakeState,
    private readonly scope: IntakeScope,
  ) {
    this.asked = new Set(scope.causes.map((c) => causeKey(c.causeId, c.kind)));
    this.recorded = new Set(loaded.recorded.map(([id, k]) => causeKey(id, k)));
    const heldRows = new Map(loaded.held.map((row) => [row.id, row]));
    for (const row of loaded.incidents) {
      const notices: Partial<Record<NotificationKind, string>> = {};
      for (const notice of row.notices) {
        notices[notice.kind] = notice.id;
        const held = heldRows.get(notice.id);
        if (held)
          this.held.set(held.id, {
            id: held.id,
            accountId: row.account_id,
            pending: held.status === 'pending',
            createdMs: held.created_ms,
            listed: held.listed,
            appended: [],
            added: 0,
            withdrawn: undefined,
          });
      }
      const lastActivityAt = new Date(row.last_activity_ms);
      const incident: IncidentState = {
        id: row.id,
        accountId: row.account_id,
        openedAt: lastActivityAt,
        lastActivityAt,
        locked: row.locked,
        closedBy: undefined,
        notices,
        stored: true,
        changed: false,
      };
      this.incidents.set(row.id, incident);
      this.openOf.set(row.account_id, incident);
    }
  }

  causeRecorded(causeId: string, k: NotificationKind): boolean | undefined {
    const key = causeKey(causeId, k);
    if (this.recorded.has(key)) return true;
    return this.asked.has(key) ? false : undefined;
  }

  recordCause(accountId: string, cause: RecordedCause): void {
    this.recorded.add(causeKey(cause.causeId, cause.kind));
    this.causes.push({ ...cause, accountId });
  }

  openIncident(accountId: string): OpenIncident | undefined {
    const open = this.openOf.get(accountId);
    if (open === undefined) return undefined;
    const { id, lastActivityAt, locked, notices } = open;
    return { id, lastActivityAt, locked, notices: { ...notices } };
  }

  /** The open incident of a notice this batch created; undefined: not one of the batch's. */
  incidentOfNew(causeId: string, k: NotificationKind): { id: string | undefined } | undefined {
    for (const notice of this.notices.values()) {
      if (notice.decisionId !== causeId || notice.kind !== k) continue;
      const incident =
        notice.incidentId === null ? undefined : this.incidents.get(notice.incidentId);
      return { id: incident?.closedBy === undefined ? incident?.id : undefined };
    }
    return undefined;
  }

  /** The database's open incident `id`, unless this batch closed it. */
  stillOpen(id: string): boolean {
    return this.incidents.get(id)?.closedBy === undefined;
  }

  createIncident(accountId: string, openedAt: Date): string {
    const incident: IncidentState = {
      id: randomUUID(),
      accountId,
      openedAt,
      lastActivityAt: openedAt,
      locked: false,
      closedBy: undefined,
      notices: {},
      stored: false,
      changed: false,
    };
    this.incidents.set(incident.id, incident);
    this.openOf.set(accountId, incident);
    return incident.id;
  }

  /** As UPDATE_INCIDENT would; undefined for an incident the batch did not load or open. */
  updateIncident(
    id: string,
    change: { activityAt?: Date; lock?: boolean; close?: IncidentCloser },
  ): IncidentUpdate | undefined {
    const incident = this.incidents.get(id);
    if (incident === undefined) return undefined;
    const was = { locked: incident.locked, closed: incident.closedBy !== undefined };
    if (change.activityAt !== undefined && change.activityAt > incident.lastActivityAt) {
      incident.lastActivityAt = change.activityAt;
      incident.changed = true;
    }
    if (change.lock === true && !incident.locked) {
      incident.locked = true;
      incident.changed = true;
    }
    if (change.close !== undefined && incident.closedBy === undefined) {
      incident.closedBy = change.close;
      incident.changed = true;
      if (this.openOf.get(incident.accountId) === incident) this.openOf.delete(incident.accountId);
    }
    return {
      locked: incident.locked && !was.locked,
      closed: incident.closedBy !== undefined && !was.closed,
    };
  }

  /**
   * Notices given within `windowMs`: the database's count (loaded, or `counted` when the caller
   * asked it for another window or after a withdrawal it made) with this batch's changes.
   */
  acceptedSince(accountId: string, windowMs: number, counted?: number): number | undefined {
    const base =
      counted ??
      (windowMs === this.scope.rateWindowMs && !this.recount.has(accountId)
        ? (this.loaded.accepted[accountId] ?? 0)
        : undefined);
    if (base === undefined) return undefined;
    let n = base;
    for (const notice of this.notices.values())
      if (notice.accountId === accountId && notice.status === 'pending') n += 1;
    for (const notice of this.held.values())
      if (
        notice.accountId === accountId &&
        notice.withdrawn !== undefined &&
        notice.createdMs > this.loaded.now_ms - windowMs
      )
        n -= 1;
    return n;
  }

  createNotice(
    accountId: string,
    notice: {
      intent: NotificationIntent;
      incidentId: string | undefined;
      status: 'pending' | 'suppressed';
      lastError: string | null;
      sendAfterMs: number;
    },
  ): string {
    const { intent } = notice;
    const created: NewNotice = {
      id: randomUUID(),
      decisionId: intent.decisionId,
      kind: intent.kind,
      accountId,
      status: notice.status,
      facts: intent.facts,
      decision: intent.decision === undefined ? null : JSON.stringify(intent.decision),
      decidedAt: intent.decidedAt,
      lastError: notice.lastError,
      incidentId: notice.incidentId ?? null,
      sendAfterMs: notice.sendAfterMs,
      activities: [],
      activityCount: 1,
    };
    this.notices.set(created.id, created);
    const incident =
      notice.incidentId === undefined ? undefined : this.incidents.get(notice.incidentId);
    if (incident) incident.notices[intent.kind] = created.id;
    return created.id;
  }

  /** As ADD_ACTIVITY would; undefined for a notice the batch neither holds nor created. */
  addActivity(
    noticeId: string,
    facts: NotificationFacts,
    maxListed: number,
  ): 'unsent' | 'sent' | undefined {
    const held = this.held.get(noticeId);
    if (held !== undefined) {
      if (!held.pending || held.withdrawn !== undefined) return 'sent';
      if (held.listed + 1 < maxListed) {
        held.appended.push(facts);
        held.listed += 1;
      }
      held.added += 1;
      return 'unsent';
    }
    const notice = this.notices.get(noticeId);
    if (notice === undefined) return undefined;
    if (notice.status !== 'pending') return 'sent';
    if (notice.activities.length + 1 < maxListed) notice.activities.push(facts);
    notice.activityCount += 1;
    return 'unsent';
  }

  /** As WITHDRAW_NOTICE would; undefined for a notice the batch neither holds nor created. */
  withdrawNotice(noticeId: string, reason: string): boolean | undefined {
    const held = this.held.get(noticeId);
    if (held !== undefined) {
      if (!held.pending || held.withdrawn !== undefined) return false;
      held.withdrawn = reason;
      return true;
    }
    const notice = this.notices.get(noticeId);
    if (notice === undefined) return undefined;
    if (notice.status !== 'pending') return false;
    notice.status = 'suppressed';
    notice.lastError = reason;
    return true;
  }

  /** The database withdrew one of the account's notices: its loaded count no longer holds. */
  withdrawnInDatabase(accountId: string): void {
    this.recount.add(accountId);
  }

  /** What the batch's end writes. */
  changes() {
    const incidents = [...this.incidents.values()];
    return {
      changedIncidents: incidents.filter((i) => i.stored && i.changed),
      touchedNotices: [...this.held.values()].filter(
        (n) => n.added > 0 || n.withdrawn !== undefined,
      ),
      newIncidents: incidents.filter((i) => !i.stored),
      newNotices: [...this.notices.values()],
      causes: this.causes,
    };
  }
}
