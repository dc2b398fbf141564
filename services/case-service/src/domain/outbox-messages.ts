import type { AccountCommand, RiskFeedback } from '@vigil/events';
import type { Disposition } from './case-model.ts';

/** A Kafka record waiting in the outbox; `messageId` is the record's own feedbackId/commandId. */
export type OutboxMessage =
  | { kind: 'risk_feedback'; messageId: string; key: string; payload: RiskFeedback }
  | { kind: 'account_command'; messageId: string; key: string; payload: AccountCommand };

export interface ResolutionContext {
  caseId: string;
  accountId: string;
  disposition: Disposition;
  resolvedBy: string;
  resolvedAt: string;
  /** The case's most recent alert: the decision (and device) the verdict is about. */
  latestAlert: { decisionId: string; deviceId: string | undefined } | undefined;
}

/**
 * What a resolution tells the rest of Vigil. Ids derive from the case, which resolves once, so
 * the same resolution can never produce two different feedback records or unlocks.
 */
export function resolutionMessages(ctx: ResolutionContext): OutboxMessage[] {
  const verdict =
    ctx.disposition === 'confirmed_fraud'
      ? 'fraud'
      : ctx.disposition === 'false_positive'
        ? 'legit'
        : undefined;
  if (verdict === undefined) return [];
  const feedbackId = `case-resolution:${ctx.caseId}`;
  const messages: OutboxMessage[] = [
    {
      kind: 'risk_feedback',
      messageId: feedbackId,
      key: ctx.accountId,
      payload: {
        schemaVersion: 1,
        feedbackId,
        accountId: ctx.accountId,
        source: 'case_resolution',
        verdict,
        ...(ctx.latestAlert ? { decisionId: ctx.latestAlert.decisionId } : {}),
        ...(ctx.latestAlert?.deviceId ? { deviceId: ctx.latestAlert.deviceId } : {}),
        occurredAt: ctx.resolvedAt,
      },
    },
  ];
  if (ctx.disposition === 'false_positive') {
    messages.push(
      accountCommandMessage({
        commandId: `case-unlock:${ctx.caseId}`,
        action: 'unlock',
        accountId: ctx.accountId,
        reason: 'case resolved as false positive',
        caseId: ctx.caseId,
        decisionId: ctx.latestAlert?.decisionId,
        issuedBy: ctx.resolvedBy,
        issuedAt: ctx.resolvedAt,
      }),
    );
  }
  return messages;
}

export function accountCommandMessage(input: {
  commandId: string;
  action: 'lock' | 'unlock';
  accountId: string;
  reason: string;
  caseId: string | undefined;
  decisionId: string | undefined;
  issuedBy: string;
  issuedAt: string;
}): OutboxMessage {
  return {
    kind: 'account_command',
    messageId: input.commandId,
    key: input.accountId,
    payload: {
      schemaVersion: 1,
      commandId: input.commandId,
      accountId: input.accountId,
      action: input.action,
      reason: input.reason,
      ...(input.caseId ? { caseId: input.caseId } : {}),
      ...(input.decisionId ? { decisionId: input.decisionId } : {}),
      issuedAt: input.issuedAt,
      issuedBy: input.issuedBy,
    },
  };
}
