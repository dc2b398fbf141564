import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decision, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';
import type { CasesClient } from '@vigil/protos';

let h: CaseHarness;
let engine: CasesClient;
let ann: CasesClient;

beforeAll(async () => {
  h = await startCaseHarness();
  engine = h.client('risk-engine');
  ann = h.client('agent-ann');
});
afterAll(() => h.close());

const account = () => `acct-${Math.random().toString(36).slice(2, 10)}`;

describe('RaiseCase', () => {
  it('turns two concurrent decisions for one account into one case with two alerts', async () => {
    const accountId = account();
    const [first, second] = await Promise.all([
      engine.raiseCase(decision({ accountId, score: 45 })),
      engine.raiseCase(decision({ accountId, score: 95, outcome: 'DECISION_OUTCOME_BLOCK' })),
    ]);
    expect(first.caseId).toBe(second.caseId);
    expect([first.caseCreated, second.caseCreated].sort()).toEqual([false, true]);
    const { rows } = await h.pg.pool.query<{ cases: string; alerts: string }>(
      `SELECT (SELECT count(*) FROM cases WHERE account_id = $1) AS cases,
              (SELECT count(*) FROM alerts WHERE account_id = $1) AS alerts`,
      [accountId],
    );
    expect(rows[0]).toEqual({ cases: '1', alerts: '2' });
    const found = await ann.getCase({ caseId: first.caseId });
    // Severity is the max of the alerts: the block at 95 is critical.
    expect(found.summary?.severity).toBe('SEVERITY_CRITICAL');
    expect(found.summary?.alertCount).toBe(2);
  });

  it('keeps one open case under a burst of twenty concurrent decisions', async () => {
    const accountId = account();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => engine.raiseCase(decision({ accountId }))),
    );
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.filter((r) => r.caseCreated)).toHaveLength(1);
    const found = await ann.getCase({ caseId: results[0]!.caseId });
    expect(found.alerts).toHaveLength(20);
  });

  it('is idempotent on decisionId: a replay returns the first alert and adds nothing', async () => {
    const accountId = account();
    const request = decision({ accountId });
    const first = await engine.raiseCase(request);
    const [again, concurrent] = await Promise.all([
      engine.raiseCase(request),
      engine.raiseCase(request),
    ]);
    for (const replay of [again, concurrent]) {
      expect(replay).toMatchObject({
        caseId: first.caseId,
        alertId: first.alertId,
        alertCreated: false,
        caseCreated: false,
      });
    }
    const found = await ann.getCase({ caseId: first.caseId });
    expect(found.alerts.map((a) => a.decisionId)).toEqual([request.decisionId]);
    expect(
      found.audit.filter((a) => a.action === 'case_opened' || a.action === 'alert_attached'),
    ).toHaveLength(1);
  });

  it('maps score and outcome to severity and never lowers a case severity', async () => {
    const accountId = account();
    const high = await engine.raiseCase(
      decision({ accountId, score: 60, outcome: 'DECISION_OUTCOME_BLOCK' }),
    );
    expect(high.severity).toBe('SEVERITY_HIGH');
    const low = await engine.raiseCase(decision({ accountId, score: 10 }));
    expect(low.severity).toBe('SEVERITY_HIGH');
    const found = await ann.getCase({ caseId: high.caseId });
    expect(found.alerts.map((a) => a.severity)).toEqual(['SEVERITY_HIGH', 'SEVERITY_LOW']);
  });

  it('opens a new case once the previous one is resolved', async () => {
    const accountId = account();
    const first = await engine.raiseCase(decision({ accountId }));
    await ann.resolveCase({
      caseId: first.caseId,
      disposition: 'DISPOSITION_INCONCLUSIVE',
      comment: 'no signal',
    });
    const next = await engine.raiseCase(decision({ accountId }));
    expect(next.caseCreated).toBe(true);
    expect(next.caseId).not.toBe(first.caseId);
  });
});

describe('GetCase', () => {
  it('returns alerts with reasons, notes, the full audit trail and SLA fields', async () => {
    const accountId = account();
    const request = decision({ accountId, score: 82 });
    const raised = await engine.raiseCase(request);
    await ann.assignCase({ caseId: raised.caseId, assignee: 'agent-ann' });
    await ann.addNote({ caseId: raised.caseId, body: 'called the customer' });

    const found = await ann.getCase({ caseId: raised.caseId });
    expect(found.summary).toMatchObject({
      accountId,
      status: 'CASE_STATUS_IN_PROGRESS',
      assignee: 'agent-ann',
      alertCount: 1,
    });
    expect(found.alerts[0]).toMatchObject({
      decisionId: request.decisionId,
      eventId: request.eventId,
      outcome: 'DECISION_OUTCOME_REVIEW',
      severity: 'SEVERITY_HIGH',
      subject: {
        deviceId: request.subject?.deviceId,
        transactionId: request.subject?.transactionId,
        ip: '203.0.113.7',
      },
      occurredAt: '2026-11-24T07:00:00.000Z',
    });
    expect(found.alerts[0]?.reasons[0]).toMatchObject({
      rule: 'velocity.card',
      score: 40,
      observed: '6',
      threshold: '5',
    });
    expect(found.notes.map((n) => [n.author, n.body])).toEqual([
      ['agent-ann', 'called the customer'],
    ]);
    expect(found.audit.map((a) => [a.action, a.actor, a.actorRole])).toEqual([
      ['case_opened', 'risk-engine', 'service'],
      ['assigned', 'agent-ann', 'agent'],
      ['note_added', 'agent-ann', 'agent'],
    ]);
    const assigned = found.audit[1]!;
    expect(JSON.parse(assigned.beforeJson)).toEqual({ assignee: null, status: 'open' });
    expect(JSON.parse(assigned.afterJson)).toEqual({
      assignee: 'agent-ann',
      status: 'in_progress',
    });
    expect(found.sla?.ageSeconds).toBeGreaterThan(0);
    // The first action is the assignment: after opening, before the note.
    const firstAction = Date.parse(found.sla?.firstActionAt ?? 'missing');
    expect(firstAction).toBeGreaterThanOrEqual(Date.parse(found.summary!.createdAt));
    expect(firstAction).toBeLessThanOrEqual(Date.parse(found.notes[0]!.createdAt));
    expect(found.sla?.timeToFirstActionSeconds).toBeGreaterThanOrEqual(0);
    expect(found.sla?.timeToResolutionSeconds).toBeUndefined();
  });

  it('answers NOT_FOUND for an unknown case', async () => {
    await expect(
      ann.getCase({ caseId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'CASE_SERVICE_REJECTED', details: { grpcCode: 5 } });
  });
});
