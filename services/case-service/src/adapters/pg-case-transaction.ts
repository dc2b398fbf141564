import type { Tx } from '@vigil/postgres';
import type { CaseSummary } from '../domain/case-model.ts';
import type { CaseTransaction, CaseUpdate } from '../app/ports.ts';
import { alertLabelTarget } from '../domain/dispute-alert.ts';
import { addEvidenceInTx } from './pg-label-writes.ts';
import { CASE_COLUMNS, toNote, toSummary, type CaseRow, type NoteRow } from './pg-rows.ts';

// Every update is a human action: it moves updated_at and, the first time, first_action_at.
const TOUCH =
  'updated_at = clock_timestamp(), first_action_at = COALESCE(first_action_at, clock_timestamp())';

function updateSql(caseId: string, update: CaseUpdate): { text: string; values: unknown[] } {
  const values: unknown[] = [caseId];
  const param = (value: unknown) => `$${values.push(value)}`;
  const sets: string[] = [];
  if (update.assignee !== undefined) sets.push(`assignee = ${param(update.assignee)}`);
  if (update.status !== undefined) sets.push(`status = ${param(update.status)}`);
  const resolution = update.resolution;
  if (resolution) {
    sets.push(
      `disposition = ${param(resolution.disposition)}`,
      `resolution_comment = ${param(resolution.comment ?? null)}`,
      `resolved_by = ${param(resolution.resolvedBy)}`,
      'resolved_at = clock_timestamp()',
    );
  }
  sets.push(TOUCH);
  return {
    text: `UPDATE cases SET ${sets.join(', ')} WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
    values,
  };
}

/** The CaseTransaction port on one PostgreSQL transaction; `channel` is the NOTIFY channel. */
export function pgCaseTransaction(tx: Tx, channel: string): CaseTransaction {
  return {
    lockCase: async (caseId) => {
      const { rows } = await tx.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`,
        [caseId],
      );
      return rows[0] ? toSummary(rows[0]) : undefined;
    },
    updateCase: async (caseId, update): Promise<CaseSummary> => {
      const { rows } = await tx.query<CaseRow>(updateSql(caseId, update));
      if (!rows[0]) throw new Error(`case ${caseId} vanished inside its own transaction`);
      return toSummary(rows[0]);
    },
    addNote: async (caseId, author, body) => {
      const { rows } = await tx.query<NoteRow>(
        'INSERT INTO notes (case_id, author, body) VALUES ($1, $2, $3) RETURNING id, author, body, created_at',
        [caseId, author, body],
      );
      return toNote(rows[0]!);
    },
    latestAlert: async (caseId) => {
      const { rows } = await tx.query<{ decision_id: string; device_id: string | null }>(
        `SELECT decision_id, subject->>'deviceId' AS device_id FROM alerts WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [caseId],
      );
      const row = rows[0];
      return row
        ? { decisionId: row.decision_id, deviceId: row.device_id ?? undefined }
        : undefined;
    },
    appendAudit: async (entry) => {
      await tx.query(
        `INSERT INTO audit_events (case_id, account_id, actor, actor_role, action, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          entry.caseId ?? null,
          entry.accountId,
          entry.by.id,
          entry.by.role,
          entry.action,
          entry.before,
          entry.after,
        ],
      );
    },
    appendOutbox: async (messages) => {
      for (const message of messages) {
        await tx.query(
          `INSERT INTO outbox (message_id, kind, message_key, payload) VALUES ($1, $2, $3, $4)
           ON CONFLICT (message_id) DO NOTHING`,
          [message.messageId, message.kind, message.key, message.payload],
        );
      }
    },
    // NOTIFY is transactional: listeners hear about the change only once it has committed.
    announce: async (change) => {
      await tx.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(change)]);
    },
    labelTargets: async (caseId) => {
      const { rows } = await tx.query<{ decision_id: string; transaction_id: string | null }>(
        `SELECT decision_id, subject->>'transactionId' AS transaction_id FROM alerts WHERE case_id = $1 ORDER BY created_at, id`,
        [caseId],
      );
      return rows.flatMap((row) => {
        const target = alertLabelTarget({
          decisionId: row.decision_id,
          transactionId: row.transaction_id ?? undefined,
        });
        return target ? [target] : [];
      });
    },
    addLabelEvidence: async (evidence) => {
      await addEvidenceInTx(tx, evidence);
    },
  };
}
