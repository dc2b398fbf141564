import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CasesClient } from '@vigil/protos';
import { watchPageProblems } from '@vigil/testing';
import { seriousA11yViolations } from './test-support/axe.ts';
import { launchChromium, SCREENSHOT_DIR } from './test-support/browser.ts';
import { sampleNotices } from './test-support/activity-fixtures.ts';
import {
  decision,
  publishedDecision,
  startConsoleStack,
  type ConsoleStack,
} from './test-support/console-stack.ts';
import { startFakeNotifier, type FakeNotifier } from './test-support/fake-notifier.ts';

// The built console in Debian's chromium against a real case-service on PostgreSQL: what an
// agent does on the floor, in three languages, and what hostile upstream text cannot do.

let stack: ConsoleStack;
let notifier: FakeNotifier;
let browser: Browser;
let engine: CasesClient;
let sue: CasesClient;
let stopped: Awaited<ReturnType<ConsoleStack['stop']>> | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  notifier = await startFakeNotifier();
  stack = await startConsoleStack({
    consoleEnv: { NOTIFIER_URL: notifier.url, NOTIFIER_READ_TOKEN: notifier.token },
  });
  browser = await launchChromium();
  engine = stack.cases('engine');
  sue = stack.cases('sue');
});
afterAll(async () => {
  await browser?.close();
  if (!stopped) await stack?.stop();
  await notifier?.close();
});

const account = (what: string) => `acct-${what}-${Math.random().toString(36).slice(2, 8)}`;

/** A fresh browser (no cookies) whose page errors, dialogs and CSP violations the test can check. */
async function openPage(locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  return { page, problems: await watchPageProblems(page) };
}

async function signIn(page: Page, token: string, path = '/') {
  await page.goto(`${stack.url}${path}`);
  await page.getByLabel(/Access token|アクセストークン|访问令牌/).fill(token);
  await page.getByRole('button', { name: /^(Sign in|サインイン|登录)$/ }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

async function openCase(page: Page, caseId: string) {
  await page.goto(`${stack.url}/cases/${caseId}`);
  await page.getByTestId('case-id').filter({ hasText: caseId }).waitFor();
}

describe('agent console in a browser', () => {
  it('an agent signs in, sees the queue live, and works a case to a false-positive resolution', async () => {
    const first = account('ui');
    const raised = await engine.raiseCase(
      decision({ accountId: first, score: 95, outcome: 'DECISION_OUTCOME_BLOCK' }),
    );
    const { page, problems } = await openPage();
    await signIn(page, stack.tokens.ann);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('agent-ann');
    const queue = page.getByTestId('queue');
    await queue.getByRole('link', { name: first }).waitFor();
    await page.getByTestId('live-state').filter({ hasText: 'Live:' }).waitFor();

    // Raised by "the pipeline" while the page is open: it appears without a reload.
    const second = account('live');
    await engine.raiseCase(decision({ accountId: second }));
    await queue.getByRole('link', { name: second }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'queue-en.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await queue.getByRole('link', { name: first }).click();
    await page.getByRole('heading', { name: `Case for account ${first}` }).waitFor();
    expect(page.url()).toBe(`${stack.url}/cases/${raised.caseId}`);
    const reasons = await page.getByTestId('reason-values').allTextContents();
    expect(reasons.join('|')).toContain('Observed 7, rule threshold 5');
    expect(reasons.join('|')).toContain('Observed ¥125,000, rule threshold ¥100,000');
    await expect.poll(() => page.getByTestId('lock-state').textContent()).toMatch(/^Locked since/);
    // Audit actions in the page's words (case-service names them case_opened, alert_attached…).
    await page.getByTestId('audit').filter({ hasText: 'case opened' }).waitFor();

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('assign-result').filter({ hasText: 'Assigned to agent-ann.' }).waitFor();
    await page.getByTestId('case-assignee').filter({ hasText: 'agent-ann' }).waitFor();

    await page
      .getByLabel('Note', { exact: true })
      .fill('Customer confirmed the purchase by phone.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page
      .getByTestId('notes')
      .filter({ hasText: 'Customer confirmed the purchase' })
      .waitFor();

    await page.getByTestId('disposition').selectOption('false_positive');
    await page.getByLabel('Comment (optional)').fill('verified with the customer');
    await page.getByRole('button', { name: 'Resolve…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.filter({ hasText: 'Resolve this case as "False positive"?' }).waitFor();
    await confirm.getByRole('button', { name: 'Yes, resolve' }).click();
    await page
      .getByTestId('resolve-result')
      .filter({ hasText: 'Resolved as False positive.' })
      .waitFor();
    await page.getByTestId('case-status').filter({ hasText: 'Resolved' }).waitFor();
    await expect
      .poll(() => page.getByTestId('lock-state').textContent())
      .toMatch(/^Unlocked since/);
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('resolved');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'case-en.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // case-service recorded the agent (not the console) as the actor of each change.
    const stored = await sue.getCase({ caseId: raised.caseId });
    expect(stored.summary).toMatchObject({
      status: 'CASE_STATUS_RESOLVED',
      disposition: 'DISPOSITION_FALSE_POSITIVE',
      assignee: 'agent-ann',
    });
    expect(stored.notes.map((n) => n.author)).toEqual(['agent-ann']);
    expect(stored.audit.filter((a) => a.actor === 'agent-ann').map((a) => a.action)).toEqual([
      'assigned',
      'note_added',
      'resolved',
    ]);

    // The resolution reached Kafka through case-service's outbox: the unlock command for the
    // owning service and the "legit" feedback the risk engine and notifier act on.
    const [unlock] = await stack.kafka.waitForValues<Record<string, unknown>>(
      stack.topics.commands,
      1,
      (v) => v['accountId'] === first && v['action'] === 'unlock',
    );
    expect(unlock).toMatchObject({ caseId: raised.caseId, issuedBy: 'agent-ann' });
    const [legit] = await stack.kafka.waitForValues<Record<string, unknown>>(
      stack.topics.feedback,
      1,
      (v) => v['accountId'] === first,
    );
    expect(legit).toMatchObject({ source: 'case_resolution', verdict: 'legit' });

    // The account's next alert opens a new case; its page lists the resolved one as history.
    const next = await engine.raiseCase(decision({ accountId: first }));
    expect(next.caseCreated).toBe(true);
    await openCase(page, next.caseId);
    const history = page.getByTestId('account-cases');
    await history.filter({ hasText: 'False positive' }).waitFor();
    await history.getByRole('link').first().click();
    await page.getByTestId('case-id').filter({ hasText: raised.caseId }).waitFor();

    // The token is nowhere the page's scripts (or a URL) could reach it.
    // Browser-side code as strings: this file is compiled for Node, without the DOM's types.
    const visible = await page.evaluate<{
      cookie: string;
      local: number;
      session: number;
      url: string;
    }>(
      '({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length, url: location.href })',
    );
    expect(visible.local).toBe(0);
    expect(visible.session).toBe(0);
    expect(visible.cookie).not.toContain('vigil_session');
    expect(JSON.stringify(visible)).not.toContain(stack.tokens.ann);
    expect(problems).toEqual([]);
  });

  it('shows an agent what only a supervisor may do as disabled, and a refusal when it happens anyway', async () => {
    const bobs = await engine.raiseCase(decision({ accountId: account('bob') }));
    await sue.assignCase({ caseId: bobs.caseId, assignee: 'agent-bob' });
    const { page, problems } = await openPage();
    await signIn(page, stack.tokens.ann);
    await openCase(page, bobs.caseId);
    expect(await page.getByRole('button', { name: 'Resolve…' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Assign to me' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Assign to another agent').isDisabled()).toBe(true);
    await page.getByText('Supervisors only.').waitFor();

    // A stale page: the case was free when opened, a supervisor gave it to Bob since.
    const stale = await engine.raiseCase(decision({ accountId: account('stale') }));
    await openCase(page, stale.caseId);
    await page.getByLabel('Comment (optional)').fill('keep this text');
    await sue.assignCase({ caseId: stale.caseId, assignee: 'agent-bob' });
    await page.getByRole('button', { name: 'Resolve…' }).click();
    await page.getByRole('button', { name: 'Yes, resolve' }).click();
    const refusal = page.getByTestId('resolve-result');
    await refusal.filter({ hasText: 'Permission denied' }).waitFor();
    expect(await refusal.textContent()).toContain('needs a supervisor');
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Comment (optional)').inputValue()).toBe('keep this text');
    expect((await sue.getCase({ caseId: stale.caseId })).summary?.status).toBe(
      'CASE_STATUS_IN_PROGRESS',
    );

    // The supervisor gets the same controls enabled.
    const supervisor = await openPage();
    await signIn(supervisor.page, stack.tokens.sue);
    await openCase(supervisor.page, bobs.caseId);
    expect(await supervisor.page.getByRole('button', { name: 'Resolve…' }).isEnabled()).toBe(true);
    expect(await supervisor.page.getByLabel('Assign to another agent').isEnabled()).toBe(true);
    await supervisor.page.getByLabel('Reason').fill('customer reported a stolen phone');
    await supervisor.page.getByRole('button', { name: 'Lock account', exact: true }).click();
    await supervisor.page
      .getByTestId('account-result')
      .filter({ hasText: /^Lock command \S+ issued\.$/ })
      .waitFor();
    await expect
      .poll(() => supervisor.page.getByTestId('lock-state').textContent())
      .toMatch(/^Locked since .* by sup-sue$/);
    expect([...problems, ...supervisor.problems]).toEqual([]);
  });

  it('renders in Japanese and Simplified Chinese and remembers the choice', async () => {
    const raised = await engine.raiseCase(decision({ accountId: account('i18n') }));
    const { page, problems } = await openPage();
    // From the keyboard alone: skip link, language, token field; Enter submits.
    await page.goto(stack.url);
    await page.getByLabel('Access token').waitFor();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('token');
    await page.keyboard.type(stack.tokens.ann);
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByTestId('language').selectOption('ja');
    await page.getByRole('heading', { name: 'ケースキュー' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.reload();
    await page.getByRole('heading', { name: 'ケースキュー' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'queue-ja.png'), fullPage: true });
    await openCase(page, raised.caseId);
    const ja = (await page.getByTestId('reason-values').allTextContents()).join('|');
    expect(ja).toContain('観測値 7、ルールのしきい値 5');
    expect(ja).toMatch(/観測値 ￥125,000/);
    await page.getByRole('button', { name: '自分に割り当て' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'case-ja.png'), fullPage: true });

    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByRole('button', { name: '分配给我' }).waitFor();
    const zh = (await page.getByTestId('reason-values').allTextContents()).join('|');
    expect(zh).toContain('观测值 7，规则阈值 5');
    expect(zh).toContain('125,000');
    await page.getByRole('link', { name: /返回队列/ }).click();
    await page.getByRole('heading', { name: '案件队列' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'queue-zh-CN.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('renders hostile upstream text and notes as text: nothing executes', async () => {
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=2</script>',
      '"><svg onload="window.__xss=3">',
    ];
    const raised = await engine.raiseCase(
      decision({
        accountId: account('xss'),
        reasons: [
          {
            rule: 'merchant-name',
            score: 50,
            message: `merchant ${payloads[0]} flagged ${payloads[1]}`,
            observed: payloads[2],
            threshold: '<b>5</b>',
          },
        ],
      }),
    );
    await stack.cases('ann').addNote({
      caseId: raised.caseId,
      body: `<script>window.__xss=4</script><img src=x onerror="window.__xss=5">`,
    });
    const { page, problems } = await openPage();
    await signIn(page, stack.tokens.ann);
    await openCase(page, raised.caseId);
    await page.getByTestId('notes').waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain(`merchant ${payloads[0]} flagged ${payloads[1]}`);
    expect(body).toContain('<script>window.__xss=4</script>');
    expect(await page.locator('main img, main svg, main script, main b').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    const response = await page.request.get(`${stack.url}/cases/${raised.caseId}`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(problems).toEqual([]);
  });

  it("shows the account's timeline and what the customer was told and answered, in en and ja", async () => {
    const acct = account('activity');
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    // The review as RaiseCase carries it; on the decisions topic it is the same decision.
    const review = decision({
      accountId: acct,
      decidedAt: minutesAgo(5),
      occurredAt: minutesAgo(5),
    });
    // risk.decisions.v1 and risk.feedback.v1 values, as the engine and the notifier write them.
    const challenge = {
      schemaVersion: 1,
      decisionId: `${review.decisionId}-challenge`,
      eventId: `${review.eventId}-challenge`,
      eventType: 'login',
      accountId: acct,
      occurredAt: minutesAgo(30),
      decidedAt: minutesAgo(30),
      score: 45,
      outcome: 'challenge',
      reasons: [{ rule: 'new-device', score: 45, message: 'login from a device never seen' }],
      shadowReasons: [],
      ruleSetVersion: 'v1',
      subject: { deviceId: 'dev-1' },
    };
    const itWasMe = {
      schemaVersion: 1,
      feedbackId: `fb-${challenge.decisionId}`,
      accountId: acct,
      source: 'customer_verification',
      verdict: 'legit',
      decisionId: challenge.decisionId,
      occurredAt: minutesAgo(25),
    };
    // The engine publishes its decisions (the ledger keeps them) and raises the review as a case.
    await stack.publish(stack.topics.decisions, [
      challenge,
      publishedDecision({ ...review, accountId: acct }),
    ]);
    await stack.publish(stack.topics.feedback, [itWasMe]);
    const raised = await engine.raiseCase(review);
    // The notifier asked about the login by SMS in Japanese, and the customer said it was them.
    const [, asked] = sampleNotices();
    notifier.notices.set(acct, [
      {
        ...asked!,
        decisionId: challenge.decisionId,
        createdAt: minutesAgo(30),
        sentAt: minutesAgo(29),
        answer: { answer: 'yes', answeredAt: minutesAgo(25) },
      },
    ]);
    await expect
      .poll(
        async () => {
          const activity = await stack.cases('ann').getAccountActivity({ accountId: acct });
          return [activity.decisions.length, activity.answers.length];
        },
        { timeout: 30_000 },
      )
      .toEqual([2, 1]);

    const { page, problems } = await openPage();
    await signIn(page, stack.tokens.ann);
    await openCase(page, raised.caseId);
    const timeline = page.getByTestId('timeline');
    await timeline.filter({ hasText: 'payment 125000 JPY over the tier limit 100000' }).waitFor();
    const entries = await timeline.locator('li.timeline-entry').allTextContents();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/Transaction: sent for review · score 75 in this case/);
    expect(entries[1]).toMatch(
      /Login: customer asked to verify · score 45login from a device never seen/,
    );
    expect(await page.getByTestId('timeline-scope').textContent()).toContain(
      'allowed decisions without any rule hit are not listed',
    );
    const notices = page.getByTestId('notices');
    await notices.filter({ hasText: 'Verification request ("was this you?")' }).waitFor();
    expect(await notices.textContent()).toContain('Customer answered "It was me"');
    expect(await notices.textContent()).toContain('by SMS in Japanese');
    expect(await page.getByTestId('answers').textContent()).toContain(
      `"It was me" about decision ${challenge.decisionId}`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'case-activity-en.png'), fullPage: true });

    await page.getByTestId('language').selectOption('ja');
    await page.getByRole('heading', { name: 'アカウントのタイムライン' }).waitFor();
    expect(await page.getByTestId('notices').textContent()).toContain('本人確認のお願い');
    expect(await page.getByTestId('notices').textContent()).toContain('SMS・日本語');
    expect(await page.getByTestId('timeline').textContent()).toContain(
      'ログイン：お客様に本人確認を依頼',
    );
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'case-activity-ja.png'), fullPage: true });

    // The notifier goes down: its section says so, the timeline and the rest still work.
    notifier.down = true;
    await page.getByTestId('language').selectOption('en');
    await page.reload();
    await page
      .getByTestId('notices-error')
      .filter({ hasText: 'could not be loaded from the notifier (unavailable)' })
      .waitFor();
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).waitFor();
    notifier.down = false;
    expect(problems).toEqual([]);
  });

  it('drains on SIGTERM: both processes exit 0', async () => {
    for (const context of contexts) await context.close();
    stopped = await stack.stop();
    expect(stopped).toEqual({ console: 0, caseService: 0 });
  });
});
