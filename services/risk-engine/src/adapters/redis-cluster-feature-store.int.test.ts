// The feature store on a real Redis Cluster (3 primaries, 3 replicas, started by the file):
// round trips per batch, a call sent again after a lost reply, a failover mid-stream.
import { readFileSync } from 'node:fs';
import { Cluster } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '@vigil/errors';
import {
  InMemoryFeatureStore,
  eventTime,
  parseRuleSet,
  requiredFeatures,
  type FeatureBatchItem,
  type FeatureBatchResult,
} from '@vigil/rules';
import type { RedisClusterNode } from '@vigil/testing';
import {
  REDIS_CLUSTER,
  SINGLE_NODE,
  roundTrips,
  type OpenedStores,
} from '../test-support/redis-store-targets.ts';
import { RedisClusterFeatureStore } from './redis-cluster-feature-store.ts';
import { createFeatureStoreMetrics } from './redis-feature-store-metrics.ts';
import {
  T0,
  countOf,
  itemFor,
  nextSequence,
  perCard,
  seenDevice,
  seenValue,
  tx,
} from './redis-feature-store-test-events.ts';

const ruleSet = parseRuleSet(
  readFileSync(new URL('../../config/rules.default.yaml', import.meta.url), 'utf8'),
);

/** A stream of card payments over a few accounts sharing cards, devices and IPs. */
function stream(runNo: number, count: number): FeatureBatchItem[] {
  const run = `s${runNo}`;
  return Array.from({ length: count }, (_, i) => {
    const scored = tx({
      at: T0 + i * 7_000,
      accountId: `${run}-a${i % 5}`,
      card: {
        fingerprint: `${run}-c${i % 7}`,
        bin: `4${String(nextSequence()).padStart(5, '0').slice(-5)}`,
        country: 'US',
      },
      device: { id: `${run}-d${i % 3}` },
      // Cross-account keys outlive a test: every run its own IPs.
      ip: `10.${(runNo >> 8) & 255}.${runNo & 255}.${i % 4}`,
      amount: { minor: 1_000 + (i % 9) * 700, currency: 'USD' },
      merchant: { id: `${run}-m${i % 2}`, mcc: '5411' },
      geo: { country: 'US', lat: 40.7, lon: -74 },
      account: { country: 'US', tier: 'basic' },
    });
    return {
      eventId: scored.event.eventId,
      accountId: scored.event.accountId,
      at: eventTime(scored),
      requests: requiredFeatures(ruleSet, scored),
      origin: `tx/0/${i}`,
      plan: ruleSet.fingerprint,
    };
  });
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the consumer does with a failed batch: the same batch again, after a pause. */
async function retried<T>(send: () => Promise<T>): Promise<{ value: T; failures: number }> {
  for (let failures = 0; ; failures += 1) {
    try {
      return { value: await send(), failures };
    } catch (error) {
      if (!classifyError(error).retryable || failures >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Values: what a decision is made from (a retried event is `replayed`, with the same values). */
function decisionInputs(results: readonly FeatureBatchResult[]) {
  return results.map(({ values }) => values);
}

describe('RedisClusterFeatureStore on a 3-primary, 3-replica cluster', () => {
  let cluster: OpenedStores;

  beforeAll(async () => {
    cluster = await REDIS_CLUSTER.open();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('gives the single-node store values, in one pipeline per primary per batch', async () => {
    const single = await SINGLE_NODE.open();
    try {
      const items = stream(nextSequence(), 96);
      const results: { single: FeatureBatchResult[]; cluster: FeatureBatchResult[] } = {
        single: [],
        cluster: [],
      };
      // Batches of 32, as the engine sends them (STORE_CHUNK_EVENTS).
      for (const batch of batches(items, 32)) {
        results.single.push(...(await single.store.computeBatch(batch)));
        results.cluster.push(...(await cluster.store.computeBatch(batch)));
      }
      expect(results.cluster).toEqual(results.single);
      const singleTrips = await roundTrips(single.metrics);
      const clusterTrips = await roundTrips(cluster.metrics);
      const calls = items.length;
      console.log(
        `round trips for ${calls} events in 3 batches of 32: single node ${singleTrips} (${singleTrips / calls} per event), cluster ${clusterTrips} (${(clusterTrips / 3).toFixed(1)} per batch, ${(clusterTrips / calls).toFixed(3)} per event, one per primary, in parallel)`,
      );
      expect(singleTrips).toBe(3);
      expect(clusterTrips).toBeGreaterThan(3);
      expect(clusterTrips).toBeLessThanOrEqual(3 * 3);
    } finally {
      await single.close();
    }
  });

  it('counts an event once when a call of it is sent again after its reply was lost', async () => {
    const fx = cluster.cluster!;
    const run = `lost${nextSequence()}`;
    const accountId = `${run}-acct`;
    // A card whose slot another primary serves than the account's.
    const accountOwner = await fx.owners(`{${accountId}}`);
    let card = '';
    let cardPrimary: RedisClusterNode | undefined;
    for (let i = 0; !cardPrimary; i += 1) {
      const { primary } = await fx.owners(`{${run}-card${i}}`);
      if (primary.port !== accountOwner.primary.port)
        [card, cardPrimary] = [`${run}-card${i}`, primary];
    }
    const event = (at: number) =>
      itemFor(tx({ at, accountId, card: { fingerprint: card }, device: { id: `${run}-dev` } }), [
        perCard,
        seenDevice,
      ]);
    // A client that gives up on a reply after 300 ms, as a batch's call would on a stalled node.
    const impatient = new Cluster(
      fx.startupNodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })),
      {
        redisOptions: { commandTimeout: 300, maxRetriesPerRequest: 0 },
      },
    );
    try {
      const store = new RedisClusterFeatureStore({
        redis: impatient,
        keyPrefix: cluster.keyPrefix,
        metrics: createFeatureStoreMetrics(new Registry()),
      });
      const first = event(T0);
      const [one] = await store.computeBatch([first]);
      expect(countOf(one, 0, first)).toEqual({ kind: 'count', value: 1 });

      // The card's primary stalls: the event's call there times out, and runs once it resumes.
      const second = { ...event(T0 + 1_000), origin: 'tx/0/2' };
      await cardPrimary.admin.client('PAUSE', 1_500, 'WRITE');
      await expect(store.computeBatch([second])).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      // The batch is retried: the card's marker says the event was applied there.
      const [again] = await store.computeBatch([second]);
      expect(again?.replayed).toBe(true);
      expect(countOf(again, 0, second)).toEqual({ kind: 'count', value: 2 });
      const third = event(T0 + 2_000);
      const [three] = await store.computeBatch([third]);
      expect(countOf(three, 0, third)).toEqual({ kind: 'count', value: 3 });
    } finally {
      impatient.disconnect();
    }
  });

  it('an event id reused for another event of the account: a duplicate, nothing decoded', async () => {
    const run = `reused${nextSequence()}`;
    const accountId = `${run}-acct`;
    const first = {
      ...itemFor(tx({ accountId, device: { id: `${run}-dev` } }), [seenDevice]),
      origin: 'tx/0/1',
      plan: 'rules-a',
    };
    const other = tx({
      accountId,
      card: { fingerprint: `${run}-card` },
      device: { id: `${run}-dev2` },
      at: first.at,
    });
    const reused = { ...itemFor(other, [perCard, seenDevice]), eventId: first.eventId };
    await cluster.store.computeBatch([first]);
    const [resent] = await cluster.store.computeBatch([
      { ...reused, origin: 'tx/0/2', plan: 'rules-a' },
    ]);
    expect(resent).toEqual({ replayed: true, duplicate: true, values: new Map() });
    const [retry] = await cluster.store.computeBatch([first]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    expect(countOf(retry, 0, first)).toEqual(seenValue(null, false));
  });

  it('keeps every count through a failover mid-stream (a replica promoted by CLUSTER FAILOVER)', async () => {
    const fx = cluster.cluster!;
    const runNo = nextSequence();
    const run = `s${runNo}`;
    const items = stream(runNo, 160);
    const model = new InMemoryFeatureStore();
    const expected: FeatureBatchResult[] = [];
    for (const batch of batches(items, 16)) expected.push(...(await model.computeBatch(batch)));

    const got: FeatureBatchResult[] = [];
    let failures = 0;
    let failover: Promise<void> | undefined;
    for (const [i, batch] of batches(items, 16).entries()) {
      // The primary of the busiest card's slot hands over while batches keep coming.
      if (i === 3) failover = fx.failover(`{${run}-c0}`);
      const sent = await retried(() => cluster.store.computeBatch(batch));
      failures += sent.failures;
      got.push(...sent.value);
      if (i >= 3 && i < 8) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await failover;
    console.log(`failover mid-stream: ${failures} batch retries`);
    expect(decisionInputs(got)).toEqual(decisionInputs(expected));
    // Nothing lost after it either: the next event of the card counts every earlier one.
    const after = stream(runNo, 161).slice(160);
    const [fromCluster] = await cluster.store.computeBatch(after);
    const [fromModel] = await model.computeBatch(after);
    expect(fromCluster?.values).toEqual(fromModel?.values);
  });
});
