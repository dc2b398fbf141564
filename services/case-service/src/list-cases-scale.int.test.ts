import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCasesSql } from './adapters/pg-case-queries.ts';
import type { ListCasesQuery } from './domain/commands.ts';
import { startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

const ROWS = 200_000;
let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
  // A realistic mix: 70% resolved, 20% in progress across 20 agents, 10% open; one open case
  // per account (the partial unique index), opened over the last ~2 days.
  await h.pg.pool.query(
    `INSERT INTO cases (account_id, status, severity, assignee, alert_count, created_at, updated_at, resolved_at, disposition)
     SELECT 'bulk-' || g,
            CASE WHEN g % 10 < 7 THEN 'resolved' WHEN g % 10 < 9 THEN 'in_progress' ELSE 'open' END,
            1 + (g * 7) % 4,
            CASE WHEN g % 10 < 9 THEN 'agent-' || (g % 20) END,
            1,
            now() - make_interval(secs => g),
            now(),
            CASE WHEN g % 10 < 7 THEN now() END,
            CASE WHEN g % 10 < 7 THEN 'inconclusive' END
     FROM generate_series(1, $1::int) g`,
    [ROWS],
  );
  await h.pg.pool.query('ANALYZE cases');
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

  it('serves pages over gRPC quickly (p99 printed for the report)', async () => {
    const ann = h.client('agent-ann');
    const requests = [
      {},
      { order: 'LIST_ORDER_MOST_SEVERE_FIRST' as const },
      { statuses: ['CASE_STATUS_OPEN' as const], order: 'LIST_ORDER_MOST_SEVERE_FIRST' as const },
      { assignee: 'agent-5' },
    ];
    const latencies: number[] = [];
    for (let i = 0; i < 400; i += 1) {
      const started = performance.now();
      const page = await ann.listCases({ ...requests[i % requests.length], pageSize: 50 });
      latencies.push(performance.now() - started);
      expect(page.cases).toHaveLength(50);
    }
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length * 0.5)]!;
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    console.log(`ListCases over ${ROWS} cases: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    // Loose bound: the box is shared by parallel suites; the 20 ms p99 target is the bench's job.
    expect(p99).toBeLessThan(250);
  });
});
