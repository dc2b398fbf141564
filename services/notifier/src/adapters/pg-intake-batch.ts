import type pg from 'pg';
import { VigilError } from '@vigil/errors';
import type { AccountNotices, IncidentUpdate, IntakeScope } from '../app/ports.ts';
import {
  ACCEPTED_SINCE,
  ADD_ACTIVITY,
  CAUSE_RECORDED,
  INSERT_INTAKE,
  LOAD_INTAKE_STATE,
  OPEN_INCIDENT_OF,
  UPDATE_HELD,
  UPDATE_INCIDENT,
  WITHDRAW_NOTICE,
} from './pg-intake-statements.ts';
import { IntakeState, loadedIntakeState } from './pg-intake-state.ts';

export interface IntakeBatch {
  account(accountId: string): AccountNotices;
  /** Writes what the batch created and changed (two statements at most), before the commit. */
  flush(): Promise<void>;
}

/**
 * An intake batch's notices and incidents on PostgreSQL in a handful of statements, not a few per
 * cause: what the batch's causes need is read once when it starts (its accounts are locked, and
 * so are the unsent notices of their open incidents, so it stays current), the batch works on
 * that copy (IntakeState), and what it created and changed is written when it ends. Calls the
 * load did not cover (a notice the batch does not hold, a cause or a rate window it was not told
 * about) ask the database at once, as one statement per call would. The int test records the
 * same records in one batch, in batches of five and one by one, and compares every row.
 */
export async function loadIntakeBatch(
  client: pg.PoolClient,
  scope: IntakeScope,
): Promise<IntakeBatch> {
  const { rows } = await client.query(
    LOAD_INTAKE_STATE.with([
      scope.accountIds,
      scope.rateWindowMs,
      scope.causes.map((c) => c.causeId),
      scope.causes.map((c) => c.kind),
    ]),
  );
  const state = new IntakeState(loadedIntakeState.parse(rows[0]), scope);

  const account = (accountId: string): AccountNotices => ({
    async causeRecorded(causeId, kind) {
      const known = state.causeRecorded(causeId, kind);
      if (known !== undefined) return known;
      const { rowCount } = await client.query(CAUSE_RECORDED.with([causeId, kind]));
      return (rowCount ?? 0) > 0;
    },
    recordCause(cause) {
      state.recordCause(accountId, cause);
      return Promise.resolve();
    },
    openIncident: () => Promise.resolve(state.openIncident(accountId)),
    async openIncidentOf(causeId, kind) {
      const created = state.incidentOfNew(causeId, kind);
      if (created !== undefined) return created.id;
      const { rows } = await client.query<{ id: string }>(OPEN_INCIDENT_OF.with([causeId, kind]));
      const id = rows[0]?.id;
      return id !== undefined && state.stillOpen(id) ? id : undefined;
    },
    createIncident: (openedAt) => Promise.resolve(state.createIncident(accountId, openedAt)),
    async updateIncident(id, change) {
      const done = state.updateIncident(id, change);
      if (done !== undefined) return done;
      const { rows } = await client.query<IncidentUpdate>(
        UPDATE_INCIDENT.with([
          id,
          change.activityAt ?? null,
          change.lock ?? false,
          change.close ?? null,
        ]),
      );
      return rows[0] ?? { locked: false, closed: false };
    },
    async acceptedSince(windowMs) {
      const known = state.acceptedSince(accountId, windowMs);
      if (known !== undefined) return known;
      const { rows } = await client.query<{ n: string }>(
        ACCEPTED_SINCE.with([accountId, windowMs]),
      );
      return state.acceptedSince(accountId, windowMs, Number(rows[0]?.n ?? 0))!;
    },
    createNotice: (notice) => Promise.resolve(state.createNotice(accountId, notice)),
    async addActivity(noticeId, facts, maxListed) {
      const done = state.addActivity(noticeId, facts, maxListed);
      if (done !== undefined) return done;
      const { rowCount } = await client.query(
        ADD_ACTIVITY.with([noticeId, JSON.stringify(facts), maxListed]),
      );
      return rowCount === 1 ? 'unsent' : 'sent';
    },
    async withdrawNotice(noticeId, reason) {
      const done = state.withdrawNotice(noticeId, reason);
      if (done !== undefined) return done;
      const { rowCount } = await client.query(WITHDRAW_NOTICE.with([noticeId, reason]));
      if (rowCount === 1) state.withdrawnInDatabase(accountId);
      return rowCount === 1;
    },
  });

  async function flush(): Promise<void> {
    const { changedIncidents, touchedNotices, newIncidents, newNotices, causes } = state.changes();
    if (changedIncidents.length + touchedNotices.length > 0) {
      const { rowCount } = await client.query(
        UPDATE_HELD.with([
          changedIncidents.map((i) => i.id),
          changedIncidents.map((i) => i.lastActivityAt),
          changedIncidents.map((i) => i.locked),
          changedIncidents.map((i) => i.closedBy ?? null),
          touchedNotices.map((n) => n.id),
          touchedNotices.map((n) => JSON.stringify(n.appended)),
          touchedNotices.map((n) => n.added),
          touchedNotices.map((n) => (n.withdrawn === undefined ? null : 'suppressed')),
          touchedNotices.map((n) => n.withdrawn ?? null),
        ]),
      );
      // Held rows are locked and unsent: every one is updated, or the batch is not what it read.
      if (rowCount !== touchedNotices.length)
        throw new VigilError(
          'NOTICE_NOT_HELD',
          `updated ${rowCount ?? 0} of the ${touchedNotices.length} notices the intake batch held`,
          { retryable: true },
        );
    }
    if (newIncidents.length + newNotices.length + causes.length === 0) return;
    await client.query(
      INSERT_INTAKE.with([
        newIncidents.map((i) => i.id),
        newIncidents.map((i) => i.accountId),
        newIncidents.map((i) => i.openedAt),
        newIncidents.map((i) => i.lastActivityAt),
        newIncidents.map((i) => i.locked),
        newIncidents.map((i) => i.closedBy ?? null),
        newNotices.map((n) => n.id),
        newNotices.map((n) => n.decisionId),
        newNotices.map((n) => n.kind),
        newNotices.map((n) => n.accountId),
        newNotices.map((n) => n.status),
        newNotices.map((n) => JSON.stringify(n.facts)),
        newNotices.map((n) => n.decision),
        newNotices.map((n) => n.decidedAt),
        newNotices.map((n) => n.lastError),
        newNotices.map((n) => n.incidentId),
        newNotices.map((n) => n.sendAfterMs),
        newNotices.map((n) => JSON.stringify(n.activities)),
        newNotices.map((n) => n.activityCount),
        causes.map((c) => c.causeId),
        causes.map((c) => c.kind),
        causes.map((c) => c.accountId),
        causes.map((c) => c.incidentId ?? null),
        causes.map((c) => c.notificationId ?? null),
        causes.map((c) => c.outcome),
        causes.map((c) => c.causedAt),
      ]),
    );
  }

  return { account, flush };
}
