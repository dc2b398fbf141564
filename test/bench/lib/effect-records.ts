import type { Admin } from 'kafkajs';
import pg from 'pg';
import type { CauseRow, NoticeRow } from './effects-check.ts';

/** What case-service and the notifier recorded, read from their schemas. */
export interface StoredEffects {
  alertDecisionIds: string[];
  causes: CauseRow[];
  notices: NoticeRow[];
}

async function query<T extends pg.QueryResultRow>(
  databaseUrl: string,
  schema: string,
  sql: string,
): Promise<T[]> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function readStoredEffects(options: {
  databaseUrl: string;
  caseSchema: string;
  notifierSchema: string;
}): Promise<StoredEffects> {
  const [alerts, causes, notices] = await Promise.all([
    query<{ decision_id: string }>(
      options.databaseUrl,
      options.caseSchema,
      'SELECT decision_id FROM alerts',
    ),
    query<{ cause_id: string; kind: string; incident_id: string | null }>(
      options.databaseUrl,
      options.notifierSchema,
      'SELECT cause_id, kind, incident_id FROM notice_causes',
    ),
    query<{ incident_id: string | null; decision_id: string; kind: string; status: string }>(
      options.databaseUrl,
      options.notifierSchema,
      'SELECT incident_id, decision_id, kind, status FROM notifications',
    ),
  ]);
  return {
    alertDecisionIds: alerts.map((row) => row.decision_id),
    causes: causes.map((row) => ({
      decisionId: row.cause_id,
      kind: row.kind,
      incidentId: row.incident_id,
    })),
    notices: notices.map((row) => ({
      incidentId: row.incident_id,
      decisionId: row.decision_id,
      kind: row.kind,
      status: row.status,
    })),
  };
}

/**
 * Re-reads until case-service holds an alert for every review and block decision, the notifier
 * has recorded every decision expected to call for a notice, no notice is still pending or
 * sending, and the sinks received every sent one; or the time is up (then the last reading).
 * Cases are raised after the decision is published, by the engine's case raiser reading the
 * decisions topic (it gathers fetches and backs off while case-service or the broker is down), so
 * they may land after the notices: reading them with the notices alone failed the chaos test on
 * alerts still on their way.
 */
export async function settleEffects(options: {
  read: () => Promise<StoredEffects>;
  /** Review and block decisions: each gets one case alert. */
  expectedAlerts: ReadonlySet<string>;
  /** Challenge and block decisions: each is recorded once, coalesced or not. */
  expectedNotices: number;
  delivered: () => number;
  timeoutMs: number;
}): Promise<StoredEffects> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const effects = await options.read();
    const open = effects.notices.filter((n) => n.status === 'pending' || n.status === 'sending');
    const sent = effects.notices.filter((n) => n.status === 'sent').length;
    const alerts = new Set(effects.alertDecisionIds);
    const settled =
      [...options.expectedAlerts].every((id) => alerts.has(id)) &&
      effects.causes.length >= options.expectedNotices &&
      open.length === 0 &&
      sent === options.delivered();
    if (settled || Date.now() > deadline) return effects;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Records in the dead-letter topics (every one a bug here: the simulator sends valid events). */
export async function deadLetterCount(admin: Admin, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    for (const { high, low } of offsets) total += Number(high) - Number(low);
  }
  return total;
}
