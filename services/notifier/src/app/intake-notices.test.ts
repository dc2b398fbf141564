import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RiskFeedback } from '@vigil/events';
import type { IntakeRecord } from '../domain/plan-notification.ts';
import type { RateLimitPolicy } from '../domain/rate-limit.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import { PLAIN_POLICIES } from '../test-support/enqueue-notices.ts';
import { InMemoryOutbox } from '../test-support/in-memory-outbox.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { createNoticeIntake } from './intake-notices.ts';

const logger = pino({ level: 'silent' });
const DECISIONS = 'risk.decisions.v1';

const WINDOW_MS = 30 * 60_000;
const at = (minutes: number) =>
  new Date(Date.parse('2026-11-24T07:00:00.000Z') + minutes * 60_000).toISOString();

function setup(rateLimit?: RateLimitPolicy, retentionMs?: number) {
  const clock = manualClock();
  const outbox = new InMemoryOutbox(clock.now);
  const metrics = createNotifierMetrics(new Registry());
  const policies = {
    incidents: { windowMs: WINDOW_MS, gatherMs: 20_000 },
    rateLimit: rateLimit ?? PLAIN_POLICIES.rateLimit,
  };
  const intake = createNoticeIntake({
    store: outbox,
    policies,
    metrics,
    ...(retentionMs === undefined ? {} : { retention: { ms: retentionMs, now: clock.now } }),
  });
  const consume = (values: IntakeRecord[], topic = DECISIONS) =>
    intake({ records: values.map((value) => ({ topic, value })), logger });
  return { clock, outbox, metrics, consume };
}

/** The customer's answer to the verification request of `decisionId`, as the feedback topic has it. */
function customerAnswer(
  accountId: string,
  decisionId: string,
  verdict: 'legit' | 'fraud',
  minute: number,
): IntakeRecord {
  return {
    source: 'feedback',
    feedback: {
      schemaVersion: 1,
      feedbackId: `fb-verify-${decisionId}`,
      accountId,
      source: 'customer_verification',
      verdict,
      decisionId,
      occurredAt: at(minute),
    },
  };
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

  it('gives no notice to a decision older than the retention (its notice may have been deleted)', async () => {
    const { clock, outbox, metrics, consume } = setup(undefined, 90 * 86_400_000);
    const decidedDaysAgo = (days: number) =>
      makeDecision({ decidedAt: new Date(clock.now() - days * 86_400_000).toISOString() });
    const old = decidedDaysAgo(91);
    const within = decidedDaysAgo(89);
    await consume([old, within].map((decision) => ({ source: 'decision', decision })));
    expect(outbox.find(old.decisionId, 'verification_request')).toBeUndefined();
    expect(outbox.find(within.decisionId, 'verification_request')).toBeDefined();
    expect(await counterTotal(metrics.intake, { result: 'stale' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'queued' })).toBe(1);
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
    // An hour apart: each its own incident, each its own notice, so the limit is what holds them.
    const challenges = [0, 60, 120].map((minute) =>
      makeDecision({ accountId, decidedAt: at(minute) }),
    );
    const block = makeDecision({ accountId, outcome: 'block', decidedAt: at(180) });
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
    // The customer's own answer notifies nobody; it only settles its incident (none open here).
    expect(await counterTotal(metrics.intake, { result: 'answer' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'duplicate' })).toBe(1);
  });

  it('turns a burst into one notice per kind: challenges listed in one "was this you?", blocks in one lock notice', async () => {
    const { outbox, metrics, consume } = setup();
    const accountId = 'acc-burst';
    const challenges = [0, 1, 2, 3, 4, 5, 6].map((minute) =>
      makeDecision({
        accountId,
        decidedAt: at(minute),
        context: { merchantName: `Shop ${minute}` },
      }),
    );
    await consume(challenges.map((decision) => ({ source: 'decision', decision })));
    const rows = [...outbox.rows.values()];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'verification_request',
      decisionId: challenges[0]!.decisionId,
      activityCount: 7,
    });
    // Bounded: the first plus four more are listed, the rest only counted.
    expect(rows[0]!.activities.map((facts) => facts.merchantName)).toEqual([
      'Shop 1',
      'Shop 2',
      'Shop 3',
      'Shop 4',
    ]);
    // Held back so the rest of a burst joins it before it goes out.
    expect(rows[0]!.nextAttemptAt.getTime() - rows[0]!.createdAt.getTime()).toBe(20_000);
    expect(
      await counterTotal(metrics.noticesCoalesced, {
        kind: 'verification_request',
        outcome: 'listed',
      }),
    ).toBe(6);
    expect(await counterTotal(metrics.incidents, { event: 'opened' })).toBe(1);
    expect(outbox.causes.size).toBe(7);
  });

  it('replaces an unsent "was this you?" with the lock notice, and asks nothing once locked', async () => {
    const { outbox, metrics, consume } = setup();
    const accountId = 'acc-locked';
    const challenge = makeDecision({ accountId, decidedAt: at(0) });
    const blocks = [1, 2].map((minute) =>
      makeDecision({ accountId, outcome: 'block', decidedAt: at(minute) }),
    );
    const later = makeDecision({ accountId, decidedAt: at(13) });
    await consume(
      [challenge, ...blocks, later].map((decision) => ({ source: 'decision', decision })),
    );
    const byKind = Object.fromEntries([...outbox.rows.values()].map((row) => [row.kind, row]));
    expect(Object.keys(byKind).sort()).toEqual(['lock_notice', 'verification_request']);
    expect(byKind.verification_request).toMatchObject({ status: 'suppressed' });
    expect(byKind.verification_request!.lastError).toBe(
      `superseded by lock notice ${byKind.lock_notice!.id}`,
    );
    expect(byKind.lock_notice).toMatchObject({ status: 'pending', activityCount: 2 });
    expect(outbox.causes.get(`${later.decisionId}/verification_request`)?.outcome).toBe(
      'superseded',
    );
    expect(await counterTotal(metrics.noticesSuppressed, { reason: 'replaced_by_lock' })).toBe(1);
    expect(await counterTotal(metrics.noticesSuppressed, { reason: 'incident_locked' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'superseded' })).toBe(1);
  });

  it('covers a decision with the notice already sent, and never re-sends on a replay', async () => {
    const { clock, outbox, metrics, consume } = setup();
    const accountId = 'acc-sent';
    const first = makeDecision({ accountId, decidedAt: at(0) });
    await consume([{ source: 'decision', decision: first }]);
    clock.advance(20_000);
    const [claimed] = await outbox.claimDue(10, 60_000);
    await outbox.markSent(claimed!.id, 1, 'email', 'en');
    const second = makeDecision({ accountId, decidedAt: at(5) });
    // After the window: a new incident, a new notice. The replay of the first changes nothing.
    const third = makeDecision({ accountId, decidedAt: at(120) });
    await consume([second, third, first].map((decision) => ({ source: 'decision', decision })));
    expect(outbox.causes.get(`${second.decisionId}/verification_request`)?.outcome).toBe('covered');
    expect(outbox.find(first.decisionId, 'verification_request')).toMatchObject({
      status: 'sent',
      activityCount: 1,
    });
    expect(outbox.find(third.decisionId, 'verification_request')).toMatchObject({
      status: 'pending',
    });
    expect(outbox.rows.size).toBe(2);
    expect(await counterTotal(metrics.noticesCoalesced, { outcome: 'covered' })).toBe(1);
    expect(await counterTotal(metrics.incidents, { event: 'expired' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'duplicate' })).toBe(1);
  });

  it('an agent\'s unlock tells the customer "access restored" once, also when a false-positive resolution sends its feedback too', async () => {
    const { outbox, consume } = setup();
    const accountId = 'acc-unlock';
    const block = makeDecision({ accountId, outcome: 'block', decidedAt: at(0) });
    await consume([{ source: 'decision', decision: block }]);
    const unlock = (commandId: string, minute: number, decisionId?: string): IntakeRecord => ({
      source: 'command',
      command: {
        schemaVersion: 1,
        commandId,
        accountId,
        action: 'unlock',
        reason: 'agent unlocked the account',
        ...(decisionId ? { decisionId } : {}),
        issuedAt: at(minute),
        issuedBy: 'agent-7',
      },
    });
    // A false-positive resolution: its unlock command and its legit feedback name one decision.
    const resolution: IntakeRecord = {
      source: 'feedback',
      feedback: {
        schemaVersion: 1,
        feedbackId: 'case-resolution:case-1',
        accountId,
        source: 'case_resolution',
        verdict: 'legit',
        decisionId: block.decisionId,
        occurredAt: at(5),
      },
    };
    await consume([unlock('case-unlock:case-1', 5, block.decisionId)], 'accounts.commands.v1');
    await consume([resolution], 'risk.feedback.v1');
    const restored = () =>
      [...outbox.rows.values()].filter((row) => row.kind === 'access_restored');
    expect(restored()).toHaveLength(1);
    // The incident is closed: the next block is a new incident with its own lock notice.
    const later = makeDecision({ accountId, outcome: 'block', decidedAt: at(10) });
    await consume([{ source: 'decision', decision: later }]);
    expect(outbox.find(later.decisionId, 'lock_notice')).toBeDefined();
    // An UnlockAccount without a case (no decision named), replayed: one more notice, once.
    await consume([unlock('cmd-unlock-2', 20), unlock('cmd-unlock-2', 20)], 'accounts.commands.v1');
    expect(restored()).toHaveLength(2);
    // Locks, and anything the risk engine issues, notify nobody from here.
    await consume(
      [
        {
          source: 'command',
          command: {
            schemaVersion: 1,
            commandId: 'cmd-lock-x',
            accountId,
            action: 'lock',
            reason: 'block',
            issuedAt: at(30),
            issuedBy: 'risk-engine',
          },
        },
      ],
      'accounts.commands.v1',
    );
    expect(restored()).toHaveLength(2);
  });

  it('closes the incident on "access restored" and on a "yes"; a "not me" locks it', async () => {
    const { outbox, metrics, consume } = setup();
    const accountId = 'acc-answers';
    const decisions = (minute: number) => ({
      source: 'decision' as const,
      decision: makeDecision({ accountId, decidedAt: at(minute) }),
    });
    const answer = (decisionId: string, verdict: 'legit' | 'fraud', minute: number) =>
      customerAnswer(accountId, decisionId, verdict, minute);
    const first = decisions(0);
    await consume([first]);
    await consume([answer(first.decision.decisionId, 'legit', 1)], 'risk.feedback.v1');
    const second = decisions(2); // asked again: the customer settled the first incident
    await consume([second]);
    await consume([answer(second.decision.decisionId, 'fraud', 3)], 'risk.feedback.v1');
    const third = decisions(4); // "not me" locked the account: no more questions
    await consume([third]);
    const restored: IntakeRecord = {
      source: 'feedback',
      feedback: {
        schemaVersion: 1,
        feedbackId: 'case-1',
        accountId,
        source: 'case_resolution',
        verdict: 'legit',
        decisionId: 'dec-case',
        occurredAt: at(30),
      },
    };
    await consume([restored], 'risk.feedback.v1');
    const fourth = decisions(31); // after access was restored: a new incident
    await consume([fourth]);
    const kinds = [...outbox.rows.values()].map((row) => [row.decisionId, row.kind]);
    expect(kinds).toEqual([
      [first.decision.decisionId, 'verification_request'],
      [second.decision.decisionId, 'verification_request'],
      ['dec-case', 'access_restored'],
      [fourth.decision.decisionId, 'verification_request'],
    ]);
    expect(outbox.causes.get(`${third.decision.decisionId}/verification_request`)?.outcome).toBe(
      'superseded',
    );
    expect(await counterTotal(metrics.incidents, { event: 'closed_confirmed' })).toBe(1);
    expect(await counterTotal(metrics.incidents, { event: 'locked' })).toBe(1);
    expect(await counterTotal(metrics.incidents, { event: 'closed_restored' })).toBe(1);
    expect(await counterTotal(metrics.intake, { result: 'answer' })).toBe(2);
  });

  it('counts a "not me" to a gathered request once, though it arrives once per decision it covered', async () => {
    const { outbox, metrics, consume } = setup();
    const accountId = 'acc-gathered-answer';
    const first = makeDecision({ accountId, decidedAt: at(0) });
    const second = makeDecision({ accountId, decidedAt: at(0.1) }); // within the gather window
    await consume([
      { source: 'decision', decision: first },
      { source: 'decision', decision: second },
    ]);
    expect(outbox.causes.get(`${second.decisionId}/verification_request`)?.outcome).toBe('listed');
    const notMe = (decisionId: string) => customerAnswer(accountId, decisionId, 'fraud', 1);
    await consume([notMe(first.decisionId), notMe(second.decisionId)], 'risk.feedback.v1');
    expect(await counterTotal(metrics.intake, { result: 'answer' })).toBe(2);
    expect(await counterTotal(metrics.incidents, { event: 'locked' })).toBe(1);
  });

  it('passes a failing store on, so the offsets are not committed', async () => {
    const metrics = createNotifierMetrics(new Registry());
    const intake = createNoticeIntake({
      store: { withAccounts: () => Promise.reject(new Error('database unavailable')) },
      policies: PLAIN_POLICIES,
      metrics,
    });
    const decision = makeDecision();
    await expect(
      intake({
        records: [{ topic: DECISIONS, value: { source: 'decision', decision } }],
        logger,
      }),
    ).rejects.toThrow('database unavailable');
    expect(await counterTotal(metrics.intake, { result: 'queued' })).toBe(0);
  });
});
