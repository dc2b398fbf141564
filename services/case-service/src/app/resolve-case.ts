import { caseChange } from '../domain/case-change.ts';
import type { CaseSummary, Principal } from '../domain/case-model.ts';
import { planResolution } from '../domain/case-transitions.ts';
import type { ResolveCaseCommand } from '../domain/commands.ts';
import { resolutionEvidence } from '../domain/labels.ts';
import { resolutionMessages } from '../domain/outbox-messages.ts';
import { lockedCase } from './locked-case.ts';
import type { CaseUseCaseDeps } from './ports.ts';

/**
 * ResolveCase: close the case with a disposition and, in the same transaction, queue what the
 * verdict tells the rest of Vigil (feedback for the risk engine, an unlock for a false positive)
 * and the labels of the decisions filed on the case.
 */
export async function resolveCase(
  deps: CaseUseCaseDeps,
  command: ResolveCaseCommand,
  by: Principal,
): Promise<CaseSummary> {
  const { caseId, disposition, comment } = command;
  const resolved = await deps.store.transaction(async (tx) => {
    const before = await lockedCase(tx, caseId);
    const { status } = planResolution(before, by);
    const after = await tx.updateCase(caseId, {
      status,
      // An empty comment is no comment.
      resolution: { disposition, comment: comment || undefined, resolvedBy: by.id },
    });
    const messages = resolutionMessages({
      caseId,
      accountId: after.accountId,
      disposition,
      resolvedBy: by.id,
      resolvedAt: (after.resolvedAt ?? deps.clock()).toISOString(),
      latestAlert: await tx.latestAlert(caseId),
    });
    await tx.appendOutbox(messages);
    // The verdict labels every decision filed on the case, committed with the resolution.
    await tx.addLabelEvidence(
      resolutionEvidence({
        caseId,
        accountId: after.accountId,
        disposition,
        resolvedAt: (after.resolvedAt ?? deps.clock()).toISOString(),
        targets: await tx.labelTargets(caseId),
      }),
    );
    await tx.appendAudit({
      caseId,
      accountId: after.accountId,
      by,
      action: 'resolved',
      before: { status: before.status },
      after: {
        status: after.status,
        disposition,
        comment,
        emitted: messages.map((m) => m.messageId),
      },
    });
    await tx.announce(caseChange('resolved', after, by, deps.clock()));
    return after;
  });
  deps.onOutboxWrite();
  return resolved;
}
