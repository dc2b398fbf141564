import type { RiskDecision } from '@vigil/events';
import type { CaseEscalation } from '../domain/case-escalation.ts';
import type { ContactPreferences } from '../domain/contact-preferences.ts';
import type { OpenIncident } from '../domain/incident-policy.ts';
import type {
  CauseOutcome,
  Channel,
  NotificationFacts,
  NotificationIntent,
  NotificationKind,
  NotificationRecord,
} from '../domain/notification.ts';
import type { AnswerEffects, VerificationAnswer } from '../domain/verification-answer.ts';

/** Milliseconds since the epoch (Date.now in production, a fixed value in tests). */
export type Clock = () => number;

/** Why an incident closed: its window ran out, access was restored, the customer confirmed. */
export type IncidentCloser = 'window' | 'access_restored' | 'customer_confirmed';

/** A cause (decision or case resolution) as recorded once, with what became of it. */
export interface RecordedCause {
  causeId: string;
  kind: NotificationKind;
  incidentId: string | undefined;
  notificationId: string | undefined;
  outcome: CauseOutcome;
  causedAt: Date;
}

/**
 * One account's notices and incidents, inside a transaction that holds the account: no other
 * intake writes them until it commits (two consumers in a rebalance overlap take turns).
 */
export interface IncidentUpdate {
  locked: boolean;
  closed: boolean;
}

export interface AccountNotices {
  /** True when the cause was recorded before: a replayed record, which changes nothing. */
  causeRecorded(causeId: string, kind: NotificationKind): Promise<boolean>;
  recordCause(cause: RecordedCause): Promise<void>;
  openIncident(): Promise<OpenIncident | undefined>;
  /** The incident a cause's notice belongs to, while it is open. */
  openIncidentOf(causeId: string, kind: NotificationKind): Promise<string | undefined>;
  createIncident(openedAt: Date): Promise<string>;
  /**
   * Moves last activity forward (never back), and locks or closes it; says whether this call is
   * what locked or closed it (a replayed or second "not me" changes nothing and counts nothing).
   */
  updateIncident(
    id: string,
    change: { activityAt?: Date; lock?: boolean; close?: IncidentCloser },
  ): Promise<IncidentUpdate>;
  /** Notices the account was given (not suppressed or dead) within the last `windowMs`. */
  acceptedSince(windowMs: number): Promise<number>;
  createNotice(notice: {
    intent: NotificationIntent;
    incidentId: string | undefined;
    status: 'pending' | 'suppressed';
    lastError: string | null;
    sendAfterMs: number;
  }): Promise<string>;
  /**
   * Adds an activity to a notice: listed (up to `maxListed`) while it is unsent, otherwise
   * covered by what was already sent. Says which; the dispatcher may claim it at any moment.
   */
  addActivity(
    noticeId: string,
    facts: NotificationFacts,
    maxListed: number,
  ): Promise<'unsent' | 'sent'>;
  /** Suppresses a notice still unsent, with the reason; false when it was already on its way. */
  withdrawNotice(noticeId: string, reason: string): Promise<boolean>;
}

/**
 * What an intake batch is about, so the store can read what it needs once, not per cause: its
 * accounts, the causes it will ask about (causeRecorded), and the rate limit's window
 * (acceptedSince). Asking about anything else still works, at a query each.
 */
export interface IntakeScope {
  accountIds: readonly string[];
  causes: readonly { causeId: string; kind: NotificationKind }[];
  rateWindowMs: number;
}

/** Where the intake records notices: per account, durably once `withAccounts` resolves. */
export interface NoticeStore {
  /**
   * Runs `work` in one transaction holding every account of `scope` (taken in sorted order, so
   * two batches never deadlock); nothing of it is kept if it throws.
   */
  withAccounts<T>(
    scope: IntakeScope,
    work: (account: (accountId: string) => AccountNotices) => Promise<T>,
  ): Promise<T>;
}

/** The outbox as the dispatcher sees it: due rows claimed under a lease, each attempt settled. */
export interface OutboxStore {
  /**
   * Up to `limit` rows due now (pending and due, or `sending` with an expired lease), marked
   * `sending` for `leaseMs` with the attempt counted, so a crash loop still ends in `dead`.
   */
  claimDue(limit: number, leaseMs: number): Promise<NotificationRecord[]>;
  /** Settles attempt `attempt`; a row claimed again since (a stale lease) is left unchanged. */
  markSent(id: string, attempt: number, channel: Channel, locale: string): Promise<void>;
  /** Back to `pending`, due again in `delayMs`. */
  markRetry(
    id: string,
    attempt: number,
    delayMs: number,
    error: string,
    channel: Channel | null,
  ): Promise<void>;
  markDead(id: string, attempt: number, error: string, channel: Channel | null): Promise<void>;
  /** Seconds the oldest unsent row has waited (0 when nothing waits). */
  oldestPendingAgeSeconds(): Promise<number>;
}

/** Reads notification rows (verification links, the status API). */
export interface NotificationReader {
  /** Undefined for an unknown id, including one that is not even a well-formed id. */
  get(id: string): Promise<NotificationRecord | undefined>;
  /** Newest first. */
  listByAccount(accountId: string, limit: number): Promise<NotificationRecord[]>;
  /**
   * Every decision a notice speaks for (its own, those listed in it, those it covered after it was
   * sent), in code-unit order: what the customer's answer to it is about.
   */
  decisionsCovered(notificationId: string): Promise<string[]>;
}

/** The customers' answers to verification requests, for the internal read API. */
export interface AnswerReader {
  /** The answer to each of `notificationIds` that has one (the rest are absent). */
  answersOf(
    notificationIds: readonly string[],
  ): Promise<Map<string, { answer: VerificationAnswer; answeredAt: Date }>>;
}

/** Contact preferences, written by the service that owns the customer profile. */
/** Contact preferences by account, as one read found them (undefined: never written). */
export type ContactLookup = (accountId: string) => ContactPreferences | undefined;

export interface ContactPreferencesStore {
  /** Undefined when the owning service never wrote the account. */
  get(accountId: string): Promise<ContactPreferences | undefined>;
  /**
   * Several accounts' preferences in one read (a dispatcher pass's): the lookup answers as `get`
   * would have, a malformed row throwing when its account is looked up, not before.
   */
  getMany(accountIds: readonly string[]): Promise<ContactLookup>;
}

export type RecordOutcome = 'recorded' | 'duplicate' | 'conflict';

/** One answer per notification. */
export interface VerificationAnswerStore {
  /**
   * Stores the first answer and runs `publish` before it is durable: if `publish` throws, nothing
   * is stored and the error propagates (the customer may try again). A second call sees the
   * stored answer: `duplicate` when it is the same, `conflict` when not; neither publishes.
   */
  record(
    notificationId: string,
    answer: VerificationAnswer,
    publish: (answeredAt: string) => Promise<void>,
  ): Promise<RecordOutcome>;
  find(notificationId: string): Promise<VerificationAnswer | undefined>;
}

/** A "not me" answer whose case is not raised yet, with the decision it disowns. */
export interface PendingEscalation {
  notificationId: string;
  answeredAt: string;
  /** Claims so far, this one included. */
  attempts: number;
  decision: RiskDecision;
}

/** "Not me" answers waiting for their case. */
export interface EscalationQueue {
  /** Up to `limit` answers due now, held back `leaseMs` so no other replica claims them meanwhile. */
  claimEscalations(limit: number, leaseMs: number): Promise<PendingEscalation[]>;
  markCaseRaised(notificationId: string, caseId: string): Promise<void>;
  /** Due again in `delayMs`, with the error kept for operators. */
  markCaseRetry(notificationId: string, delayMs: number, error: string): Promise<void>;
}

/** One rendered notice addressed to one channel. */
export interface OutboundMessage {
  notificationId: string;
  kind: NotificationKind;
  channel: Channel;
  /** Email address, phone number or push token. */
  address: string;
  locale: string;
  subject: string;
  text: string;
  short: string;
}

/**
 * A delivery channel. Resolves once the provider accepted the message; throws a VigilError whose
 * `retryable` says whether trying again later can help.
 */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}

/** The channels this deployment can deliver; a channel without a sender is off. */
export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;

/** Raises (or attaches to) the account's case; idempotent on the escalation's decisionId. */
export interface CaseRaiser {
  raise(escalation: CaseEscalation): Promise<{ caseId: string }>;
  close?(): void;
}

/** Writes an answer's records (feedback, then the lock command) durably; throws if it could not. */
export interface AnswerPublisher {
  publish(effects: AnswerEffects): Promise<void>;
}

/** What a verification link proves: which notification, and until when. */
export interface LinkClaims {
  notificationId: string;
  expiresAt: Date;
}

/** Signs and checks the tokens of verification links. */
export interface LinkSigner {
  sign(notificationId: string): { token: string; expiresAt: Date };
  /**
   * Throws a VigilError TOKEN_INVALID (tampered, malformed, wrong key) or TOKEN_EXPIRED, whose
   * `details.notificationId` names the (authentic) notification of the expired link.
   */
  verify(token: string): LinkClaims;
}

/** Rows one pruning transaction deleted, per table. */
export interface PrunedNotices {
  notifications: number;
  answers: number;
  causes: number;
  incidents: number;
}

/** Deletes what is past retention: at most `limit` rows of each table per call. */
export interface NoticeRetentionStore {
  pruneBefore(before: Date, limit: number): Promise<PrunedNotices>;
}
