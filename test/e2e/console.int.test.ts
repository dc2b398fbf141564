import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCommand, RiskFeedback, TransactionEvent } from '@vigil/events';
import {
  seedContactPreferences,
  startStack,
  startTopicCollector,
  type LocalSinks,
  type RunningStack,
  type TopicCollector,
} from '@vigil/devstack';
import {
  infraUrls,
  launchChromium,
  uniqueName,
  watchPageProblems,
  type KafkaFixture,
} from '@vigil/testing';
import { startPipelineInfra, type PipelineInfra } from './support/pipeline-infra.ts';
import { transaction, uniqueIp } from './support/pipeline-events.ts';

// Issue 16's end-to-end path through every real process: a payment the risk engine sends to
// review raises a case that appears in an agent's open queue without a reload; the agent works
// it in the browser to a false positive; the unlock command, the legit feedback and the
// customer's "access restored" SMS follow. Upstream text carrying markup, and a note that is a
// script, reach the agent's browser as text and run nothing.

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

/** Signs the stack's agent in on a fresh page and waits for the live stream. */
async function signIn(page: Page): Promise<void> {
  await page.goto(stack.console!.url);
  await page.getByLabel('Access token').fill(stack.plan.callers.agent.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('live-state').filter({ hasText: 'Live:' }).waitFor();
}

/** 20,000 yen on a basic-tier account is over its 15,000 single-payment limit → review. */
async function produceReviewedPayment(
  account: string,
  overrides: Partial<TransactionEvent>,
): Promise<void> {
  const producer = kafka.kafka.producer({ idempotent: true });
  await producer.connect();
  const event = transaction(account, {
    amount: { minor: 20_000, currency: 'JPY' },
    account: { country: 'JP', tier: 'basic' },
    ip: uniqueIp(),
    ...overrides,
  });
  await producer.send({
    topic: topics.transactions,
    acks: -1,
    messages: [{ key: account, value: JSON.stringify(event) }],
  });
  await producer.disconnect();
}

/** Opens the account's case once it appears in the queue, and waits for its reasons. */
async function openFromQueue(page: Page, account: string): Promise<void> {
  const link = page.getByTestId('queue').getByRole('link', { name: account });
  await link.waitFor({ timeout: 30_000 });
  await link.click();
  // allTextContents does not wait: wait for the case page to render its reasons first.
  await page
    .getByTestId('reason-values')
    .filter({ hasText: 'Observed ¥20,000, rule threshold ¥15,000' })
    .first()
    .waitFor({ timeout: 10_000 });
}

describe('agent console on the whole pipeline', () => {
  it('a reviewed payment reaches the open queue live; resolved as false positive in the browser, the account is unlocked and the customer told', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(page);
    const account = `${run}-d`;
    await produceReviewedPayment(account, { device: { id: `dev-${run}-d` } });
    await openFromQueue(page, account);

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

  it('a reviewed payment whose merchant, transaction and device carry markup, and a note that is a script, render as text: nothing executes', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    // Anything that would show an attempt: a script error, a dialog, a CSP violation (then the
    // policy, not the rendering, stopped it), or an error in the console (a broken <img src=x>
    // logs one).
    const problems = await watchPageProblems(page);
    await signIn(page);
    // From here on (before it, the page's session check answers 401 by design).
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    // The merchant name is the payload. case-service keeps no merchant (RaiseCase carries
    // the reasons and the subject), so the transaction and device ids, which the case page shows,
    // carry markup too: upstream text that does reach the agent.
    const account = `${run}-x`;
    const markup = {
      merchant: '<img src=x onerror="window.__xss=1">',
      transaction: `<img src=x onerror="window.__xss=3">${run}`,
      device: `<svg onload="window.__xss=4">${run}`,
      note: '<script>window.__xss=2</script> customer called back',
    };
    await produceReviewedPayment(account, {
      merchant: { id: `m-${account}`, name: markup.merchant, mcc: '5411', country: 'JP' },
      transactionId: markup.transaction,
      device: { id: markup.device },
    });
    await openFromQueue(page, account);
    await page.getByLabel('Note', { exact: true }).fill(markup.note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('note-result').filter({ hasText: 'Note added.' }).waitFor();
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    // And once more as a fresh page load renders it all from case-service.
    await page.reload();
    await page.getByTestId('notes').filter({ hasText: markup.note }).waitFor();

    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(markup.transaction);
    expect(text).toContain(markup.device);
    expect(text).toContain(markup.note);
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a case the pipeline raised, an agent sees supervisor-only actions disabled, and the page reads in Japanese and Simplified Chinese', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(page);
    const account = `${run}-i18n`;
    await produceReviewedPayment(account, { device: { id: `dev-${run}-i18n` } });
    await openFromQueue(page, account);
    // Giving a case to someone else is a supervisor's; the agent sees why it is off.
    expect(await page.getByLabel('Assign to another agent').isDisabled()).toBe(true);
    await page.getByText('Supervisors only.').first().waitFor();

    await page.getByTestId('language').selectOption('ja');
    await page.getByRole('button', { name: '自分に割り当て' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page
      .getByTestId('reason-values')
      .filter({ hasText: /観測値 ￥20,000/ })
      .first()
      .waitFor();

    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '分配给我' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByTestId('reason-values').filter({ hasText: '观测值' }).first().waitFor();
  });

  it('drains every service, the console included, on SIGTERM with exit code 0', async () => {
    const exits = await stack.stop();
    expect(Object.values(exits).map((e) => e.code)).toEqual([0, 0, 0]);
  });
});
