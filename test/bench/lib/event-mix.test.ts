import { describe, expect, it } from 'vitest';
import { accountChangeEvent, loginEvent, transactionEvent } from '@vigil/events';
import { createEventMix, type GeneratedEvent } from './event-mix.ts';

const schemas = {
  transaction: transactionEvent,
  login: loginEvent,
  account_change: accountChangeEvent,
};
const draw = (seed: number, n: number): GeneratedEvent[] => {
  const mix = createEventMix({ seed, accounts: 1_000, idPrefix: 'b' });
  return Array.from({ length: n }, (_, i) => mix.next(Date.UTC(2026, 10, 24) + i));
};

describe('benchmark event mix', () => {
  it('emits only events that pass their topic schema (the engine would dead-letter the rest)', () => {
    for (const { kind, event } of draw(1, 3_000)) {
      const parsed = schemas[kind].safeParse(event);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('is reproducible from its seed and gives every event a unique id', () => {
    expect(draw(7, 500)).toEqual(draw(7, 500));
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
    expect(new Set(draw(7, 5_000).map((e) => e.event.eventId)).size).toBe(5_000);
  });

  it('mixes kinds roughly 72/22/6 over many accounts with a busy head', () => {
    const events = draw(3, 20_000);
    const share = (kind: string) => events.filter((e) => e.kind === kind).length / events.length;
    expect(share('transaction')).toBeCloseTo(0.72, 1);
    expect(share('login')).toBeCloseTo(0.22, 1);
    expect(share('account_change')).toBeCloseTo(0.06, 1);
    const perAccount = new Map<string, number>();
    for (const { event } of events)
      perAccount.set(event.accountId, (perAccount.get(event.accountId) ?? 0) + 1);
    expect(perAccount.size).toBeGreaterThan(800);
    expect(Math.max(...perAccount.values())).toBeGreaterThan(3 * (events.length / 1_000));
  });
});
