import type pg from 'pg';
import type { RaiseCaseRequest } from '@vigil/protos';

/**
 * The SQL call case-service makes for one RaiseCase (services/case-service/src/adapters/
 * pg-raise-case.ts), issued straight from a pool: what PostgreSQL alone can do, so the gap to
 * the gRPC rate is the cost of gRPC, auth, validation, logging and Node in between. Severity is
 * fixed (high): the service computes it in TypeScript, which this probe does not exercise.
 */
export async function raiseCaseSql(
  pool: pg.Pool,
  request: RaiseCaseRequest,
  channel: string,
): Promise<void> {
  await pool.query(
    'SELECT * FROM raise_case($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
    [
      request.accountId,
      request.decisionId,
      request.eventId,
      request.eventType,
      request.score,
      request.outcome === 'DECISION_OUTCOME_BLOCK' ? 'block' : 'review',
      3,
      JSON.stringify(request.reasons),
      JSON.stringify(request.subject),
      request.occurredAt,
      request.decidedAt,
      'risk-engine',
      'service',
      channel,
    ],
  );
}
