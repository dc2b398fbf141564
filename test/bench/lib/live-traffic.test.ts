import { describe, expect, it } from 'vitest';
import type { GeneratedEvent } from './event-mix.ts';
import { createLiveTraffic, createStamper } from './live-traffic.ts';

const login = (accountId: string, eventId: string): GeneratedEvent => ({
  kind: 'login',
  event: {
    schemaVersion: 1,
    eventId,
    accountId,
    occurredAt: '2020-01-01T00:00:00.000Z',
    outcome: 'success',
    method: 'password',
  },
});

describe('createStamper', () => {
  it('stamps the send time, strictly increasing per account so the merge cannot reorder ties', () => {
    const stamp = createStamper();
    const now = Date.parse('2026-12-01T10:00:00.000Z');
    const at = (g: GeneratedEvent) => g.event.occurredAt;
    expect(at(stamp(login('a', 'e1'), now))).toBe('2026-12-01T10:00:00.000Z');
    expect(at(stamp(login('a', 'e2'), now))).toBe('2026-12-01T10:00:00.001Z');
    expect(at(stamp(login('b', 'e3'), now))).toBe('2026-12-01T10:00:00.000Z');
    expect(at(stamp(login('a', 'e4'), now + 50))).toBe('2026-12-01T10:00:00.050Z');
  });

  it('leaves the event it was given alone', () => {
    const original = login('a', 'e1');
    createStamper()(original, Date.now());
    expect(original.event.occurredAt).toBe('2020-01-01T00:00:00.000Z');
  });
});

describe('createLiveTraffic', () => {
  it('serves the simulator’s events endlessly, a new population when a day runs out', () => {
    const traffic = createLiveTraffic({ accounts: 100, seed: 7, runId: 'unit' });
    const events = traffic.take(4_000);
    expect(events).toHaveLength(4_000);
    expect(traffic.generations()).toBeGreaterThan(1);
    expect(new Set(events.map((g) => g.event.eventId)).size).toBe(4_000);
    expect(new Set(events.map((g) => g.kind))).toEqual(
      new Set(['transaction', 'login', 'account_change']),
    );
  });
});
