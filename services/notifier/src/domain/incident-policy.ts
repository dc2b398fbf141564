import type { NotificationKind } from './notification.ts';

/**
 * Customers are told about incidents, not decisions: the risk engine may challenge or block five
 * payments of one attack within a minute, and five identical lock emails tell the customer nothing
 * the first did not. An incident is an account's run of decisions that called for a notice, each
 * within `windowMs` of the one before (decision times, so a replay or a lagging consumer groups
 * alike). It gets at most one notice per kind; a lock notice makes a "was this you?" pointless;
 * "access restored", or the customer confirming the activity, closes it.
 */
export interface IncidentPolicy {
  windowMs: number;
  /** How long a new verification request or lock notice waits before its first send (see below). */
  gatherMs: number;
}

/** Activities a notice lists at most, the first included; the rest are counted ("and 3 more"). */
export const MAX_LISTED_ACTIVITIES = 5;

/** The account's open incident as the store holds it. */
export interface OpenIncident {
  id: string;
  lastActivityAt: Date;
  /** A lock notice or the customer's "not me" belongs to it. */
  locked: boolean;
  /** Its notice of each kind, by id. */
  notices: Partial<Record<NotificationKind, string>>;
}

/** What becomes of the notice a decision or case resolution calls for. */
export type NoticeStep =
  /** A new notice for the incident and kind (still subject to the rate limit). */
  | { action: 'create' }
  /** The incident's notice of this kind covers it: listed while unsent, otherwise already told. */
  | { action: 'coalesce'; noticeId: string }
  /** No verification request: the incident is locked, the lock notice says more than it would. */
  | { action: 'supersede' };

export interface IncidentStep {
  /** An open incident whose window had run out: closed before this cause opens the next. */
  expire: string | undefined;
  /** "none": an "access restored" with no incident open stands alone. */
  incident: { action: 'open' } | { action: 'join'; id: string } | { action: 'none' };
  notice: NoticeStep;
  /** An unsent verification request of the incident that the new lock notice replaces. */
  withdraw: string | undefined;
  lock: boolean;
  close: boolean;
}

function isLive(incident: OpenIncident, causedAt: Date, policy: IncidentPolicy): boolean {
  // A cause decided before the incident's last activity (a follow-up) is inside it.
  return causedAt.getTime() - incident.lastActivityAt.getTime() < policy.windowMs;
}

function joined(
  incident: OpenIncident,
  notice: NoticeStep,
  change: Partial<Pick<IncidentStep, 'withdraw' | 'lock' | 'close'>> = {},
): IncidentStep {
  return {
    expire: undefined,
    incident: { action: 'join', id: incident.id },
    notice,
    withdraw: change.withdraw,
    lock: change.lock ?? false,
    close: change.close ?? false,
  };
}

/** The incident step for one cause of `kind` decided at `causedAt`, given the open incident. */
export function planIncidentStep(
  kind: NotificationKind,
  causedAt: Date,
  open: OpenIncident | undefined,
  policy: IncidentPolicy,
): IncidentStep {
  const live = open !== undefined && isLive(open, causedAt, policy) ? open : undefined;
  if (live === undefined) {
    // Nothing open to restore: the customer is still told (a review case cleared as false positive).
    const incident =
      kind === 'access_restored' ? { action: 'none' as const } : { action: 'open' as const };
    return {
      expire: open?.id,
      incident,
      notice: { action: 'create' },
      withdraw: undefined,
      lock: kind === 'lock_notice',
      close: false,
    };
  }
  const own = live.notices[kind];
  switch (kind) {
    case 'verification_request':
      if (live.locked || live.notices.lock_notice !== undefined)
        return joined(live, { action: 'supersede' });
      return joined(
        live,
        own === undefined ? { action: 'create' } : { action: 'coalesce', noticeId: own },
      );
    case 'lock_notice':
      if (own !== undefined)
        return joined(live, { action: 'coalesce', noticeId: own }, { lock: true });
      return joined(
        live,
        { action: 'create' },
        { lock: true, withdraw: live.notices.verification_request },
      );
    case 'access_restored':
      return joined(
        live,
        own === undefined ? { action: 'create' } : { action: 'coalesce', noticeId: own },
        {
          close: true,
        },
      );
  }
}

/**
 * A burst (an attack, a card being tested) is decided within seconds: a new incident's
 * verification request or lock notice waits `gatherMs` so the rest of the burst is listed in it,
 * and a lock decided meanwhile replaces the "was this you?" before it goes out. "Access restored"
 * ends an incident; there is nothing to gather.
 */
export function firstSendDelayMs(kind: NotificationKind, policy: IncidentPolicy): number {
  return kind === 'access_restored' ? 0 : policy.gatherMs;
}

/**
 * The customer's answer to the incident's "was this you?" (read back from risk.feedback.v1): "yes"
 * settles it, so the next suspicious activity is a new incident worth asking about; "not me" has
 * locked the account, which supersedes any further "was this you?" as a lock notice does.
 */
export function incidentChangeForAnswer(verdict: 'legit' | 'fraud'): 'close' | 'lock' {
  return verdict === 'legit' ? 'close' : 'lock';
}
