import { classifyError, type VigilError } from '@vigil/errors';
import type { RiskDecision } from '@vigil/events';
import { raisesCase } from '../domain/effects-plan.ts';
import type { RiskEngineMetrics } from '../metrics.ts';
import type { CaseGateway, CaseGatewayErrorCode } from './ports.ts';

/** A decision read back from the decisions topic (committed: it is durable and final). */
export interface PublishedDecision {
  decision: RiskDecision;
  /** When it was published (its record's timestamp, epoch ms). */
  publishedAt: number;
}

export interface CaseRaiserDeps {
  cases: CaseGateway;
  metrics: Pick<RiskEngineMetrics, 'casesRaised' | 'caseRaiseFailures' | 'caseRaiseDelay'>;
  clock: () => number;
  /** RaiseCase calls in flight at once per batch (a backlog after an outage must not flood case-service). */
  concurrency: number;
}

export interface RaisedCases {
  /** Decisions case-service refused as invalid (by index in the batch): retrying cannot help. */
  refused: { index: number; error: VigilError }[];
}

/**
 * One RaiseCase, counted: raised by outcome, or failed by code (then thrown, classified). Both
 * paths raise through it, inline in the batch and from the decisions topic.
 */
export async function raiseCaseCounted(
  cases: CaseGateway,
  metrics: Pick<RiskEngineMetrics, 'casesRaised' | 'caseRaiseFailures'>,
  decision: RiskDecision,
): Promise<void> {
  try {
    await cases.raiseCase(decision);
  } catch (error) {
    const classified = classifyError(error);
    metrics.caseRaiseFailures.inc({ code: classified.code });
    throw classified;
  }
  metrics.casesRaised.inc({ outcome: decision.outcome });
}

export type CaseRaiser = (
  batch: readonly PublishedDecision[],
  acknowledged: Set<string>,
) => Promise<RaisedCases>;

/**
 * Raises (or attaches to the open) case for every decision of a batch whose effects plan says so
 * (review and block, follow-ups included), `concurrency` calls at a time. Resolves once
 * case-service acknowledged each of them, naming those it refused outright; after any other
 * failure it throws, once every call of the batch was tried, and the caller retries the batch.
 * `acknowledged` holds the decisionIds case-service already took across tries of the same records:
 * they are not sent again. RaiseCase is idempotent on decisionId, so a batch read again after a
 * restart attaches no second alert.
 */
export function createCaseRaiser(deps: CaseRaiserDeps): CaseRaiser {
  const { metrics } = deps;
  const refusedCode: CaseGatewayErrorCode = 'CASE_DECISION_REFUSED';

  return async (batch, acknowledged) => {
    const due = batch
      .map((published, index) => ({ ...published, index }))
      .filter(({ decision }) => raisesCase(decision) && !acknowledged.has(decision.decisionId));
    const refused: RaisedCases['refused'] = [];
    let failure: VigilError | undefined;
    let next = 0;
    const worker = async () => {
      for (let item = due[next++]; item !== undefined; item = due[next++]) {
        const { decision, publishedAt, index } = item;
        try {
          await raiseCaseCounted(deps.cases, metrics, decision);
          acknowledged.add(decision.decisionId);
          metrics.caseRaiseDelay.observe(Math.max(0, deps.clock() - publishedAt) / 1_000);
        } catch (error) {
          const classified = classifyError(error);
          if (classified.code === refusedCode) refused.push({ index, error: classified });
          else failure ??= classified;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.concurrency, due.length) }, worker));
    if (failure) throw failure;
    return { refused: refused.sort((a, b) => a.index - b.index) };
  };
}
