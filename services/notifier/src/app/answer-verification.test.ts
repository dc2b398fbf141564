import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AnswerEffects } from '../domain/verification-answer.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import { contactsOf, plainSigner, prefsFor } from '../test-support/fake-ports.ts';
import { enqueue } from '../test-support/enqueue-notices.ts';
import { InMemoryOutbox } from '../test-support/in-memory-outbox.ts';
import { InMemoryVerificationAnswers } from '../test-support/in-memory-verification-answers.ts';
import { flaky } from '../test-support/flaky.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { createVerification } from './answer-verification.ts';

const logger = pino({ level: 'silent' });

async function setup() {
  const clock = manualClock();
  const outbox = new InMemoryOutbox(clock.now);
  const answers = new InMemoryVerificationAnswers(clock.now, outbox);
  const published: AnswerEffects[] = [];
  const kafka = flaky(() => new Error('kafka unavailable'));
  const metrics = createNotifierMetrics(new Registry());
  const decision = makeDecision();
  const block = makeDecision({ outcome: 'block' });
  const verification = createVerification({
    signer: plainSigner,
    notifications: outbox,
    answers,
    publisher: { publish: (effects) => kafka.call(() => void published.push(effects)) },
    contacts: contactsOf(
      prefsFor(decision.accountId, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' }),
    ),
    metrics,
    logger,
  });
  const facts = { occurredAt: decision.occurredAt, deviceId: decision.subject.deviceId };
  const { created } = await enqueue(outbox, [
    {
      decisionId: decision.decisionId,
      kind: 'verification_request',
      accountId: decision.accountId,
      decidedAt: decision.decidedAt,
      facts,
      decision,
    },
    {
      decisionId: block.decisionId,
      kind: 'lock_notice',
      accountId: block.accountId,
      decidedAt: block.decidedAt,
      facts,
      decision: block,
    },
  ]);
  const [request, lockNotice] = created.map((row) => `signed.${row.id}`);
  return {
    verification,
    answers,
    outbox,
    published,
    metrics,
    decision,
    requestToken: request!,
    lockNoticeToken: lockNotice!,
    failPublishes: (n: number) => kafka.failNext(n),
  };
}

describe('verification answers', () => {
  it('"yes" publishes legit feedback once; the same answer again publishes nothing', async () => {
    const { verification, published, metrics, decision, requestToken } = await setup();
    expect(await verification.answer(requestToken, 'yes')).toEqual({
      status: 'recorded',
      locale: 'zh-CN',
    });
    expect(await verification.answer(requestToken, 'yes')).toMatchObject({ status: 'duplicate' });
    expect(await verification.answer(requestToken, 'no')).toMatchObject({ status: 'conflict' });
    expect(published).toHaveLength(1);
    expect(published[0]?.feedback).toMatchObject([
      { verdict: 'legit', decisionId: decision.decisionId, deviceId: decision.subject.deviceId },
    ]);
    expect(published[0]?.lockCommand).toBeUndefined();
    expect(
      await counterTotal(metrics.verificationAnswers, { answer: 'yes', result: 'recorded' }),
    ).toBe(1);
    expect(
      await counterTotal(metrics.verificationAnswers, { answer: 'no', result: 'conflict' }),
    ).toBe(1);
  });

  it('an answer to a request that gathered several challenges of an incident is about each of them', async () => {
    const clock = manualClock();
    const outbox = new InMemoryOutbox(clock.now);
    const published: AnswerEffects[] = [];
    const first = makeDecision();
    const second = makeDecision({
      accountId: first.accountId,
      decidedAt: new Date(Date.parse(first.decidedAt) + 60_000).toISOString(),
    });
    const verification = createVerification({
      signer: plainSigner,
      notifications: outbox,
      answers: new InMemoryVerificationAnswers(clock.now, outbox),
      publisher: { publish: (effects) => Promise.resolve(void published.push(effects)) },
      contacts: contactsOf(prefsFor(first.accountId, { locale: 'en', timeZone: 'UTC' })),
      metrics: createNotifierMetrics(new Registry()),
      logger,
    });
    const intent = (decision: typeof first) => ({
      decisionId: decision.decisionId,
      kind: 'verification_request' as const,
      accountId: decision.accountId,
      decidedAt: decision.decidedAt,
      facts: { occurredAt: decision.occurredAt, deviceId: decision.subject.deviceId },
      decision,
    });
    // Gathering (30 s) and a 30 min incident: the second challenge is listed in the first's notice.
    const { created } = await enqueue(outbox, [intent(first), intent(second)], {
      incidents: { windowMs: 1_800_000, gatherMs: 30_000 },
      rateLimit: { maxPerWindow: 100, windowMs: 3_600_000, exemptKinds: [] },
    });
    expect(created).toHaveLength(1);
    expect((await verification.answer(`signed.${created[0]!.id}`, 'yes')).status).toBe('recorded');
    const feedback = published[0]!.feedback;
    expect(feedback.map((f) => [f.decisionId, f.verdict])).toEqual([
      [first.decisionId, 'legit'],
      [second.decisionId, 'legit'],
    ]);
    expect(feedback[0]?.deviceId).toBe(first.subject.deviceId);
  });

  it('"no" publishes fraud feedback and a lock command', async () => {
    const { verification, published, requestToken } = await setup();
    expect((await verification.answer(requestToken, 'no')).status).toBe('recorded');
    expect(published).toHaveLength(1);
    expect(published[0]?.feedback.map((f) => f.verdict)).toEqual(['fraud']);
    expect(published[0]?.lockCommand).toMatchObject({
      action: 'lock',
      issuedBy: 'customer-verification',
    });
  });

  it('stores nothing when publishing fails, so answering again works', async () => {
    const { verification, answers, published, requestToken, failPublishes } = await setup();
    failPublishes(1);
    expect((await verification.answer(requestToken, 'no')).status).toBe('unavailable');
    expect(answers.answers.size).toBe(0);
    expect((await verification.answer(requestToken, 'no')).status).toBe('recorded');
    expect(published).toHaveLength(1);
  });

  it('refuses bad, expired and foreign tokens, and lock notices, recording nothing', async () => {
    const { verification, answers, published, lockNoticeToken } = await setup();
    expect((await verification.answer('garbage', 'yes')).status).toBe('invalid');
    expect((await verification.answer('signed.expired-1', 'yes')).status).toBe('expired');
    expect(
      (await verification.answer('signed.0b6f3f2e-0000-4d2a-9a51-3b1c2d4e5f60', 'yes')).status,
    ).toBe('not_found');
    expect((await verification.answer(lockNoticeToken, 'yes')).status).toBe('not_found');
    expect((await verification.view(lockNoticeToken)).status).toBe('not_found');
    expect(answers.answers.size).toBe(0);
    expect(published).toHaveLength(0);
  });

  it('viewing answers nothing, shows the notice language, its facts and whether it was answered', async () => {
    const { verification, outbox, answers, requestToken } = await setup();
    const id = requestToken.slice('signed.'.length);
    outbox.rows.get(id)!.locale = 'ja';
    const view = await verification.view(requestToken);
    expect(view).toEqual({
      status: 'ok',
      locale: 'ja',
      answered: undefined,
      activity: {
        facts: outbox.rows.get(id)!.facts,
        others: [],
        total: 1,
        timeZone: 'Asia/Shanghai',
        expiresAt: new Date('2026-11-25T07:00:00.000Z'),
      },
    });
    expect(answers.answers.size).toBe(0);
    await verification.answer(requestToken, 'yes');
    expect(await verification.view(requestToken)).toMatchObject({
      status: 'ok',
      locale: 'ja',
      answered: 'yes',
    });
  });

  it('speaks the language of the notice an expired link came from, and of none for a forged one', async () => {
    const { verification, outbox, requestToken } = await setup();
    const id = requestToken.slice('signed.'.length);
    // Not sent yet (no locale on the row): the customer's current language.
    expect(await verification.view(`signed.expired-${id}`)).toEqual({
      status: 'expired',
      locale: 'zh-CN',
    });
    outbox.rows.get(id)!.locale = 'ja';
    expect(await verification.answer(`signed.expired-${id}`, 'no')).toEqual({
      status: 'expired',
      locale: 'ja',
    });
    expect(await verification.localeOf(`signed.expired-${id}`)).toBe('ja');
    expect(await verification.localeOf(requestToken)).toBe('ja');
    expect(await verification.view('garbage')).toEqual({ status: 'invalid', locale: undefined });
    expect(await verification.localeOf('garbage')).toBeUndefined();
    expect(await verification.view('signed.expired-unknown')).toEqual({
      status: 'expired',
      locale: undefined,
    });
  });
});
