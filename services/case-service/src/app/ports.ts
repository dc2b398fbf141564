import type {
  CaseChange,
  CaseDetail,
  CaseStatus,
  CaseSummary,
  Disposition,
  NoteRecord,
  Principal,
  Severity,
} from '../domain/case-model.ts';
import type {
  CountCasesQuery,
  ListCasesQuery,
  ListCursor,
  RaiseCaseCommand,
  RaiseCaseResult,
} from '../domain/commands.ts';
import type { DisputeEvent } from '@vigil/events';
import type { AccountActivity } from '../domain/account-activity.ts';
import type { ChargebackCounts } from '../domain/chargeback-rate.ts';
import type { LedgerDecision } from '../domain/decision-ledger.ts';
import type { EvidenceTarget, LabelEvidence } from '../domain/labels.ts';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { PaymentKeys } from '../domain/payment-volume.ts';
import type { RuleCounts } from '../domain/rule-quality.ts';
import type {
  RuleSetAction,
  RuleSetAuditRecord,
  RuleSetStatus,
  RuleSetVersionRecord,
} from '../domain/rule-set-versions.ts';

/** What the use cases change on a case; every update also counts as a human action. */
export interface CaseUpdate {
  assignee?: string;
  status?: CaseStatus;
  /** Closes the case: the store stamps resolved_at with its own clock. */
  resolution?: { disposition: Disposition; comment: string | undefined; resolvedBy: string };
}

export interface AuditEntry {
  /** Absent for an account action that cites no case. */
  caseId: string | undefined;
  accountId: string;
  by: Principal;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The decision (and device) a case's most recent alert is about. */
export interface LatestAlert {
  decisionId: string;
  deviceId: string | undefined;
}

/**
 * One transaction on the case store. What it writes (case, note, audit row, outbox records,
 * change notice) commits together or not at all.
 */
export interface CaseTransaction {
  /** Locks the case until commit, so concurrent actions on it serialise; undefined if none. */
  lockCase(caseId: string): Promise<CaseSummary | undefined>;
  /**
   * Applies `update`, stamps updated_at and, the first time, first_action_at (time to first
   * action counts every human action once); returns the case after it.
   */
  updateCase(caseId: string, update: CaseUpdate): Promise<CaseSummary>;
  addNote(caseId: string, author: string, body: string): Promise<NoteRecord>;
  latestAlert(caseId: string): Promise<LatestAlert | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Idempotent on messageId: ids derive from what happened, so a second write is the same record. */
  appendOutbox(messages: readonly OutboxMessage[]): Promise<void>;
  /** Reaches watchers only once the transaction has committed. */
  announce(change: CaseChange): Promise<void>;
  /** What the case's alerts are about: their decisions, and the payments of dispute alerts. */
  labelTargets(caseId: string): Promise<EvidenceTarget[]>;
  /** Label evidence committed with the case change (LabelStore.addEvidence, in this transaction). */
  addLabelEvidence(evidence: readonly LabelEvidence[]): Promise<void>;
}

/**
 * Cases, alerts, notes and audit trail. Failures are classified infrastructure errors; the
 * use cases raise NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION and INVALID_ARGUMENT.
 */
export interface CaseStore {
  transaction<T>(work: (tx: CaseTransaction) => Promise<T>): Promise<T>;
  /**
   * Files the decision as an alert on the account's open case, opening one if there is none,
   * in one transaction that also audits and announces it. Idempotent on decisionId: a replay
   * returns the first alert with alertCreated false. The case takes the worse severity.
   */
  raiseCase(command: RaiseCaseCommand, severity: Severity, by: Principal): Promise<RaiseCaseResult>;
  getCase(caseId: string): Promise<CaseDetail | undefined>;
  listCases(query: ListCasesQuery): Promise<{ cases: CaseSummary[]; next: ListCursor | undefined }>;
  /** Per severity asked for (all when none), the matching cases up to `cap`. */
  countCases(query: CountCasesQuery): Promise<Record<Severity, number>>;
}

/** Committed case changes, fanned out to this process's watchers. */
export interface ChangeFeed {
  subscribe(subscriber: ChangeSubscriber): () => void;
}

export interface ChangeSubscriber {
  onChange(change: CaseChange): void;
  /** The feed broke (listener reconnecting): changes may have been missed, so the watcher must re-list. */
  onInterrupted(reason: string): void;
  /** The service is shutting down. */
  onClose(): void;
}

export type Clock = () => Date;

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

/** What the case use cases are built with. */
export interface CaseUseCaseDeps {
  store: CaseStore;
  clock: Clock;
  /** A fresh unique id (account commands are named after one). */
  newId: () => string;
  /** Called after a commit that wrote outbox rows, so the relay sends them without waiting a poll. */
  onOutboxWrite: () => void;
}

/**
 * A decisions-topic record for the ledger: counted always, kept when a rule fired, and counted
 * as a payment per BIN and merchant when it is one.
 */
export interface LedgerRecord {
  offset: string;
  decidedAt: string;
  entry: LedgerDecision | undefined;
  payment: PaymentKeys | undefined;
}

/** One partition's ledger records of a fetch, in offset order. */
export interface LedgerSlice {
  topic: string;
  partition: number;
  records: readonly LedgerRecord[];
}

/**
 * Labels and the decision ledger. Every write is idempotent, so replaying records (a crash
 * before the offset commit, a rebalance) changes nothing; every write that can change a label
 * recomputes it (precedence in domain/labels.ts) under a per-account lock, so evidence and the
 * decision it is about may arrive in either order, from different topics, at the same time.
 */
export interface LabelStore {
  /**
   * Keeps flagged decisions and counts every slice's records past its partition's stored offset,
   * all slices in one transaction.
   */
  recordDecisions(slices: readonly LedgerSlice[]): Promise<void>;
  /** Stores new evidence (by evidenceId) and relabels what it is about; returns how much was new. */
  addEvidence(evidence: readonly LabelEvidence[]): Promise<number>;
  /** Stores one dispute status record (and its evidence, if any); false when it was seen before. */
  recordDispute(dispute: DisputeEvent, evidence: LabelEvidence | undefined): Promise<boolean>;
  /** Per rule and mode, counts over decisions since `since`, most hits first, at most `maxRules`. */
  ruleCounts(since: Date, maxRules: number): Promise<{ rules: RuleCounts[]; decisions: number }>;
  /** Fraud disputes opened since `since` per BIN, the `topBins` largest, the rest as `other`. */
  fraudDisputesByBin(since: Date, topBins: number): Promise<{ bin: string; disputes: number }[]>;
  /**
   * Chargeback counts per BIN for payments since `since` (domain/chargeback-rate.ts): the
   * `topBins` with the most fraud disputes, then payments; the rest as `other`.
   */
  chargebackByBin(since: Date, topBins: number): Promise<ChargebackCounts[]>;
  /** Deletes ledger rows, decision and payment counts, evidence, labels and disputes older than `before`. */
  prune(before: Date): Promise<number>;
}

/** A version about to be stored; the store stamps proposed_at and computes its SHA-256. */
export interface NewRuleSetVersion {
  version: string;
  author: string;
  yaml: string;
  summary: string | undefined;
  ruleCount: number;
}

/** Fields a decision, an activation or a rollback changes on a version. */
export interface RuleSetVersionUpdate {
  status: RuleSetStatus;
  decidedBy?: string;
  decidedAt?: Date;
  decisionComment?: string | undefined;
  activatedAt?: Date;
  /** null: it replaced nothing (the first version approved). */
  replaces?: string | null;
}

export interface RuleSetAuditEntry {
  version: string;
  by: Principal;
  action: RuleSetAction;
  details: Record<string, unknown>;
}

/** One transaction on the rule-set versions: its changes and audit rows commit together. */
export interface RuleSetTransaction {
  /** Serialises every change to rule-set versions, across replicas, until commit. */
  lock(): Promise<void>;
  get(version: string): Promise<RuleSetVersionRecord | undefined>;
  active(): Promise<RuleSetVersionRecord | undefined>;
  insert(version: NewRuleSetVersion): Promise<RuleSetVersionRecord>;
  update(version: string, update: RuleSetVersionUpdate): Promise<RuleSetVersionRecord>;
  appendAudit(entry: RuleSetAuditEntry): Promise<void>;
}

/** Rule-set versions and their append-only audit trail. */
export interface RuleSetStore {
  transaction<T>(work: (tx: RuleSetTransaction) => Promise<T>): Promise<T>;
  /** Newest proposals first. */
  list(limit: number): Promise<RuleSetVersionRecord[]>;
  get(version: string): Promise<RuleSetVersionRecord | undefined>;
  active(): Promise<RuleSetVersionRecord | undefined>;
  /** Oldest first. */
  audit(version: string): Promise<RuleSetAuditRecord[]>;
}

/** Reads an account's label ledger rows for agents (GetAccountActivity); never writes. */
export interface AccountActivityReader {
  /** The newest `limit` of each list: flagged decisions, customer answers, dispute records. */
  accountActivity(accountId: string, limit: number): Promise<AccountActivity>;
}
