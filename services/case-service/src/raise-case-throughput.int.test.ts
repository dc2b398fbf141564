import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decision, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

let h: CaseHarness;
beforeAll(async () => {
  h = await startCaseHarness();
});
afterAll(() => h.close());

describe('RaiseCase throughput', () => {
  it('files 2,000 decisions from 32 concurrent callers with no lost or doubled alert (rate printed)', async () => {
    const engine = h.client('risk-engine');
    const total = 2_000;
    const requests = Array.from({ length: total }, (_, i) =>
      decision({ accountId: `tp-${i % 400}` }),
    );
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < total) {
          const request = requests[next++]!;
          await engine.raiseCase(request);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `RaiseCase: ${total} in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)}/s (32 concurrent, 400 accounts)`,
    );
    const { rows } = await h.pg.pool.query<{ alerts: string; cases: string }>(
      "SELECT (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM cases WHERE status <> 'resolved') AS cases",
    );
    expect(rows[0]).toEqual({ alerts: String(total), cases: '400' });
    expect(total / seconds).toBeGreaterThan(200);
  });
});
