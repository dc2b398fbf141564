import type pg from 'pg';
import { severityFromRank, type Severity } from '../domain/case-model.ts';
import type { BacklogProbe } from '../metrics.ts';
import type { OutboxStore } from '../app/ports.ts';

export function createPgBacklogProbe(pool: pg.Pool, outbox: OutboxStore): BacklogProbe {
  return {
    backlog: async () => {
      const [bySeverity, oldest] = await Promise.all([
        pool.query<{ severity: number; n: string }>(
          "SELECT severity, count(*) AS n FROM cases WHERE status <> 'resolved' GROUP BY severity",
        ),
        pool.query<{ age: number | null }>(
          "SELECT EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float8 AS age FROM cases WHERE status <> 'resolved'",
        ),
      ]);
      const openBySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
      for (const row of bySeverity.rows)
        openBySeverity[severityFromRank(row.severity)] = Number(row.n);
      return { openBySeverity, oldestOpenAgeSeconds: oldest.rows[0]?.age ?? 0 };
    },
    outboxPending: () => outbox.pendingCount(),
  };
}
