import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RiskFeedback } from '@vigil/events';
import type { IntakeRecord } from '../domain/plan-notification.ts';
import type { RateLimitPolicy } from '../domain/rate-limit.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import { InMemoryOutbox } from '../test-support/in-memory-outbox.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { createNoticeIntake } from './intake-notices.ts';

const logger = pino({ level: 'silent' });
const DECISIONS = 'risk.decisions.v1';

function setup(rateLimit?: RateLimitPolicy) {
  const clock = manualClock();
  const outbox = new InMemoryOutbox(clock.now, rateLimit);
  const metrics = createNotifierMetrics(new Registry());
  const intake = createNoticeIntake({ queue: outbox, metrics });
  const consume = (values: IntakeRecord[], topic = DECISIONS) =>
    intake({ topic, records: values.map((value) => ({ topic, value })), logger });
  return { clock, outbox, metrics, consume };
}

describe('notice intake', () => {
  it('queues one notice per decision however often the decision is consumed', async () => {
    const { outbox, metrics, consume } = setup();
    const decision = makeDecision();
    await consume([{ source: 'decision', decision }]);
    await consume([
      { source: 'decision', decision },
      { source: 'decision', decision },
    ]);
    expect(outbox.rows.size).toBe(1);
    expect(outbox.find(decision.decisionId, 'verification_request')).toMatchObject({
      status: 'pending',
      accountId: decision.accountId,
      decision: expect.objectContaining({ decisionId: decision.decisionId }) as unknown,
    });
    expect(await counterTotal(metrics.intake, { topic: DECISIONS, result: 'queued' })).toBe(1);
    expect(await counterTotal(metrics.intake, { topic: DECISIONS, result: 'duplicate' })).toBe(2);
  });

  it('queues nothing for allow and review, and counts them as ignored', async () => {
    const { outbox, metrics, consume } = setup();
    await consume([
      { source: 'decision', decision: makeDecision({ outcome: 'allow' }) },
      { source: 'decision', decision: makeDecision({ outcome: 'review' }) },
      { source: 'decision', decision: makeDecision({ outcome: 'block' }) },
    ]);
    expect([...outbox.rows.values()].map((row) => row.kind)).toEqual(['lock_notice']);
    expect(await counterTotal(metrics.intake, { result: 'ignored' })).toBe(2);
    expect(await counterTotal(metrics.intake, { result: 'queued' })).toBe(1);
  });

  it('records notices over the rate limit as suppressed and counts them', async () => {
    const { outbox, metrics, consume } = setup({
      maxPerWindow: 2,
      windowMs: 60_000,
      exemptKinds: ['lock_notice'],
    });
    const accountId = 'acc-storm';
    const challenges = [1, 2, 3].map(() => makeDecision({ accountId }));
    const block = makeDecision({ accountId, outcome: 'block' });
    await consume([...challenges, block].map((decision) => ({ source: 'decision', decision })));
    const statuses = challenges.map(
      (decision) => outbox.find(decision.decisionId, 'verification_request')?.status,
    );
    expect(statuses).toEqual(['pending', 'pending', 'suppressed']);
    expect(outbox.find(challenges[2]!.decisionId, 'verification_request')?.lastError).toBe(
      'rate limit: 2 per 60000 ms',
    );
    // Exempt kinds go out even when the account is over its limit.
    expect(outbox.find(block.decisionId, 'lock_notice')?.status).toBe('pending');
    expect(
      await counterTotal(metrics.notifications, {
        channel: 'none',
        kind: 'verification_request',
        status: 'suppressed',
      }),
    ).toBe(1);
  });

  it('turns a false-positive case resolution into one "access restored" notice', async () => {
    const { outbox, metrics, consume } = setup();
    const resolution: RiskFeedback = {
      schemaVersion: 1,
      feedbackId: 'case-resolution:1',
      accountId: 'acc-1',
      source: 'case_resolution',
      verdict: 'legit',
      decisionId: 'dec-1',
      occurredAt: '2026-11-24T09:00:00.000Z',
    };
    const ours: RiskFeedback = {
      ...resolution,
      feedbackId: 'fb-2',
      source: 'customer_verification',
    };
    await consume(
      [
        { source: 'feedback', feedback: resolution },
        { source: 'feedback', feedback: resolution },
        { source: 'feedback', feedback: ours },
      ],
      'risk.feedback.v1',
    );
    expect([...outbox.rows.values()].map((row) => [row.decisionId, row.kind])).toEqual([
      ['dec-1', 'access_restored'],
    ]);
    expect(await counterTotal(metrics.intake, { result: 'ignored' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'duplicate' })).toBe(1);
  });

  it('passes a failing store on, so the offsets are not committed', async () => {
    const metrics = createNotifierMetrics(new Registry());
    const intake = createNoticeIntake({
      queue: { enqueue: () => Promise.reject(new Error('database unavailable')) },
      metrics,
    });
    const decision = makeDecision();
    await expect(
      intake({
        topic: DECISIONS,
        records: [{ topic: DECISIONS, value: { source: 'decision', decision } }],
        logger,
      }),
    ).rejects.toThrow('database unavailable');
    expect(await counterTotal(metrics.intake, { result: 'queued' })).toBe(0);
  });
});
