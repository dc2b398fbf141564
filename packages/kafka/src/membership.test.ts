import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { trackMembership } from './membership.ts';
import { consumerMetrics } from './metrics.ts';

const EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  REBALANCING: 'consumer.rebalancing',
  HEARTBEAT: 'consumer.heartbeat',
  CRASH: 'consumer.crash',
  STOP: 'consumer.stop',
  DISCONNECT: 'consumer.disconnect',
} as const;

/** The part of a kafkajs consumer membership reads: its events and describeGroup. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  let coordinator: 'up' | 'down' = 'up';
  const consumer = {
    events: EVENTS,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
    describeGroup: () =>
      coordinator === 'up'
        ? Promise.resolve({})
        : Promise.reject(new Error('Connection error: connect ECONNREFUSED')),
  } as unknown as Consumer;
  return {
    consumer,
    emit: (name: string, payload: unknown = {}) => emitter.emit(name, { payload }),
    coordinator: (state: 'up' | 'down') => (coordinator = state),
  };
}

function tracked() {
  const fake = fakeConsumer();
  const registry = new Registry();
  const membership = trackMembership(
    fake.consumer,
    'group-a',
    consumerMetrics(registry),
    pino({ level: 'silent' }),
  );
  const up = async () =>
    (await registry.getSingleMetric('vigil_kafka_consumer_up')?.get())?.values[0]?.value;
  return { fake, membership, up };
}

describe('consumer group membership', () => {
  it('is not ready until joined, then ready while the coordinator answers', async () => {
    const { fake, membership, up } = tracked();
    expect(await membership.health()).toMatchObject({ ok: false, reason: 'not joined yet' });
    fake.emit(EVENTS.GROUP_JOIN, { memberAssignment: {} });
    expect(await membership.health()).toEqual({ ok: true });
    expect(await up()).toBe(1);
    fake.coordinator('down');
    expect(await membership.health()).toEqual({
      ok: false,
      reason: 'group coordinator unreachable: Connection error: connect ECONNREFUSED',
    });
  });

  it('is not ready from the start of a rebalance until it joins again, the up gauge unchanged', async () => {
    const { fake, membership, up } = tracked();
    fake.emit(EVENTS.GROUP_JOIN, { memberAssignment: {} });
    const before = Date.now();
    fake.emit(EVENTS.REBALANCING);
    const during = await membership.health();
    expect(during).toMatchObject({ ok: false, reason: 'rebalancing' });
    expect(during.since).toBeGreaterThanOrEqual(before);
    expect(await up()).toBe(1);
    // A crash during the rebalance keeps the moment the member stopped processing.
    fake.emit(EVENTS.CRASH, {
      error: new Error('The coordinator is not aware of this member'),
      restart: true,
    });
    expect(await membership.health()).toMatchObject({
      ok: false,
      reason: 'crashed: The coordinator is not aware of this member',
      since: during.since,
    });
    expect(await up()).toBe(0);
    fake.emit(EVENTS.GROUP_JOIN, { memberAssignment: {} });
    expect(await membership.health()).toEqual({ ok: true });
  });

  it('is ready again when the coordinator accepts a heartbeat of its generation after a rejoin kafkajs gave up', async () => {
    // A broker restart: NOT_COORDINATOR → REBALANCING, the JoinGroup answered
    // COORDINATOR_LOAD_IN_PROGRESS, kafkajs fetches on in its generation; no GROUP_JOIN follows.
    const { fake, membership } = tracked();
    fake.emit(EVENTS.GROUP_JOIN, { memberAssignment: {} });
    fake.emit(EVENTS.REBALANCING);
    expect(await membership.health()).toMatchObject({ ok: false, reason: 'rebalancing' });
    fake.emit(EVENTS.HEARTBEAT);
    expect(await membership.health()).toEqual({ ok: true });
    // A heartbeat before any join says nothing about membership.
    const fresh = tracked();
    fresh.fake.emit(EVENTS.HEARTBEAT);
    expect(await fresh.membership.health()).toMatchObject({ ok: false, reason: 'not joined yet' });
  });
});
