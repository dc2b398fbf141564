import { describe, expect, it } from 'vitest';
import type { ScoredEvent, TransactionEvent } from '@vigil/events';
import {
  eventTime,
  InMemoryFeatureStore,
  resolveFeature,
  type FeatureSpec,
  type FeatureValue,
} from '@vigil/rules';
import { tx } from '../../test-support/test-payments.ts';
import { ReplayFeatureResolver } from './resolve-replay-feature.ts';
import { ReplayFeatureState } from './replay-feature-state.ts';

const HOUR = 3_600_000;
const counter = (dimension: 'account' | 'card_ip' | 'account_device'): FeatureSpec => ({
  kind: 'counter',
  dimension,
  measure: 'count',
  windowMs: HOUR,
  bucketMs: 300_000,
  filter: {},
});
/** One feature of every kind, on entities some events lack (device, card, merchant). */
const SPECS: FeatureSpec[] = [
  counter('account'),
  counter('account_device'),
  counter('card_ip'),
  { ...counter('account'), measure: 'amount' } as FeatureSpec,
  { kind: 'daily', dimension: 'account', measure: 'count', timeZone: 'Asia/Tokyo', filter: {} },
  { kind: 'distinct', dimension: 'ip', of: 'account', windowMs: HOUR, filter: {} },
  { kind: 'distinct', dimension: 'device', of: 'account', windowMs: HOUR, filter: {} },
  {
    kind: 'seen_before',
    dimension: 'account',
    of: 'device',
    lookbackMs: 30 * 24 * HOUR,
    filter: {},
  },
  { kind: 'seen_before', dimension: 'account', of: 'ip', lookbackMs: 24 * HOUR, filter: {} },
  { kind: 'last_event', dimension: 'account', retentionMs: 24 * HOUR, filter: {} },
  { kind: 'average', dimension: 'account_merchant_amount', retentionMs: HOUR, filter: {} },
  { kind: 'average', dimension: 'account', retentionMs: HOUR, filter: {} },
  { kind: 'list', list: 'allow', entity: 'device', scope: 'account' },
  { kind: 'list', list: 'deny', entity: 'ip', scope: 'global' },
];

/** A payment of `account` at `minute` (from 08:00 UTC, any number), with what `change` sets. */
function payment(
  account: string,
  n: number,
  minute: number,
  change: Partial<TransactionEvent> = {},
): ScoredEvent {
  const event = { ...tx(account, n, 0), ...change };
  event.occurredAt = new Date(Date.parse(event.occurredAt) + minute * 60_000).toISOString();
  return { kind: 'transaction', event };
}

const noDevice = { device: undefined };
/**
 * Three accounts sharing an IP; a second device, events without one, on the hour's edges (a
 * window's end exactly, one millisecond inside), late ones (behind the account's newest) and
 * one past the day.
 */
const EVENTS: ScoredEvent[] = [
  payment('a', 1, 0),
  payment('b', 1, 1),
  payment('a', 2, 5, { device: { id: 'a-tablet', platform: 'ios' } }),
  payment('a', 3, 10, noDevice),
  payment('b', 2, 30, { ip: '198.51.100.9' }),
  payment('a', 4, 60),
  payment('a', 5, 59.99998),
  payment('a', 6, 20, { amount: { minor: 900, currency: 'EUR' } }),
  payment('b', 3, 61, { ip: undefined, ...noDevice }),
  // The IP's account b was seen exactly one hour before: out of its 1 h distinct window.
  payment('c', 1, 61),
  payment('a', 7, 65, { device: { id: 'a-tablet', platform: 'ios' } }),
  payment('a', 8, 3, noDevice),
  payment('b', 4, 16 * 60),
  payment('a', 9, 24 * 60),
];

describe('ReplayFeatureResolver', () => {
  it('names two features of two events by one slot exactly when production gives them one id', () => {
    const resolver = new ReplayFeatureResolver();
    const resolved = EVENTS.flatMap((scored) =>
      SPECS.map((spec) => ({
        id: resolveFeature(spec, scored, eventTime(scored))?.id,
        slot: resolver.resolve(spec, scored, eventTime(scored))?.slot,
      })),
    );
    // Missing entities leave the same features out.
    expect(resolved.map(({ id }) => id === undefined)).toEqual(
      resolved.map(({ slot }) => slot === undefined),
    );
    expect(resolved.some(({ id }) => id === undefined)).toBe(true);
    const present = resolved.filter(({ id }) => id !== undefined);
    const slotOfId = new Map(present.map(({ id, slot }) => [id, slot]));
    const idOfSlot = new Map(present.map(({ id, slot }) => [slot, id]));
    for (const { id, slot } of present) {
      expect(slotOfId.get(id)).toBe(slot);
      expect(idOfSlot.get(slot)).toBe(id);
    }
    expect(resolver.slots).toBe(slotOfId.size);
  });
});

describe('ReplayFeatureState', () => {
  it('gives every feature of every event the value the reference store gives, late events included', async () => {
    const store = new InMemoryFeatureStore();
    const resolver = new ReplayFeatureResolver();
    const state = new ReplayFeatureState();
    const expected: (FeatureValue | undefined)[] = [];
    const actual: (FeatureValue | undefined)[] = [];
    for (const scored of EVENTS) {
      const at = eventTime(scored);
      for (const spec of SPECS) {
        // One feature per item: the reference's value, then the replay's, each recording it.
        const request = resolveFeature(spec, scored, at);
        const replay = resolver.resolve(spec, scored, at);
        if (!request || !replay) {
          expect(request).toBe(replay);
          continue;
        }
        const { eventId, accountId } = scored.event;
        const item = {
          eventId: `${eventId}/${expected.length}`,
          accountId,
          at,
          requests: [request],
        };
        const [result] = await store.computeBatch([item]);
        expected.push(result!.values.get(request.id));
        actual.push(state.apply(replay.slot, replay.op, at, 'write'));
      }
    }
    expect(actual).toEqual(expected);
    // The edges are there: counts below the event's own (late ones), seen values, averages.
    expect(actual).toContainEqual({ kind: 'count', value: 2 });
    expect(actual.some((value) => value?.kind === 'seen' && value.lastSeenAt !== null)).toBe(true);
    expect(actual.some((value) => value?.kind === 'last' && value.record !== null)).toBe(true);
  });

  it('reads without recording when replaying an event delivered again', () => {
    const resolver = new ReplayFeatureResolver();
    const state = new ReplayFeatureState();
    const scored = payment('a', 1, 0);
    const at = eventTime(scored);
    const { slot, op } = resolver.resolve(SPECS[0]!, scored, at)!;
    expect(state.apply(slot, op, at, 'write')).toEqual({ kind: 'count', value: 1 });
    // The reference's replay mode: the state as it is (the event's own increment is in it once).
    expect(state.apply(slot, op, at, 'replay')).toEqual({ kind: 'count', value: 1 });
    expect(state.apply(slot, op, at + 1, 'write')).toEqual({ kind: 'count', value: 2 });
  });
});
