import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { mayAssign, mayResolve } from '../domain/access-policy.ts';
import type {
  CaseChange,
  CaseSummary,
  ChangeKind,
  NoteRecord,
  Principal,
} from '../domain/case-model.ts';
import { caseError, invalidArgument } from '../domain/case-errors.ts';
import type { AccountActionCommand, ResolveCaseCommand } from '../domain/commands.ts';
import { accountCommandMessage, resolutionMessages } from '../domain/outbox-messages.ts';
import { CASE_COLUMNS, toNote, toSummary, type CaseRow, type NoteRow } from './pg-rows.ts';
import {
  insertAudit,
  insertOutbox,
  notifyChange,
  withTransaction,
  type Tx,
} from './pg-transaction.ts';

async function lockCase(tx: Tx, caseId: string): Promise<CaseSummary> {
  const { rows } = await tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`,
    [caseId],
  );
  if (!rows[0]) throw caseError('NOT_FOUND', `case ${caseId} does not exist`);
  return toSummary(rows[0]);
}

function change(kind: ChangeKind, summary: CaseSummary, by: Principal): CaseChange {
  const { caseId, accountId, status, severity, assignee } = summary;
  return {
    kind,
    caseId,
    accountId,
    status,
    severity,
    assignee,
    actor: by.id,
    at: new Date().toISOString(),
  };
}

async function latestAlert(
  tx: Tx,
  caseId: string,
): Promise<{ decisionId: string; deviceId: string | undefined } | undefined> {
  const { rows } = await tx.query<{ decision_id: string; device_id: string | null }>(
    `SELECT decision_id, subject->>'deviceId' AS device_id FROM alerts WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [caseId],
  );
  const row = rows[0];
  return row ? { decisionId: row.decision_id, deviceId: row.device_id ?? undefined } : undefined;
}

// Every human action counts towards "time to first action" exactly once.
const TOUCH =
  'updated_at = clock_timestamp(), first_action_at = COALESCE(first_action_at, clock_timestamp())';

export function assignCase(
  pool: pg.Pool,
  channel: string,
  caseId: string,
  assignee: string,
  by: Principal,
): Promise<CaseSummary> {
  return withTransaction(pool, async (tx) => {
    const before = await lockCase(tx, caseId);
    if (before.status === 'resolved')
      throw caseError('FAILED_PRECONDITION', `case ${caseId} is resolved`);
    const verdict = mayAssign(by, before.assignee);
    if (!verdict.allowed) throw caseError('PERMISSION_DENIED', verdict.reason);
    const { rows } = await tx.query<CaseRow>(
      `UPDATE cases SET assignee = $2, status = 'in_progress', ${TOUCH} WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
      [caseId, assignee],
    );
    const after = toSummary(rows[0]!);
    await insertAudit(tx, {
      caseId,
      accountId: after.accountId,
      by,
      action: 'assigned',
      before: { assignee: before.assignee ?? null, status: before.status },
      after: { assignee: after.assignee ?? null, status: after.status },
    });
    await notifyChange(tx, channel, change('assigned', after, by));
    return after;
  });
}

export function addNote(
  pool: pg.Pool,
  channel: string,
  caseId: string,
  body: string,
  by: Principal,
): Promise<NoteRecord> {
  return withTransaction(pool, async (tx) => {
    await lockCase(tx, caseId);
    const note = await tx.query<NoteRow>(
      'INSERT INTO notes (case_id, author, body) VALUES ($1, $2, $3) RETURNING id, author, body, created_at',
      [caseId, by.id, body],
    );
    const { rows } = await tx.query<CaseRow>(
      `UPDATE cases SET ${TOUCH} WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
      [caseId],
    );
    const after = toSummary(rows[0]!);
    const record = toNote(note.rows[0]!);
    await insertAudit(tx, {
      caseId,
      accountId: after.accountId,
      by,
      action: 'note_added',
      before: null,
      after: { noteId: record.noteId, body },
    });
    await notifyChange(tx, channel, change('note_added', after, by));
    return record;
  });
}

export function resolveCase(
  pool: pg.Pool,
  channel: string,
  command: ResolveCaseCommand,
  by: Principal,
): Promise<CaseSummary> {
  return withTransaction(pool, async (tx) => {
    const before = await lockCase(tx, command.caseId);
    if (before.status === 'resolved')
      throw caseError('FAILED_PRECONDITION', `case ${command.caseId} is already resolved`);
    const verdict = mayResolve(by, before.assignee);
    if (!verdict.allowed) throw caseError('PERMISSION_DENIED', verdict.reason);
    const { rows } = await tx.query<CaseRow>(
      `UPDATE cases SET status = 'resolved', disposition = $2, resolution_comment = $3, resolved_by = $4,
         resolved_at = clock_timestamp(), ${TOUCH}
       WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
      [command.caseId, command.disposition, command.comment || null, by.id],
    );
    const after = toSummary(rows[0]!);
    const messages = resolutionMessages({
      caseId: after.caseId,
      accountId: after.accountId,
      disposition: command.disposition,
      resolvedBy: by.id,
      resolvedAt: (after.resolvedAt ?? new Date()).toISOString(),
      latestAlert: await latestAlert(tx, command.caseId),
    });
    await insertOutbox(tx, messages);
    await insertAudit(tx, {
      caseId: command.caseId,
      accountId: after.accountId,
      by,
      action: 'resolved',
      before: { status: before.status },
      after: {
        status: after.status,
        disposition: command.disposition,
        comment: command.comment,
        emitted: messages.map((m) => m.messageId),
      },
    });
    await notifyChange(tx, channel, change('resolved', after, by));
    return after;
  });
}

export function accountAction(
  pool: pg.Pool,
  channel: string,
  command: AccountActionCommand,
  by: Principal,
): Promise<{ commandId: string }> {
  return withTransaction(pool, async (tx) => {
    let decisionId: string | undefined;
    if (command.caseId !== undefined) {
      const target = await lockCase(tx, command.caseId);
      if (target.accountId !== command.accountId) {
        throw invalidArgument([
          { field: 'caseId', description: `case ${command.caseId} is about another account` },
        ]);
      }
      decisionId = (await latestAlert(tx, command.caseId))?.decisionId;
    }
    // Fixed here, inside the transaction: every relay attempt re-sends this same commandId.
    const commandId = `cmd-${randomUUID()}`;
    const issuedAt = new Date().toISOString();
    const message = accountCommandMessage({
      commandId,
      ...command,
      decisionId,
      issuedBy: by.id,
      issuedAt,
    });
    await insertOutbox(tx, [message]);
    await insertAudit(tx, {
      caseId: command.caseId,
      accountId: command.accountId,
      by,
      action: command.action === 'lock' ? 'account_locked' : 'account_unlocked',
      before: null,
      after: { commandId, reason: command.reason },
    });
    if (command.caseId !== undefined) {
      const { rows } = await tx.query<CaseRow>(
        `UPDATE cases SET ${TOUCH} WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
        [command.caseId],
      );
      const kind = command.action === 'lock' ? 'account_locked' : 'account_unlocked';
      await notifyChange(tx, channel, change(kind, toSummary(rows[0]!), by));
    }
    return { commandId };
  });
}
