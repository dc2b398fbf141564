import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCommand, RiskFeedback } from '@vigil/events';
import {
  seedContactPreferences,
  startStack,
  startTopicCollector,
  type LocalSinks,
  type RunningStack,
  type TopicCollector,
} from '@vigil/devstack';
import { infraUrls, launchChromium, uniqueName, type KafkaFixture } from '@vigil/testing';
import { startPipelineInfra, type PipelineInfra } from './support/pipeline-infra.ts';
import { transaction, uniqueIp } from './support/pipeline-events.ts';

// Issue 16's end-to-end path through every real process: a payment the risk engine sends to
// review raises a case that appears in an agent's open queue without a reload; the agent works
// it in the browser to a false positive; the unlock command, the legit feedback and the
// customer's "access restored" SMS follow.

let infra: PipelineInfra;
let kafka: KafkaFixture;
let sinks: LocalSinks;
let stack: RunningStack;
let collector: TopicCollector;
let browser: Browser;
let notifierSchema: string;
let topics: PipelineInfra['topics'];
const run = uniqueName('console_e2e');
const phone = `+8613${String(Date.now()).slice(-9)}`;

beforeAll(async () => {
  infra = await startPipelineInfra();
  ({ kafka, sinks, topics, notifierSchema } = infra);
  collector = await startTopicCollector(kafka.kafka, [topics.commands, topics.feedback]);
  stack = await startStack({ ...infra.stackOptions(run), console: true });
  await seedContactPreferences({
    databaseUrl: infraUrls().databaseUrl,
    schema: notifierSchema,
    contacts: [
      {
        accountId: `${run}-d`,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        phone,
        channels: ['sms'],
      },
    ],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop().catch(() => undefined);
  await collector?.stop();
  await infra?.cleanup();
});

describe('agent console on the whole pipeline', () => {
  it('a reviewed payment reaches the open queue live; resolved as false positive in the browser, the account is unlocked and the customer told', async () => {
    const url = stack.console!.url;
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(url);
    await page.getByLabel('Access token').fill(stack.plan.callers.agent.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('live-state').filter({ hasText: 'Live:' }).waitFor();

    // 20,000 yen on a basic-tier account is over its 15,000 single-payment limit → review.
    const account = `${run}-d`;
    const producer = kafka.kafka.producer({ idempotent: true });
    await producer.connect();
    const event = transaction(account, {
      amount: { minor: 20_000, currency: 'JPY' },
      account: { country: 'JP', tier: 'basic' },
      device: { id: `dev-${run}-d` },
      ip: uniqueIp(),
    });
    await producer.send({
      topic: topics.transactions,
      acks: -1,
      messages: [{ key: account, value: JSON.stringify(event) }],
    });
    await producer.disconnect();

    const link = page.getByTestId('queue').getByRole('link', { name: account });
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    // allTextContents does not wait: wait for the case page to render its reasons first.
    const reason = page
      .getByTestId('reason-values')
      .filter({ hasText: 'Observed ¥20,000, rule threshold ¥15,000' });
    await reason.first().waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page
      .getByTestId('assign-result')
      .filter({ hasText: 'Assigned to agent-demo.' })
      .waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Customer confirmed the purchase.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('note-result').filter({ hasText: 'Note added.' }).waitFor();
    await page.getByTestId('disposition').selectOption('false_positive');
    await page.getByRole('button', { name: 'Resolve…' }).click();
    await page.getByRole('button', { name: 'Yes, resolve' }).click();
    await page.getByTestId('case-status').filter({ hasText: 'Resolved' }).waitFor();
    const caseId = (await page.getByTestId('case-id').textContent()) ?? '';

    const [unlock] = await collector.waitForValues<AccountCommand>(
      topics.commands,
      1,
      (c) => c.accountId === account && c.action === 'unlock',
    );
    expect(unlock).toMatchObject({ issuedBy: 'agent-demo', caseId });
    const [feedback] = await collector.waitForValues<RiskFeedback>(
      topics.feedback,
      1,
      (f) => f.accountId === account,
    );
    expect(feedback).toMatchObject({ source: 'case_resolution', verdict: 'legit' });
    const [sms] = await sinks.webhooks.waitForRequests(1, {
      to: phone,
      channel: 'sms',
      timeoutMs: 30_000,
    });
    expect(sms!.body).toMatchObject({ kind: 'access_restored', locale: 'zh-CN' });

    // The case page's timeline has the review decision (case-service's ledger), and its customer
    // contact the "access restored" just sent (the notifier's read API).
    const activity = async () => {
      await page.reload();
      await page.getByTestId('timeline-scope').waitFor();
      return (await page.locator('main').textContent()) ?? '';
    };
    await expect
      .poll(activity, { timeout: 30_000 })
      .toMatch(/Transaction: sent for review[\s\S]*Access restored · by SMS/);
  });

  it('drains every service, the console included, on SIGTERM with exit code 0', async () => {
    const exits = await stack.stop();
    expect(Object.values(exits).map((e) => e.code)).toEqual([0, 0, 0]);
  });
});
