import { caseChange } from '../domain/case-change.ts';
import type { Principal } from '../domain/case-model.ts';
import { checkAccountActionCase } from '../domain/case-transitions.ts';
import type { AccountActionCommand } from '../domain/commands.ts';
import { accountCommandMessage } from '../domain/outbox-messages.ts';
import { lockedCase } from './locked-case.ts';
import type { CaseUseCaseDeps } from './ports.ts';

/**
 * LockAccount / UnlockAccount: queue the command for the identity service, audited, and when it
 * cites a case, count it as an action on that case and tell its watchers.
 */
export async function accountAction(
  deps: CaseUseCaseDeps,
  command: AccountActionCommand,
  by: Principal,
): Promise<{ commandId: string }> {
  const { caseId } = command;
  const kind = command.action === 'lock' ? 'account_locked' : 'account_unlocked';
  const result = await deps.store.transaction(async (tx) => {
    let decisionId: string | undefined;
    if (caseId !== undefined) {
      checkAccountActionCase(await lockedCase(tx, caseId), command.accountId);
      decisionId = (await tx.latestAlert(caseId))?.decisionId;
    }
    // Fixed here, inside the transaction: every relay attempt re-sends this same commandId.
    const commandId = `cmd-${deps.newId()}`;
    await tx.appendOutbox([
      accountCommandMessage({
        commandId,
        ...command,
        decisionId,
        issuedBy: by.id,
        issuedAt: deps.clock().toISOString(),
      }),
    ]);
    await tx.appendAudit({
      caseId,
      accountId: command.accountId,
      by,
      action: kind,
      before: null,
      after: { commandId, reason: command.reason },
    });
    if (caseId !== undefined) {
      const after = await tx.updateCase(caseId, {});
      await tx.announce(caseChange(kind, after, by, deps.clock()));
    }
    return { commandId };
  });
  deps.onOutboxWrite();
  return result;
}
