import type { Tx } from '@vigil/postgres';
import type { CaseChange, Principal } from '../domain/case-model.ts';
import type { OutboxMessage } from '../domain/outbox-messages.ts';

export { withTransaction, type Tx } from '@vigil/postgres';

export async function insertAudit(
  tx: Tx,
  row: {
    caseId: string | undefined;
    accountId: string;
    by: Principal;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_events (case_id, account_id, actor, actor_role, action, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.caseId ?? null, row.accountId, row.by.id, row.by.role, row.action, row.before, row.after],
  );
}

export async function insertOutbox(tx: Tx, messages: readonly OutboxMessage[]): Promise<void> {
  for (const message of messages) {
    // ON CONFLICT: the id derives from what happened, so a second insert is the same record.
    await tx.query(
      `INSERT INTO outbox (message_id, kind, message_key, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (message_id) DO NOTHING`,
      [message.messageId, message.kind, message.key, message.payload],
    );
  }
}

/** NOTIFY is transactional: listeners hear about the change only once it has committed. */
export async function notifyChange(tx: Tx, channel: string, change: CaseChange): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(change)]);
}
