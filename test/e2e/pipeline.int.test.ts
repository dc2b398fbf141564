import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCommand, RiskDecision, RiskFeedback, TransactionEvent } from '@vigil/events';
import {
  seedContactPreferences,
  startStack,
  startTopicCollector,
  type CapturedMail,
  type LocalSinks,
  type RunningStack,
  type TopicCollector,
} from '@vigil/devstack';
import { infraUrls, uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import { startPipelineInfra, type PipelineInfra } from './support/pipeline-infra.ts';
import { transaction, uniqueIp, usualPayment } from './support/pipeline-events.ts';

// The whole pipeline as it runs in production: case-service, risk-engine and notifier as real
// child processes (tsx entry points), on the real Kafka broker, Redis and PostgreSQL, delivering
// to a real SMTP server and a real SMS webhook. Default rule set; events are crafted to cross its
// thresholds deterministically (see each scenario).

let infra: PipelineInfra;
let kafka: KafkaFixture;
let sinks: LocalSinks;
let stack: RunningStack;
let topics: PipelineInfra['topics'];
let collector: TopicCollector;
let notifierDb: pg.Pool;
let notifierSchema: string;
const run = uniqueName('e2e');
const acct = (name: string) => `${run}-${name}`;

// Who gets notices: B answers "no" (Japanese email), C answers "yes" (English email),
// D is the false positive an agent clears (Simplified Chinese SMS).
const CONTACTS = {
  b: { email: `b.${run}@example.jp`, locale: 'ja-JP' },
  c: { email: `c.${run}@example.com`, locale: 'en' },
  d: { phone: `+8613${String(Date.now()).slice(-9)}`, locale: 'zh-CN' },
};

async function produce(events: TransactionEvent[]): Promise<void> {
  const producer = kafka.kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({
    topic: topics.transactions,
    acks: -1,
    messages: events.map((event) => ({ key: event.accountId, value: JSON.stringify(event) })),
  });
  await producer.disconnect();
}

const decisionsOf = (accountId: string) =>
  collector.values<RiskDecision>(topics.decisions, (d) => d.accountId === accountId);
const waitForDecisions = (accountId: string, count: number) =>
  collector.waitForValues<RiskDecision>(
    topics.decisions,
    count,
    (d) => d.accountId === accountId,
    30_000,
  );
const commandsOf = (accountId: string) =>
  collector.values<AccountCommand>(topics.commands, (c) => c.accountId === accountId);
const feedbackOf = (accountId: string) =>
  collector.values<RiskFeedback>(topics.feedback, (f) => f.accountId === accountId);

function verifyLink(mail: CapturedMail): string {
  const link = /https?:\/\/\S+\/verify\?t=[\w.~-]+/.exec(mail.text)?.[0];
  if (link === undefined) throw new Error(`no verification link in:\n${mail.text}`);
  return link;
}

async function answer(link: string, value: 'yes' | 'no'): Promise<Response> {
  const token = new URL(link).searchParams.get('t') ?? '';
  return fetch(stack.notifier.verifyUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, answer: value }).toString(),
  });
}

async function caseOf(accountId: string) {
  const agent = stack.casesClient('agent');
  const summary = await waitFor(
    async () => (await agent.listCases({ accountId, pageSize: 10 })).cases[0],
    { timeoutMs: 20_000, what: `a case for ${accountId}` },
  );
  return agent.getCase({ caseId: summary.caseId });
}

beforeAll(async () => {
  infra = await startPipelineInfra();
  ({ kafka, sinks, topics, notifierSchema } = infra);
  collector = await startTopicCollector(kafka.kafka, [
    topics.decisions,
    topics.commands,
    topics.feedback,
    `${topics.transactions}.dlq`,
  ]);
  stack = await startStack({ ...infra.stackOptions(run) });
  await seedContactPreferences({
    databaseUrl: infraUrls().databaseUrl,
    schema: notifierSchema,
    contacts: [
      {
        accountId: acct('b'),
        locale: CONTACTS.b.locale,
        timeZone: 'Asia/Tokyo',
        email: CONTACTS.b.email,
        channels: ['email'],
      },
      {
        accountId: acct('c'),
        locale: CONTACTS.c.locale,
        email: CONTACTS.c.email,
        channels: ['email'],
      },
      {
        accountId: acct('d'),
        locale: CONTACTS.d.locale,
        timeZone: 'Asia/Shanghai',
        phone: CONTACTS.d.phone,
        channels: ['sms', 'email'],
      },
    ],
  });
  notifierDb = new pg.Pool({
    connectionString: infraUrls().databaseUrl,
    options: `-c search_path=${notifierSchema}`,
    max: 2,
  });
});

afterAll(async () => {
  // stop() is idempotent; after the last scenario it has already run and been asserted.
  await stack?.stop().catch(() => undefined);
  await collector?.stop();
  await notifierDb?.end();
  await infra?.cleanup();
});

describe('pipeline end to end (real processes, Kafka, Redis, PostgreSQL, SMTP, webhooks)', () => {
  it('(a) a burst of small payments: one decision per event, a case with its alerts over gRPC, lock commands', async () => {
    // Twelve sub-300-yen payments on one card/device/IP within seconds: from the 6th the velocity
    // rules stack past the block cut-off, and the 11th+ trips small-payment-burst (≥ 11 → block).
    const account = acct('a');
    const card = { fingerprint: `fp-${run}-a`, bin: '411111', last4: '1111', country: 'JP' };
    const device = { id: `dev-${run}-a`, platform: 'android' };
    const ip = uniqueIp();
    const burst = Array.from({ length: 12 }, (_, i) =>
      transaction(account, { amount: { minor: 110 + i, currency: 'JPY' }, card, device, ip }),
    );
    await produce(burst);

    const decisions = await waitForDecisions(account, 12);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const settled = decisionsOf(account);
    expect(settled.map((d) => d.eventId).sort()).toEqual(burst.map((e) => e.eventId).sort());
    expect(new Set(settled.map((d) => d.decisionId)).size).toBe(12);
    const last = decisions.find((d) => d.eventId === burst[11]!.eventId)!;
    expect(last.outcome).toBe('block');
    expect(last.reasons.map((r) => r.rule)).toContain('small-payment-burst-card-10m');
    expect(decisions.find((d) => d.eventId === burst[0]!.eventId)!.outcome).toBe('allow');

    const flagged = settled.filter((d) => d.outcome === 'review' || d.outcome === 'block');
    const blocked = settled.filter((d) => d.outcome === 'block');
    const theCase = await caseOf(account);
    expect(theCase.summary?.accountId).toBe(account);
    await waitFor(
      async () => {
        const current = await stack.casesClient().getCase({ caseId: theCase.summary!.caseId });
        return current.alerts.length === flagged.length ? current : undefined;
      },
      { timeoutMs: 10_000, what: 'every flagged decision attached as an alert' },
    );
    const refreshed = await stack.casesClient().getCase({ caseId: theCase.summary!.caseId });
    expect(refreshed.summary?.severity).toMatch(/SEVERITY_(HIGH|CRITICAL)/); // block → at least high
    expect(refreshed.alerts.map((a) => a.decisionId).sort()).toEqual(
      flagged.map((d) => d.decisionId).sort(),
    );
    const cases = await stack.casesClient().listCases({ accountId: account });
    expect(cases.cases).toHaveLength(1); // one account, one open case, however many alerts

    // Several blocks, one lock: the first block locks the account, the rest find it locked.
    expect(blocked.length).toBeGreaterThan(1);
    const firstBlock = burst
      .map((event) => blocked.find((d) => d.eventId === event.eventId))
      .find((d) => d !== undefined)!;
    await collector.waitForValues<AccountCommand>(
      topics.commands,
      1,
      (c) => c.accountId === account,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const locks = collector.values<AccountCommand>(topics.commands, (c) => c.accountId === account);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({
      action: 'lock',
      issuedBy: 'risk-engine',
      decisionId: firstBlock.decisionId,
    });
  });

  it('(b) a challenge: one Japanese verification email; GET changes nothing; "no" → fraud feedback, lock, case', async () => {
    // After a payment from its own phone, a 80,000-yen payment from a device the account never
    // used: new-device-high-amount (55) alone → challenge (40 ≤ 55 < 70).
    const account = acct('b');
    const usual = usualPayment(account);
    const event = transaction(account, {
      amount: { minor: 80_000, currency: 'JPY' },
      device: { id: `dev-${run}-b`, platform: 'ios' },
      ip: uniqueIp(),
    });
    await produce([usual, event]);
    const decision = (await waitForDecisions(account, 2)).find((d) => d.eventId === event.eventId);
    expect(decision!.outcome).toBe('challenge');
    expect(decision!.reasons.map((r) => r.rule)).toEqual(['new-device-high-amount']);

    const [mail] = await sinks.smtp.waitForMessages(1, { to: CONTACTS.b.email, timeoutMs: 20_000 });
    expect(mail!.headers.get('content-language')).toBe('ja'); // ja-JP resolves to the Japanese catalog
    expect(mail!.subject).toMatch(/[\u3040-\u30ff]/); // kana: the Japanese template, not the English fallback
    const link = verifyLink(mail!);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    const answered = await notifierDb.query('SELECT count(*)::int AS n FROM verification_answers');
    expect(answered.rows[0]).toEqual({ n: 0 });

    const posted = await answer(link, 'no');
    expect(posted.status).toBe(200);
    const [feedback] = await collector.waitForValues<RiskFeedback>(
      topics.feedback,
      1,
      (f) => f.accountId === account,
    );
    expect(feedback).toMatchObject({
      source: 'customer_verification',
      verdict: 'fraud',
      decisionId: decision!.decisionId,
      deviceId: `dev-${run}-b`,
    });
    const [lock] = await collector.waitForValues<AccountCommand>(
      topics.commands,
      1,
      (c) => c.accountId === account,
    );
    expect(lock).toMatchObject({
      action: 'lock',
      issuedBy: 'customer-verification',
      decisionId: decision!.decisionId,
    });

    const raised = await caseOf(account);
    expect(raised.alerts[0]?.decisionId).toBe(decision!.decisionId);
    expect(raised.alerts[0]?.reasons[0]?.rule).toBe('customer_denied_activity');
    // Still exactly one message for this customer: the answer itself sends nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sinks.smtp.messagesTo(CONTACTS.b.email)).toHaveLength(1);
  });

  it('(c) "yes" on a challenge: legit feedback, and the device is trusted from then on', async () => {
    // Declined payments never record a device as seen, so only the customer's "yes" can stop the
    // same device from being challenged again.
    const account = acct('c');
    const device = { id: `dev-${run}-c`, platform: 'web' };
    const ip = uniqueIp();
    const first = transaction(account, {
      amount: { minor: 80_000, currency: 'JPY' },
      status: 'declined',
      device,
      ip,
    });
    // Control: without an answer, the same device is challenged again.
    const control = transaction(account, {
      amount: { minor: 80_500, currency: 'JPY' },
      status: 'declined',
      device,
      ip,
    });
    await produce([usualPayment(account), first, control]);
    const challenges = (await waitForDecisions(account, 3)).filter((d) =>
      [first.eventId, control.eventId].includes(d.eventId),
    );
    expect(challenges).toHaveLength(2);
    for (const challenge of challenges) {
      expect(challenge.outcome).toBe('challenge');
      expect(challenge.reasons.map((r) => r.rule)).toEqual(['new-device-high-amount']);
    }

    const [mail] = await sinks.smtp.waitForMessages(1, { to: CONTACTS.c.email, timeoutMs: 20_000 });
    expect(mail!.headers.get('content-language')).toBe('en');
    expect((await answer(verifyLink(mail!), 'yes')).status).toBe(200);
    const [feedback] = await collector.waitForValues<RiskFeedback>(
      topics.feedback,
      1,
      (f) => f.accountId === account,
    );
    expect(feedback).toMatchObject({
      source: 'customer_verification',
      verdict: 'legit',
      deviceId: device.id,
    });
    expect(commandsOf(account)).toEqual([]);

    // The risk engine's feedback consumer applies the trust; its counter says when.
    await waitFor(
      async () =>
        /vigil_risk_feedback_applied_total\{[^}]*source="customer_verification"[^}]*verdict="legit"[^}]*\} [1-9]/.test(
          await stack.riskEngine.metrics(),
        )
          ? true
          : undefined,
      { timeoutMs: 15_000, what: 'legit feedback applied by the risk engine' },
    );
    const again = transaction(account, {
      amount: { minor: 81_000, currency: 'JPY' },
      status: 'declined',
      device,
      ip,
    });
    await produce([again]);
    const all = await waitForDecisions(account, 4);
    const followUp = all.find((d) => d.eventId === again.eventId)!;
    expect(followUp.outcome).toBe('allow');
    expect(followUp.reasons.map((r) => r.rule)).not.toContain('new-device-high-amount');
  });

  it('(d) an agent resolves a case as false positive: unlock command, legit feedback, "access restored" SMS', async () => {
    // 20,000 yen on a basic-tier account is over its 15,000 single-payment limit → review → case.
    const account = acct('d');
    const event = transaction(account, {
      amount: { minor: 20_000, currency: 'JPY' },
      account: { country: 'JP', tier: 'basic' },
      device: { id: `dev-${run}-d` },
      ip: uniqueIp(),
    });
    await produce([event]);
    const [decision] = await waitForDecisions(account, 1);
    expect(decision!.outcome).toBe('review');
    const theCase = await caseOf(account);
    expect(theCase.alerts.map((a) => a.decisionId)).toEqual([decision!.decisionId]);

    const resolved = await stack.casesClient('agent').resolveCase({
      caseId: theCase.summary!.caseId,
      disposition: 'DISPOSITION_FALSE_POSITIVE',
      comment: 'customer confirmed the purchase by phone',
    });
    expect(resolved.status).toBe('CASE_STATUS_RESOLVED');

    const [unlock] = await collector.waitForValues<AccountCommand>(
      topics.commands,
      1,
      (c) => c.accountId === account,
    );
    expect(unlock).toMatchObject({
      action: 'unlock',
      issuedBy: stack.plan.callers.agent.principal,
      caseId: theCase.summary!.caseId,
    });
    const [feedback] = await collector.waitForValues<RiskFeedback>(
      topics.feedback,
      1,
      (f) => f.accountId === account,
    );
    expect(feedback).toMatchObject({ source: 'case_resolution', verdict: 'legit' });

    // SMS is D's first choice; one notice, one channel.
    const [sms] = await sinks.webhooks.waitForRequests(1, {
      to: CONTACTS.d.phone,
      channel: 'sms',
      timeoutMs: 20_000,
    });
    expect(sms!.body).toMatchObject({ kind: 'access_restored', locale: 'zh-CN' });
    expect(sms!.text).toMatch(/[\u4e00-\u9fff]/);
    expect(sinks.webhooks.requestsTo(CONTACTS.d.phone)).toHaveLength(1);
    expect(feedbackOf(account)).toHaveLength(1);
  });

  it('(e) a malformed record goes to the .dlq with its original bytes and the partition moves on', async () => {
    const account = acct('e');
    const producer = kafka.kafka.producer({ idempotent: true });
    await producer.connect();
    const garbage = Buffer.from('{"schemaVersion":1,"eventId": not json');
    const valid = transaction(account, { amount: { minor: 500, currency: 'JPY' }, ip: uniqueIp() });
    // Well-formed JSON, but its id holds a separator of the engine's stores: refused, not stored.
    const controlId = Buffer.from(
      JSON.stringify({
        ...transaction(account, { amount: { minor: 700, currency: 'JPY' } }),
        eventId: `${account}-x\u001fy`,
      }),
    );
    // Same key, same partition: the valid event behind the bad ones must still be decided.
    await producer.send({
      topic: topics.transactions,
      acks: -1,
      messages: [
        { key: account, value: garbage },
        { key: account, value: controlId },
        { key: account, value: JSON.stringify(valid) },
      ],
    });
    await producer.disconnect();

    const dlq = `${topics.transactions}.dlq`;
    const dead = await waitFor(() => collector.on(dlq).find((r) => r.key === account), {
      timeoutMs: 20_000,
      what: 'the dead letter',
    });
    expect(dead.raw?.equals(garbage)).toBe(true);
    expect(dead.headers['vigil-source-topic']).toBe(topics.transactions);
    expect(dead.headers['vigil-error-code']).toBeTruthy();
    const refused = await waitFor(
      () => collector.on(dlq).find((r) => r.key === account && r.raw?.equals(controlId)),
      { timeoutMs: 20_000, what: 'the dead letter of the control-character id' },
    );
    expect(refused.headers['vigil-error-code']).toBeTruthy();
    const [decision] = await waitForDecisions(account, 1);
    expect(decision!.eventId).toBe(valid.eventId);
  });

  it('drains every service on SIGTERM with exit code 0', async () => {
    const exits = await stack.stop();
    expect(exits).toEqual({
      'case-service': { code: 0, signal: null },
      'risk-engine': { code: 0, signal: null },
      notifier: { code: 0, signal: null },
    });
  });
});
