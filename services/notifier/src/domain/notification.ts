import type { Money, RiskDecision } from '@vigil/events';

/** What a notice is about; with the decision id it is the notice's identity (one per pair, ever). */
export const NOTIFICATION_KINDS = [
  'verification_request',
  'lock_notice',
  'access_restored',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Outbox row lifecycle. `failed` is not a row state: a failed attempt goes back to `pending` with a
 * later due time until it is `sent` or `dead`. `suppressed` rows were refused by the rate limit and
 * are kept so "why did the customer get nothing?" has an answer.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'suppressed', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The facts a notice shows the customer, copied from the decision so a row renders on its own. */
export interface NotificationFacts {
  eventType?: 'transaction' | 'login' | 'account_change' | undefined;
  occurredAt: string;
  amount?: Money | undefined;
  merchantName?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  deviceId?: string | undefined;
  devicePlatform?: string | undefined;
  ip?: string | undefined;
}

/** What the consumer asks the outbox to send; everything needed later is in here. */
export interface NotificationIntent {
  /** The decision id, or `feedback:<feedbackId>` for a case resolution that names no decision. */
  decisionId: string;
  kind: NotificationKind;
  accountId: string;
  /** When the cause was decided: the start of the delivery-latency clock. */
  decidedAt: string;
  facts: NotificationFacts;
  /** The decision itself (absent for case resolutions): a "not me" answer raises a case from it. */
  decision?: RiskDecision | undefined;
}

/** What became of a cause: its own notice, listed in or covered by its incident's, or superseded by a lock. */
export const CAUSE_OUTCOMES = ['created', 'listed', 'covered', 'superseded'] as const;
export type CauseOutcome = (typeof CAUSE_OUTCOMES)[number];

/** A notifications row as the outbox holds it: the intent plus its delivery state. */
export interface NotificationRecord {
  id: string;
  decisionId: string;
  kind: NotificationKind;
  accountId: string;
  status: NotificationStatus;
  facts: NotificationFacts;
  /** The incident the notice speaks for; null for an "access restored" with no incident open. */
  incidentId: string | null;
  /** Further activities of the incident that joined before it was sent (bounded). */
  activities: NotificationFacts[];
  /** Activities it covers, the first included (may exceed what `activities` lists). */
  activityCount: number;
  /** Null for case resolutions (see NotificationIntent.decision). */
  decision: RiskDecision | null;
  decidedAt: Date;
  /** The channel of the last attempt; null until one was chosen. */
  channel: Channel | null;
  locale: string | null;
  /** Attempts so far, counted when a row is claimed. */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}
