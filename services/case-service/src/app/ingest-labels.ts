import type { DisputeEvent, DisputeReasonFamily, RiskDecision, RiskFeedback } from '@vigil/events';
import type { Principal } from '../domain/case-model.ts';
import type { RaiseCaseCommand, RaiseCaseResult } from '../domain/commands.ts';
import { ledgerEntry } from '../domain/decision-ledger.ts';
import { disputeAlert } from '../domain/dispute-alert.ts';
import { answerEvidence, disputeEvidence, type LabelSource } from '../domain/labels.ts';
import { paymentKeys } from '../domain/payment-volume.ts';
import type { Clock, LabelStore, LedgerRecord, LedgerSlice } from './ports.ts';

/** What the label consumers read, tagged by the topic it came from. */
export type LabelInput =
  | { kind: 'decision'; decision: RiskDecision }
  | { kind: 'feedback'; feedback: RiskFeedback }
  | { kind: 'dispute'; dispute: DisputeEvent };

/** Counted only for rows that were new, so a replay moves no counter. */
export interface LabelCounters {
  dispute(reasonFamily: DisputeReasonFamily, status: DisputeEvent['status']): void;
  evidence(source: LabelSource, added: number): void;
  /** A fraud dispute filed a new alert (opened a case or attached to the open one). */
  disputeAlertFiled(): void;
}

export interface LabelIntakeDeps {
  labels: LabelStore;
  /** case-service's own RaiseCase (find or open the account's case, attach, audit, announce). */
  raiseCase: (command: RaiseCaseCommand, by: Principal) => Promise<RaiseCaseResult>;
  clock: Clock;
  counters: LabelCounters;
}

/** Who files dispute alerts, in the audit trail. */
export const DISPUTE_INTAKE: Principal = { id: 'disputes-intake', role: 'service' };

/** A label topic's record as the intake hands it over. */
export interface LabelRecord {
  topic: string;
  partition: number;
  offset: string;
  value: LabelInput;
}

/**
 * The records of one fetch (any of the label topics and partitions; each partition's in offset
 * order). Resolves once every effect is durable; each is idempotent (ledger offsets, evidence
 * ids, RaiseCase keyed by disputeId), so a redelivered fetch changes nothing. The decisions of
 * every partition go to the ledger in one transaction.
 */
export async function ingestLabels(
  deps: LabelIntakeDeps,
  records: readonly LabelRecord[],
): Promise<void> {
  const slices = new Map<string, LedgerSlice & { records: LedgerRecord[] }>();
  const answers: RiskFeedback[] = [];
  const disputes: DisputeEvent[] = [];
  for (const { topic, partition, offset, value } of records) {
    switch (value.kind) {
      case 'decision': {
        const where = `${partition}:${topic}`;
        let slice = slices.get(where);
        if (!slice) slices.set(where, (slice = { topic, partition, records: [] }));
        slice.records.push({
          offset,
          decidedAt: value.decision.decidedAt,
          entry: ledgerEntry(value.decision),
          payment: paymentKeys(value.decision),
        });
        break;
      }
      case 'feedback':
        answers.push(value.feedback);
        break;
      case 'dispute':
        disputes.push(value.dispute);
        break;
    }
  }
  if (slices.size > 0) await deps.labels.recordDecisions([...slices.values()]);
  const evidence = answers.flatMap((feedback) => answerEvidence(feedback) ?? []);
  if (evidence.length > 0)
    deps.counters.evidence('customer_answer', await deps.labels.addEvidence(evidence));
  // In order: an account's opened dispute is filed before its lost one.
  for (const dispute of disputes) await ingestDispute(deps, dispute);
}

/**
 * A fraud dispute's alert first (its own transaction in RaiseCase), then the dispute and its
 * label evidence: a crash between the two replays both, and both are idempotent.
 */
async function ingestDispute(deps: LabelIntakeDeps, dispute: DisputeEvent): Promise<void> {
  const alert = disputeAlert(dispute, deps.clock());
  if (alert) {
    const { alertCreated } = await deps.raiseCase(alert, DISPUTE_INTAKE);
    if (alertCreated) deps.counters.disputeAlertFiled();
  }
  const evidence = disputeEvidence(dispute);
  if (await deps.labels.recordDispute(dispute, evidence)) {
    deps.counters.dispute(dispute.reasonFamily, dispute.status);
    if (evidence) deps.counters.evidence('dispute', 1);
  }
}
