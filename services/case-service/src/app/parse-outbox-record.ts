import { accountCommand, riskFeedback } from '@vigil/events';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { PendingRecord } from './ports.ts';

export type ParsedRecord = { ok: true; message: OutboxMessage } | { ok: false; error: string };

/**
 * Re-validates a stored row against the wire schema before it leaves: the row was written by
 * an older or newer build, or edited by hand, and a consumer must never see a malformed record.
 */
export function parseOutboxRecord(record: PendingRecord): ParsedRecord {
  const base = { messageId: record.messageId, key: record.key };
  switch (record.kind) {
    case 'risk_feedback': {
      const parsed = riskFeedback.safeParse(record.payload);
      if (!parsed.success)
        return { ok: false, error: `risk_feedback fails its schema: ${parsed.error.message}` };
      if (parsed.data.feedbackId !== record.messageId)
        return { ok: false, error: 'feedbackId differs from message_id' };
      return { ok: true, message: { kind: 'risk_feedback', ...base, payload: parsed.data } };
    }
    case 'account_command': {
      const parsed = accountCommand.safeParse(record.payload);
      if (!parsed.success)
        return { ok: false, error: `account_command fails its schema: ${parsed.error.message}` };
      if (parsed.data.commandId !== record.messageId)
        return { ok: false, error: 'commandId differs from message_id' };
      return { ok: true, message: { kind: 'account_command', ...base, payload: parsed.data } };
    }
    default:
      return { ok: false, error: `unknown outbox kind ${record.kind}` };
  }
}
