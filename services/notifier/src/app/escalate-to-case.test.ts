import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CaseEscalation } from '../domain/case-escalation.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import { enqueue } from '../test-support/enqueue-notices.ts';
import { InMemoryOutbox } from '../test-support/in-memory-outbox.ts';
import { InMemoryVerificationAnswers } from '../test-support/in-memory-verification-answers.ts';
import { flaky } from '../test-support/flaky.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { createCaseEscalation } from './escalate-to-case.ts';

const logger = pino({ level: 'silent' });

function setup() {
  const clock = manualClock();
  const outbox = new InMemoryOutbox(clock.now);
  const answers = new InMemoryVerificationAnswers(clock.now, outbox);
  const raised: CaseEscalation[] = [];
  const caseService = flaky(() => new Error('case-service unavailable'));
  const metrics = createNotifierMetrics(new Registry());
  const escalation = createCaseEscalation({
    answers,
    raiser: {
      raise: (request) => caseService.call(() => ({ caseId: `case-${raised.push(request)}` })),
    },
    retry: { initialDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0, maxAttempts: 1 },
    batchSize: 10,
    leaseMs: 30_000,
    metrics,
    logger,
  });
  /** A verification request for a fresh decision, answered `answer`. */
  async function answered(answer: 'yes' | 'no') {
    const decision = makeDecision();
    const { created } = await enqueue(outbox, [
      {
        decisionId: decision.decisionId,
        kind: 'verification_request',
        accountId: decision.accountId,
        decidedAt: decision.decidedAt,
        facts: { occurredAt: decision.occurredAt },
        decision,
      },
    ]);
    const id = created[0]!.id;
    await answers.record(id, answer, () => Promise.resolve());
    return { decision, id };
  }
  return {
    clock,
    answers,
    raised,
    metrics,
    escalation,
    answered,
    failNext: (n: number) => caseService.failNext(n),
  };
}

describe('case escalation', () => {
  it('raises one case per "not me" answer and none for "yes"', async () => {
    const { answers, raised, metrics, escalation, answered } = setup();
    const { decision, id } = await answered('no');
    await answered('yes');
    expect(await escalation.runOnce()).toBe(1);
    expect(await escalation.runOnce()).toBe(0);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      decisionId: decision.decisionId,
      accountId: decision.accountId,
      outcome: 'block',
      score: 100,
    });
    expect(raised[0]?.reasons[0]?.rule).toBe('customer_denied_activity');
    expect(answers.answers.get(id)?.caseId).toBe('case-1');
    expect(await counterTotal(metrics.caseEscalations, { result: 'raised' })).toBe(1);
  });

  it('keeps retrying with backoff through an outage, past maxAttempts, and raises once', async () => {
    const { clock, answers, raised, metrics, escalation, answered, failNext } = setup();
    const { id } = await answered('no');
    failNext(2);
    await escalation.runOnce();
    expect(answers.answers.get(id)).toMatchObject({ caseId: undefined, caseAttempts: 1 });
    expect(answers.answers.get(id)?.caseError).toContain('case-service unavailable');
    clock.advance(999);
    expect(await escalation.runOnce()).toBe(0);
    clock.advance(1);
    await escalation.runOnce();
    // The second failure waits twice as long.
    clock.advance(1_999);
    expect(await escalation.runOnce()).toBe(0);
    clock.advance(1);
    await escalation.runOnce();
    clock.advance(60_000);
    await escalation.runOnce();
    expect(raised).toHaveLength(1);
    expect(answers.answers.get(id)).toMatchObject({ caseId: 'case-1', caseAttempts: 3 });
    expect(await counterTotal(metrics.caseEscalations, { result: 'failed' })).toBe(2);
    expect(await counterTotal(metrics.caseEscalations, { result: 'raised' })).toBe(1);
  });
});
