import { pino } from 'pino';
import { VigilError } from '@vigil/errors';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RateLimitPolicy } from '../domain/rate-limit.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import {
  contactsIn,
  contactsOf,
  plainSigner,
  prefsFor,
  providerDown,
  providerRejects,
  RecordingChannel,
} from '../test-support/fake-ports.ts';
import { PLAIN_POLICIES } from '../test-support/enqueue-notices.ts';
import { InMemoryOutbox } from '../test-support/in-memory-outbox.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { createNoticeIntake } from './intake-notices.ts';
import { createOutboxDispatcher } from './outbox-dispatcher.ts';
import type { ContactPreferencesStore } from './ports.ts';

const logger = pino({ level: 'silent' });

function setup(options: {
  contacts: ContactPreferencesStore;
  maxAttempts?: number;
  rateLimit?: RateLimitPolicy;
}) {
  const clock = manualClock();
  const outbox = new InMemoryOutbox(clock.now);
  const metrics = createNotifierMetrics(new Registry());
  const email = new RecordingChannel();
  const sms = new RecordingChannel();
  const dispatcher = createOutboxDispatcher({
    outbox,
    contacts: options.contacts,
    channels: { email, sms },
    linkSigner: plainSigner,
    verifyUrl: 'https://verify.vigil.test/verify',
    retry: {
      maxAttempts: options.maxAttempts ?? 4,
      initialDelayMs: 1_000,
      maxDelayMs: 60_000,
      jitter: 0,
    },
    batchSize: 10,
    leaseMs: 60_000,
    metrics,
    clock: clock.now,
    logger,
  });
  const intake = createNoticeIntake({
    store: outbox,
    policies: { ...PLAIN_POLICIES, rateLimit: options.rateLimit ?? PLAIN_POLICIES.rateLimit },
    metrics,
  });
  const queue = (...decisions: ReturnType<typeof makeDecision>[]) =>
    intake({
      records: decisions.map((decision) => ({
        topic: 'risk.decisions.v1',
        value: { source: 'decision' as const, decision },
      })),
      logger,
    });
  return { clock, outbox, metrics, email, sms, dispatcher, queue };
}

describe('outbox dispatcher', () => {
  it('sends each notice once, on the first usable channel, with a signed link', async () => {
    const decision = makeDecision({ decidedAt: '2026-11-24T06:59:59.000Z' });
    const { clock, outbox, metrics, email, sms, dispatcher, queue } = setup({
      contacts: contactsOf(
        prefsFor(decision.accountId, {
          locale: 'ja-JP',
          email: 'taro@example.jp',
          channels: ['push', 'email', 'sms'],
          phone: '+819012345678',
        }),
      ),
    });
    await queue(decision);
    clock.advance(2_000);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);
    const row = outbox.find(decision.decisionId, 'verification_request')!;
    expect(email.sent).toHaveLength(1);
    expect(sms.attempts).toHaveLength(0);
    expect(email.sent[0]).toMatchObject({
      notificationId: row.id,
      channel: 'email',
      address: 'taro@example.jp',
      locale: 'ja',
    });
    expect(email.sent[0]?.text).toContain(`https://verify.vigil.test/verify?t=signed.${row.id}`);
    expect(row).toMatchObject({ status: 'sent', channel: 'email', locale: 'ja', attempts: 1 });
    expect(await counterTotal(metrics.notifications, { channel: 'email', status: 'sent' })).toBe(1);
    // Latency runs from the decision (06:59:59) to the provider's acceptance (07:00:02).
    const latency = await metrics.deliveryLatency.get();
    expect(latency.values.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(3);
  });

  it('reads a pass’s contact preferences in one call, not one a notice', async () => {
    const decisions = [1, 2, 3].map((n) => makeDecision({ accountId: `acc-pass-${n}` }));
    const contacts = contactsOf(
      ...decisions.map((d) => prefsFor(d.accountId, { email: `${d.accountId}@example.com` })),
    );
    const reads: string[][] = [];
    const { outbox, email, dispatcher, queue } = setup({
      contacts: {
        get: () => Promise.reject(new Error('a pass reads its contacts at once')),
        getMany: (accountIds) => {
          reads.push([...accountIds]);
          return contacts.getMany(accountIds);
        },
      },
    });
    await queue(...decisions);
    expect(await dispatcher.runOnce()).toBe(3);
    expect(reads.map((ids) => [...ids].sort())).toEqual([decisions.map((d) => d.accountId)]);
    expect(email.sent).toHaveLength(3);
    for (const d of decisions)
      expect(outbox.find(d.decisionId, 'verification_request')).toMatchObject({ status: 'sent' });
  });

  it('fails every attempt of a pass whose contact read failed, and delivers them on a later pass', async () => {
    const decision = makeDecision();
    const contacts = contactsOf(prefsFor(decision.accountId, { email: 'later@example.com' }));
    let failReads = 1;
    const { clock, outbox, email, dispatcher, queue } = setup({
      contacts: {
        get: (accountId) => contacts.get(accountId),
        getMany: (accountIds) =>
          failReads-- > 0
            ? Promise.reject(
                new VigilError('DEPENDENCY_UNAVAILABLE', 'database unavailable', {
                  retryable: true,
                }),
              )
            : contacts.getMany(accountIds),
      },
    });
    await queue(decision);
    await dispatcher.runOnce();
    const row = outbox.find(decision.decisionId, 'verification_request')!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toContain('database unavailable');
    clock.advance(1_000);
    await dispatcher.runOnce();
    expect(email.sent.map((m) => m.address)).toEqual(['later@example.com']);
  });

  it('retries a provider outage with doubling backoff, then delivers', async () => {
    const decision = makeDecision({ outcome: 'block' });
    const { clock, outbox, metrics, sms, dispatcher, queue } = setup({
      contacts: contactsOf(
        prefsFor(decision.accountId, { phone: '+819011112222', channels: ['sms'] }),
      ),
    });
    sms.failNext(providerDown(), providerDown());
    await queue(decision);
    const start = clock.now();
    await dispatcher.runOnce();
    let row = outbox.find(decision.decisionId, 'lock_notice')!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, channel: 'sms' });
    expect(row.nextAttemptAt.getTime() - start).toBe(1_000);
    expect(row.lastError).toContain('CHANNEL_UNAVAILABLE');
    // Not due yet: nothing is claimed.
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1_000);
    await dispatcher.runOnce();
    row = outbox.find(decision.decisionId, 'lock_notice')!;
    expect(row.nextAttemptAt.getTime() - clock.now()).toBe(2_000);
    clock.advance(2_000);
    await dispatcher.runOnce();
    expect(outbox.find(decision.decisionId, 'lock_notice')).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
    // One notice, one id: every attempt carries it (the provider's idempotency key).
    expect(new Set(sms.attempts.map((m) => m.notificationId))).toEqual(new Set([row.id]));
    expect(await counterTotal(metrics.notifications, { status: 'failed' })).toBe(2);
    expect(await counterTotal(metrics.notifications, { status: 'sent' })).toBe(1);
  });

  it('gives up after the last allowed attempt and sends no more', async () => {
    const decision = makeDecision();
    const { clock, outbox, metrics, sms, dispatcher, queue } = setup({
      maxAttempts: 2,
      contacts: contactsOf(prefsFor(decision.accountId, { phone: '+1555', channels: ['sms'] })),
    });
    sms.failNext(providerDown(), providerDown(), providerDown());
    await queue(decision);
    for (let i = 0; i < 4; i++) {
      await dispatcher.runOnce();
      clock.advance(60_000);
    }
    expect(sms.attempts).toHaveLength(2);
    expect(outbox.find(decision.decisionId, 'verification_request')).toMatchObject({
      status: 'dead',
      attempts: 2,
    });
    expect(await counterTotal(metrics.notifications, { status: 'dead' })).toBe(1);
  });

  it('gives up at once on a permanent rejection, without the address in the reason', async () => {
    const decision = makeDecision();
    const { outbox, email, dispatcher, queue } = setup({
      contacts: contactsOf(prefsFor(decision.accountId, { email: 'bounce@example.com' })),
    });
    email.failNext(providerRejects('550 <bounce@example.com> unknown user'));
    await queue(decision);
    await dispatcher.runOnce();
    const row = outbox.find(decision.decisionId, 'verification_request')!;
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toContain('CHANNEL_REJECTED');
    expect(row.lastError).toContain('***ce@example.com');
    expect(row.lastError).not.toContain('bounce@example.com');
  });

  it('retries a customer without usable contact details (they may be written later)', async () => {
    const decision = makeDecision();
    const prefs = new Map<string, ReturnType<typeof prefsFor>>();
    const { clock, outbox, email, dispatcher, queue } = setup({
      contacts: contactsIn(prefs),
    });
    await queue(decision);
    await dispatcher.runOnce();
    const row = outbox.find(decision.decisionId, 'verification_request')!;
    expect(row).toMatchObject({ status: 'pending', channel: null });
    expect(row.lastError).toContain('NO_CONTACT');
    prefs.set(decision.accountId, prefsFor(decision.accountId, { email: 'late@example.com' }));
    clock.advance(1_000);
    await dispatcher.runOnce();
    expect(email.sent.map((m) => m.address)).toEqual(['late@example.com']);
  });

  it('never sends a suppressed notice', async () => {
    const accountId = 'acc-limited';
    // An hour apart: two incidents, so two notices, and the second is over the limit.
    const first = makeDecision({ accountId, decidedAt: '2026-11-24T05:00:00.000Z' });
    const second = makeDecision({ accountId, decidedAt: '2026-11-24T06:00:00.000Z' });
    const { outbox, email, dispatcher, queue } = setup({
      rateLimit: { maxPerWindow: 1, windowMs: 3_600_000, exemptKinds: [] },
      contacts: contactsOf(prefsFor(accountId, { email: 'one@example.com' })),
    });
    await queue(first, second);
    await dispatcher.runOnce();
    expect(email.sent.map((m) => m.notificationId)).toEqual([
      outbox.find(first.decisionId, 'verification_request')?.id,
    ]);
    expect(outbox.find(second.decisionId, 'verification_request')?.status).toBe('suppressed');
  });
});
