import { describe, expect, it } from 'vitest';
import { createReadiness, type CheckResult, type ReadinessCheck } from './readiness.ts';

function fixture(graceMs: number) {
  let now = 1_000_000;
  let kafka: boolean | CheckResult = true;
  const checks: ReadinessCheck[] = [{ name: 'kafka', check: () => Promise.resolve(kafka) }];
  const evaluate = createReadiness({ graceMs, clock: () => now });
  return {
    set: (value: boolean | CheckResult) => (kafka = value),
    advance: (ms: number) => (now += ms),
    now: () => now,
    evaluate: () => evaluate(checks),
  };
}

describe('readiness with a grace bound', () => {
  it('is unready at once while a check has never passed (start-up: no grace)', async () => {
    const f = fixture(10_000);
    f.set(false);
    expect(await f.evaluate()).toEqual({
      ready: false,
      checks: { kafka: false },
      failing: { kafka: { reason: 'not up yet', forMs: 0, unready: true } },
    });
  });

  it('reports a failure at once but turns unready only after the grace, and ready again on a pass', async () => {
    const f = fixture(10_000);
    expect((await f.evaluate()).ready).toBe(true);
    f.set({ ok: false, reason: 'rebalancing' });
    expect(await f.evaluate()).toEqual({
      ready: true,
      checks: { kafka: false },
      failing: { kafka: { reason: 'rebalancing', forMs: 0, unready: false } },
    });
    f.advance(9_999);
    expect((await f.evaluate()).ready).toBe(true);
    f.advance(1);
    expect(await f.evaluate()).toMatchObject({
      ready: false,
      failing: { kafka: { reason: 'rebalancing', forMs: 10_000, unready: true } },
    });
    f.set(true);
    expect(await f.evaluate()).toEqual({ ready: true, checks: { kafka: true } });
    // A new failure starts a new grace.
    f.set(false);
    f.advance(5_000);
    expect((await f.evaluate()).ready).toBe(true);
  });

  it('counts the grace from when the probe says the failure started, not when it was first seen', async () => {
    const f = fixture(10_000);
    await f.evaluate();
    f.set({ ok: false, reason: 'broker unreachable', since: f.now() - 12_000 });
    expect(await f.evaluate()).toMatchObject({
      ready: false,
      failing: { kafka: { forMs: 12_000, unready: true } },
    });
  });

  it('turns a thrown check into a failure with its reason', async () => {
    const evaluate = createReadiness({ graceMs: 0 });
    const report = await evaluate([
      { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED')) },
    ]);
    expect(report.failing).toEqual({ redis: { reason: 'ECONNREFUSED', forMs: 0, unready: true } });
  });
});
