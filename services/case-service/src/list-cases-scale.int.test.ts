import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCasesSql } from './adapters/pg-case-queries.ts';
import type { ListCasesQuery } from './domain/commands.ts';
import { bulkInsertCases } from './test-support/bulk-cases.ts';
import { startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

const ROWS = 200_000;
let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
  // The cases table alone (what the plans read): the bulk mix of open, in-progress and resolved.
  await bulkInsertCases(h.pg.pool, ROWS, { history: false });
}, 120_000);
afterAll(() => h.close());

const base: ListCasesQuery = {
  statuses: [],
  severities: [],
  order: 'newest',
  pageSize: 50,
  after: undefined,
};
const cursor = {
  severityRank: 3,
  createdAt: '2026-11-23T12:00:00.000000Z',
  caseId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
};

const shapes: { name: string; query: ListCasesQuery }[] = [
  { name: 'newest, no filter', query: base },
  { name: 'newest, page 2', query: { ...base, after: { order: 'newest', ...cursor } } },
  { name: 'most severe', query: { ...base, order: 'most_severe' } },
  {
    name: 'most severe, page 2',
    query: { ...base, order: 'most_severe', after: { order: 'most_severe', ...cursor } },
  },
  { name: 'status open, newest', query: { ...base, statuses: ['open'] } },
  {
    name: 'status open, most severe',
    query: { ...base, statuses: ['open'], order: 'most_severe' },
  },
  { name: 'assignee, newest', query: { ...base, assignee: 'agent-3' } },
  { name: 'account', query: { ...base, accountId: 'bulk-4242' } },
  {
    name: 'time range, newest',
    query: { ...base, createdAfter: '2026-11-01T00:00:00Z', createdBefore: '2026-11-23T00:00:00Z' },
  },
];

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describe(`ListCases at ${ROWS} cases`, () => {
  for (const { name, query } of shapes) {
    it(`plans an index scan without a sort or seq scan (${name})`, async () => {
      const { text, values } = listCasesSql(query);
      const { rows } = await h.pg.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${text}`,
        values,
      );
      const plan = nodes(rows[0]!['QUERY PLAN'][0].Plan);
      const types = plan.map((n) => n['Node Type']);
      expect(types, JSON.stringify(types)).not.toContain('Seq Scan');
      expect(types, JSON.stringify(types)).not.toContain('Sort');
      expect(plan.some((n) => n['Index Name']?.startsWith('cases_'))).toBe(true);
    });
  }

  // How fast is bench:case-service's and bench:console's question (timed tests flake on a shared
  // box); here: every view the console offers answers full, ordered pages over gRPC.
  it('serves full pages over gRPC for each view the console offers', async () => {
    const ann = h.client('agent-ann');
    const requests = [
      {},
      { order: 'LIST_ORDER_MOST_SEVERE_FIRST' as const },
      { statuses: ['CASE_STATUS_OPEN' as const], order: 'LIST_ORDER_MOST_SEVERE_FIRST' as const },
      { assignee: 'agent-5' },
    ];
    for (const request of requests) {
      const first = await ann.listCases({ ...request, pageSize: 50 });
      expect(first.cases).toHaveLength(50);
      const second = await ann.listCases({
        ...request,
        pageSize: 50,
        pageToken: first.nextPageToken,
      });
      expect(second.cases).toHaveLength(50);
      const ids = new Set([...first.cases, ...second.cases].map((c) => c.caseId));
      expect(ids.size).toBe(100);
    }
  });
});

// The agent console's queue: the unresolved backlog most severe first, and counted per severity
// (up to 200 each), for everyone or one agent. When nothing matches -- no critical case waiting,
// the state a team works towards -- a scan must still stop at once instead of walking the backlog
// (or every resolved critical case) to prove it (migration 1797200000000).
describe('queue views with no critical case unresolved', () => {
  beforeAll(async () => {
    await h.pg.pool.query(
      "UPDATE cases SET severity = 3 WHERE severity = 4 AND status <> 'resolved'",
    );
    await h.pg.pool.query('VACUUM (ANALYZE) cases');
  });

  const unresolved: ListCasesQuery['statuses'] = ['open', 'in_progress'];
  const views: { name: string; query: ListCasesQuery }[] = [
    {
      name: 'the queue as it opens: unresolved, most severe',
      query: { ...base, statuses: unresolved, order: 'most_severe', pageSize: 25 },
    },
    {
      name: 'its count of critical cases',
      query: { ...base, statuses: unresolved, severities: ['critical'], pageSize: 200 },
    },
    {
      name: 'count of open critical cases',
      query: { ...base, statuses: ['open'], severities: ['critical'], pageSize: 200 },
    },
    {
      name: 'SLA breached, count of critical cases',
      query: {
        ...base,
        statuses: unresolved,
        severities: ['critical'],
        createdBefore: new Date(Date.now() - 3_600_000).toISOString(),
        pageSize: 200,
      },
    },
    {
      name: "an agent's unresolved cases, most severe",
      query: { ...base, statuses: unresolved, assignee: 'agent-3', order: 'most_severe' },
    },
    {
      name: "count of an agent's unresolved critical cases",
      query: {
        ...base,
        statuses: unresolved,
        assignee: 'agent-3',
        severities: ['critical'],
        pageSize: 200,
      },
    },
  ];

  for (const { name, query } of views) {
    it(`reads about a page of rows, not the backlog (${name})`, async () => {
      const { text, values } = listCasesSql(query);
      const { rows } = await h.pg.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
        values,
      );
      const scans = nodes(rows[0]!['QUERY PLAN'][0].Plan).filter((n) =>
        n['Node Type'].endsWith('Scan'),
      );
      const read = scans.reduce(
        (sum, n) => sum + (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0),
        0,
      );
      expect(read, JSON.stringify(scans.map((n) => n['Index Name']))).toBeLessThan(1_000);
    });
  }
});
