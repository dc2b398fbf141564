import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CasesClient, ListCasesRequest } from '@vigil/protos';
import { decision, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

let h: CaseHarness;
let ann: CasesClient;

interface Row {
  id: string;
  account_id: string;
  status: string;
  severity: number;
  assignee: string | null;
  created: string;
}
let all: Row[] = [];
const prefix = `pg-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  h = await startCaseHarness();
  ann = h.client('agent-ann');
  const engine = h.client('risk-engine');
  const bob = h.client('agent-bob');
  const sue = h.client('sup-sue');
  // 40 cases through the API with a spread of severities, assignees and statuses…
  const outcomes = ['DECISION_OUTCOME_REVIEW', 'DECISION_OUTCOME_BLOCK'] as const;
  for (let i = 0; i < 40; i += 1) {
    const raised = await engine.raiseCase(
      decision({ accountId: `${prefix}-${i}`, score: (i * 37) % 100, outcome: outcomes[i % 2] }),
    );
    if (i % 3 === 0) await ann.assignCase({ caseId: raised.caseId, assignee: 'agent-ann' });
    if (i % 3 === 1) await bob.assignCase({ caseId: raised.caseId, assignee: 'agent-bob' });
    if (i % 5 === 0)
      await sue.resolveCase({ caseId: raised.caseId, disposition: 'DISPOSITION_INCONCLUSIVE' });
  }
  // …and 12 sharing one opening instant, so ties are broken by id across page boundaries.
  await h.pg.pool.query(
    `INSERT INTO cases (account_id, status, severity, alert_count, created_at)
     SELECT $1 || '-tie-' || g, 'open', 1 + g % 2, 1, '2026-11-24T06:00:00.123456Z' FROM generate_series(1, 12) g`,
    [prefix],
  );
  const { rows } = await h.pg.pool.query<Row>(
    `SELECT id, account_id, status, severity, assignee,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created FROM cases`,
  );
  all = rows;
});
afterAll(() => h.close());

// Reference order computed in JS: created/id descending, or severity first.
const newest = (a: Row, b: Row) =>
  a.created === b.created ? (a.id < b.id ? 1 : -1) : a.created < b.created ? 1 : -1;
const severe = (a: Row, b: Row) =>
  a.severity === b.severity ? newest(a, b) : b.severity - a.severity;

async function pageThrough(request: ListCasesRequest): Promise<string[]> {
  const seen: string[] = [];
  let pageToken = '';
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await ann.listCases({ ...request, pageSize: 7, pageToken });
    expect(page.cases.length).toBeLessThanOrEqual(7);
    seen.push(...page.cases.map((c) => c.caseId));
    if (page.nextPageToken === '') return seen;
    pageToken = page.nextPageToken;
  }
  throw new Error('pagination did not end');
}

const SEVERITY_RANKS = {
  SEVERITY_LOW: 1,
  SEVERITY_MEDIUM: 2,
  SEVERITY_HIGH: 3,
  SEVERITY_CRITICAL: 4,
} as const;

const cases: { name: string; request: ListCasesRequest; keep: (row: Row) => boolean }[] = [
  { name: 'no filter', request: {}, keep: () => true },
  {
    name: 'status open',
    request: { statuses: ['CASE_STATUS_OPEN'] },
    keep: (r) => r.status === 'open',
  },
  {
    name: 'not resolved, high or critical',
    request: {
      statuses: ['CASE_STATUS_OPEN', 'CASE_STATUS_IN_PROGRESS'],
      severities: ['SEVERITY_HIGH', 'SEVERITY_CRITICAL'],
    },
    keep: (r) => r.status !== 'resolved' && r.severity >= SEVERITY_RANKS.SEVERITY_HIGH,
  },
  { name: 'assignee', request: { assignee: 'agent-bob' }, keep: (r) => r.assignee === 'agent-bob' },
  {
    name: 'account',
    request: { accountId: `${prefix}-7` },
    keep: (r) => r.account_id === `${prefix}-7`,
  },
  {
    name: 'time range',
    request: { createdAfter: '2026-11-24T06:00:00.123456Z', createdBefore: '2099-01-01T00:00:00Z' },
    keep: (r) => r.created >= '2026-11-24T06:00:00.123456',
  },
];

describe('ListCases pagination', () => {
  const reference = {
    LIST_ORDER_NEWEST_FIRST: newest,
    LIST_ORDER_MOST_SEVERE_FIRST: severe,
    LIST_ORDER_OLDEST_FIRST: (a: Row, b: Row) => newest(b, a),
  };
  for (const order of [
    'LIST_ORDER_NEWEST_FIRST',
    'LIST_ORDER_MOST_SEVERE_FIRST',
    'LIST_ORDER_OLDEST_FIRST',
  ] as const) {
    for (const { name, request, keep } of cases) {
      it(`returns every matching case exactly once, in order (${order}, ${name})`, async () => {
        const expected = all
          .filter(keep)
          .sort(reference[order])
          .map((r) => r.id);
        expect(expected.length).toBeGreaterThan(0);
        const seen = await pageThrough({ ...request, order });
        expect(seen).toEqual(expected);
      });
    }
  }

  it('rejects a page token from the other order', async () => {
    const first = await ann.listCases({ pageSize: 3, order: 'LIST_ORDER_NEWEST_FIRST' });
    await expect(
      ann.listCases({
        pageSize: 3,
        order: 'LIST_ORDER_MOST_SEVERE_FIRST',
        pageToken: first.nextPageToken,
      }),
    ).rejects.toMatchObject({
      code: 'CASE_SERVICE_REJECTED',
      details: { grpcCode: 3, grpcDetails: expect.stringMatching(/different order/) as string },
    });
  });
});

describe('CountCases', () => {
  const countOf = (rows: Row[]) => {
    const counts = { SEVERITY_LOW: 0, SEVERITY_MEDIUM: 0, SEVERITY_HIGH: 0, SEVERITY_CRITICAL: 0 };
    for (const row of rows)
      counts[(Object.keys(SEVERITY_RANKS) as (keyof typeof SEVERITY_RANKS)[])[row.severity - 1]!]++;
    return counts;
  };
  const asRecord = (counts: { severity: string; count: number }[]) =>
    Object.fromEntries(counts.map((c) => [c.severity, c.count]));

  it('counts per severity with the same filters ListCases takes, all four when none is named', async () => {
    const open = await ann.countCases({ statuses: ['CASE_STATUS_OPEN'], cap: 1000 });
    expect(open.cap).toBe(1000);
    expect(asRecord(open.counts)).toEqual(countOf(all.filter((r) => r.status === 'open')));
    const mine = await ann.countCases({
      assignee: 'agent-ann',
      severities: ['SEVERITY_HIGH', 'SEVERITY_CRITICAL'],
    });
    const expected = countOf(all.filter((r) => r.assignee === 'agent-ann' && r.severity >= 3));
    expect(asRecord(mine.counts)).toEqual({
      SEVERITY_HIGH: expected.SEVERITY_HIGH,
      SEVERITY_CRITICAL: expected.SEVERITY_CRITICAL,
    });
  });

  it('stops each count at the cap (200 by default) and refuses a cap over 1000', async () => {
    const capped = await ann.countCases({ cap: 2 });
    const full = countOf(all);
    for (const { severity, count } of capped.counts)
      expect(count).toBe(Math.min(2, full[severity as keyof typeof full]));
    expect((await ann.countCases({})).cap).toBe(200);
    await expect(ann.countCases({ cap: 1001 })).rejects.toMatchObject({
      details: { grpcCode: 3 },
    });
  });
});
