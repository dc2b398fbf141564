import type { DisputeEvent, RiskFeedback } from '@vigil/events';
import type { Disposition } from './case-model.ts';

/** Where an outcome comes from. Each is one kind of evidence about a decided event. */
export const LABEL_SOURCES = ['dispute', 'case_resolution', 'customer_answer'] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];
export const VERDICTS = ['fraud', 'legit'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * What a decision is about, for a piece of evidence: the decision itself (an answer, a
 * resolution), or a transaction (a dispute names the payment, not the decision; every decision
 * about that payment of that account gets the evidence, whenever it reaches the ledger).
 */
export type EvidenceTarget = { decisionId: string } | { transactionId: string };

/** One piece of evidence; never changed once written (idempotent on evidenceId). */
export interface LabelEvidence {
  evidenceId: string;
  accountId: string;
  target: EvidenceTarget;
  source: LabelSource;
  verdict: Verdict;
  /** For disputes, the status behind it (opened, won, lost); else absent. */
  detail?: string | undefined;
  /** ISO 8601 UTC: when it happened upstream (dispute, answer) or was resolved. */
  occurredAt: string;
}

/** The outcome a decided event carries: the winning evidence. */
export interface Label {
  verdict: Verdict;
  source: LabelSource;
  evidenceId: string;
  labelledAt: string;
}

/**
 * Precedence, strongest first (shown in the README):
 * 4. a resolved dispute (lost: the chargeback stands → fraud; won: the platform proved the payment
 *    → legit) — the network's verdict, with money behind it;
 * 3. a case resolution by an agent (confirmed_fraud → fraud, false_positive → legit) — a person
 *    who saw the case, disputes attached to it included;
 * 2. an opened fraud dispute — the cardholder's claim, not yet decided;
 * 1. the customer's own answer ("it was me" → legit, "not me" → fraud), which a friendly-fraud
 *    customer may later contradict.
 * Within a rank the later evidence wins (occurredAt, then evidenceId so the result never
 * depends on the order evidence arrived in).
 */
export function evidenceRank(evidence: Pick<LabelEvidence, 'source' | 'detail'>): number {
  switch (evidence.source) {
    case 'dispute':
      return evidence.detail === 'opened' ? 2 : 4;
    case 'case_resolution':
      return 3;
    case 'customer_answer':
      return 1;
  }
}

/** The label the evidence adds up to; undefined without evidence. Order-independent. */
export function effectiveLabel(evidence: readonly LabelEvidence[]): Label | undefined {
  let best: LabelEvidence | undefined;
  for (const candidate of evidence) {
    if (best === undefined || beats(candidate, best)) best = candidate;
  }
  return best === undefined
    ? undefined
    : {
        verdict: best.verdict,
        source: best.source,
        evidenceId: best.evidenceId,
        labelledAt: best.occurredAt,
      };
}

function beats(a: LabelEvidence, b: LabelEvidence): boolean {
  const rank = evidenceRank(a) - evidenceRank(b);
  if (rank !== 0) return rank > 0;
  const time = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  if (time !== 0) return time > 0;
  return a.evidenceId > b.evidenceId;
}

/**
 * A dispute's evidence: only the fraud family says anything about fraud (an authorisation,
 * processing or consumer dispute is about the merchant or the payment, not who made it).
 */
export function disputeEvidence(dispute: DisputeEvent): LabelEvidence | undefined {
  if (dispute.reasonFamily !== 'fraud') return undefined;
  return {
    evidenceId: `dispute:${dispute.disputeId}:${dispute.status}`,
    accountId: dispute.accountId,
    target: { transactionId: dispute.transactionId },
    source: 'dispute',
    verdict: dispute.status === 'won' ? 'legit' : 'fraud',
    detail: dispute.status,
    occurredAt: dispute.occurredAt,
  };
}

/** A "was this you?" answer about a decision; the other feedback sources are not answers. */
export function answerEvidence(feedback: RiskFeedback): LabelEvidence | undefined {
  if (feedback.source !== 'customer_verification' || !feedback.decisionId) return undefined;
  return {
    evidenceId: `answer:${feedback.feedbackId}`,
    accountId: feedback.accountId,
    target: { decisionId: feedback.decisionId },
    source: 'customer_answer',
    verdict: feedback.verdict,
    occurredAt: feedback.occurredAt,
  };
}

/** Resolution verdicts: inconclusive says nothing, so it labels nothing. */
export function resolutionVerdict(disposition: Disposition): Verdict | undefined {
  switch (disposition) {
    case 'confirmed_fraud':
      return 'fraud';
    case 'false_positive':
      return 'legit';
    case 'inconclusive':
      return undefined;
  }
}

/** What an agent's resolution says about each decision (or disputed payment) filed on the case. */
export function resolutionEvidence(input: {
  caseId: string;
  accountId: string;
  disposition: Disposition;
  resolvedAt: string;
  targets: readonly EvidenceTarget[];
}): LabelEvidence[] {
  const verdict = resolutionVerdict(input.disposition);
  if (verdict === undefined) return [];
  return input.targets.map((target) => ({
    evidenceId: `case-resolution:${input.caseId}:${
      'decisionId' in target ? target.decisionId : `tx:${target.transactionId}`
    }`,
    accountId: input.accountId,
    target,
    source: 'case_resolution',
    verdict,
    occurredAt: input.resolvedAt,
  }));
}
