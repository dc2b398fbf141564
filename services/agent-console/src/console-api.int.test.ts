import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@vigil/testing';
import type { CasesClient } from '@vigil/protos';
import type { AccountActivityView } from './domain/activity-model.ts';
import type { CaseEvent, QueuePage } from './domain/console-model.ts';
import { openEventStream, signInOverHttp, signInRequest } from './test-support/console-http.ts';
import {
  decision,
  publishedDecision,
  startConsoleStack,
  type ConsoleStack,
} from './test-support/console-stack.ts';

// The built console's JSON API against a real case-service (PostgreSQL schema of its own):
// sign-in with real tokens, the queue's filters and pages, and the live stream across a
// case-service restart.

let stack: ConsoleStack;
let engine: CasesClient;

beforeAll(async () => {
  // A 3-second SLA, so a case breaches it while the test waits.
  stack = await startConsoleStack({ consoleEnv: { CASE_SLA_MINUTES: '0.05' } });
  engine = stack.cases('engine');
});
afterAll(() => stack?.stop());

const account = (what: string) => `acct-${what}-${Math.random().toString(36).slice(2, 8)}`;

describe('console API on a real case-service', () => {
  it('signs agents and supervisors in by their case-service identity, and nobody else', async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    expect(ann.session).toMatchObject({ principal: 'agent-ann', role: 'agent' });
    const sue = await signInOverHttp(stack.url, stack.tokens.sue);
    expect(sue.session).toMatchObject({ principal: 'sup-sue', role: 'supervisor' });
    expect((await signInRequest(stack.url, stack.tokens.engine)).status).toBe(403);
    expect((await signInRequest(stack.url, 'f'.repeat(48))).status).toBe(401);
  });

  it("serves the account's activity: the ledger from case-service, notices not configured", async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    const accountId = account('activity');
    const review = decision({ accountId });
    await stack.publish(stack.topics.decisions, [publishedDecision({ ...review, accountId })]);
    const activity = await waitFor(
      async () => {
        const response = await ann.get(`/api/accounts/${accountId}/activity`);
        const body = (await response.json()) as AccountActivityView;
        return body.ledger.state === 'ok' && body.ledger.data.decisions.length > 0
          ? body
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the decision to reach the ledger' },
    );
    expect(activity.notices).toEqual({ state: 'not_configured' });
    expect(activity.ledger).toMatchObject({
      state: 'ok',
      data: {
        onlyFlaggedDecisions: true,
        decisions: [
          {
            decisionId: review.decisionId,
            eventType: 'transaction',
            outcome: 'review',
            score: 75,
            reasons: [
              { rule: 'cards-per-device-1h', message: '7 distinct card values per device in 1h' },
              {
                rule: 'single-payment-limit',
                message: 'payment 125000 JPY over the tier limit 100000',
              },
            ],
          },
        ],
      },
    });
    expect((await fetch(`${stack.url}/api/accounts/${accountId}/activity`)).status).toBe(401);
  });

  it("filters the queue by the caller's own cases and unassigned ones, sorts and pages", async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    const accounts = [account('q1'), account('q2'), account('q3')];
    const raised = [];
    for (const accountId of accounts) raised.push(await engine.raiseCase(decision({ accountId })));
    const mine = await ann.post(`/api/cases/${raised[1]!.caseId}/assign`, {});
    expect(mine.status).toBe(200);

    const page = async (query: string) => {
      const response = await ann.get(`/api/cases?${query}`);
      expect(response.status, query).toBe(200);
      const body = (await response.json()) as QueuePage;
      return body.cases.filter((c) => accounts.includes(c.accountId)).map((c) => c.accountId);
    };
    expect(await page('assignee=me&pageSize=100')).toEqual([accounts[1]]);
    expect(await page('assignee=unassigned&sort=oldest&pageSize=100')).toEqual([
      accounts[0],
      accounts[2],
    ]);
    expect(await page('assignee=unassigned&sort=newest&pageSize=100')).toEqual([
      accounts[2],
      accounts[0],
    ]);

    // Cursor pages: one case per page, no case twice, the same cases as one big page.
    const seen: string[] = [];
    let cursor: string | null = '';
    for (let i = 0; i < 100 && cursor !== null; i += 1) {
      const response = await ann.get(
        `/api/cases?sort=oldest&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const body = (await response.json()) as QueuePage;
      seen.push(...body.cases.map((c) => c.caseId));
      cursor = body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(raised.map((r) => r.caseId)));
  });

  it('lists a case as SLA-breached once it has waited past the target, until resolved', async () => {
    const sue = await signInOverHttp(stack.url, stack.tokens.sue);
    const late = account('sla');
    const { caseId } = await engine.raiseCase(decision({ accountId: late }));
    const breached = async () => {
      const body = (await (
        await sue.get('/api/cases?sla=breached&sort=newest&pageSize=100')
      ).json()) as QueuePage;
      return body.cases.find((c) => c.caseId === caseId);
    };
    expect(await breached()).toBeUndefined();
    const row = await waitFor(breached, { what: 'the case past its SLA', timeoutMs: 15_000 });
    expect(row.sla).toMatchObject({ breached: true });
    const resolved = await sue.post(`/api/cases/${caseId}/resolve`, {
      disposition: 'inconclusive',
    });
    expect(resolved.status).toBe(200);
    expect(await breached()).toBeUndefined();
  });

  it('refuses a state change without the CSRF header, and case-service never sees it', async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    const { caseId } = await engine.raiseCase(decision({ accountId: account('csrf') }));
    const refused = await ann.post(`/api/cases/${caseId}/notes`, { body: 'x' }, { csrf: false });
    expect(refused.status).toBe(403);
    expect((await engine.getCase({ caseId })).notes).toEqual([]);
  });

  it('streams case changes live, and watches again after case-service restarts', async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    const stream = await openEventStream(stack.url, ann.cookie);
    try {
      const named = (name: string) => stream.events.filter((e) => e.event === name);
      await waitFor(() => (named('ready').length > 0 ? true : undefined), { what: 'ready' });
      const before = account('live-before');
      await engine.raiseCase(decision({ accountId: before }));
      await waitFor(
        () =>
          named('case').some((e) => (e.data as CaseEvent).accountId === before) ? true : undefined,
        { what: 'the raised case on the stream' },
      );
      await stack.restartCaseService();
      await waitFor(() => (named('reconnecting').length > 0 ? true : undefined), {
        what: 'reconnecting',
      });
      await waitFor(() => (named('ready').length > 1 ? true : undefined), {
        what: 'ready again',
        timeoutMs: 30_000,
      });
      const after = account('live-after');
      await engine.raiseCase(decision({ accountId: after }));
      const change = await waitFor(
        () => named('case').find((e) => (e.data as CaseEvent).accountId === after),
        { what: 'a case raised after the restart' },
      );
      expect(change.data).toMatchObject({ kind: 'case_opened', status: 'open', accountId: after });
    } finally {
      stream.close();
    }
  });
});
