// Same decisions on both Redis deployments: a simulator stream (benign customers and attack
// episodes) decided by the engine's decision path (decideBatch: features, evaluation, late-event
// revisits, retro-hunts) on the single-node stores and on a real Redis Cluster (3 primaries,
// 3 replicas, started by this file) gives the same decision per eventId.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import { DEFAULT_RULES_FILE } from '@vigil/risk-engine/src/env.ts';
import {
  REDIS_CLUSTER,
  SINGLE_NODE,
  roundTrips,
  type OpenedStores,
} from '@vigil/risk-engine/src/test-support/redis-store-targets.ts';
import type { RiskDecision } from '@vigil/events';
import { decideBatch, eventTime, type RuleSet } from '@vigil/rules';
import { generateTraffic, scoredEventOf, type SimulatedRecord } from '@vigil/simulator';

/** The engine's batch size (MAX_BATCH_RECORDS default is 500; the harness runs 100). */
const BATCH = 100;
/** At most this many events of the stream (seed 17, 1,000 customers, 2 h: 824). */
const EVENTS = 1_500;

/** What a decision says, without when it was made. */
function verdict(decision: RiskDecision) {
  const { eventId, outcome, score, reasons, shadowReasons, followUp } = decision;
  return { eventId, outcome, score, reasons, shadowReasons, followUp };
}

async function decideAll(opened: OpenedStores, ruleSet: RuleSet, records: SimulatedRecord[]) {
  const byEvent = new Map<string, ReturnType<typeof verdict>[]>();
  for (let start = 0; start < records.length; start += BATCH) {
    const events = records.slice(start, start + BATCH).map((record, i) => ({
      scored: scoredEventOf(record),
      origin: `${record.topic}/0/${start + i}`,
    }));
    // The batch's "now": its last event's time, the same for both stores.
    const now = eventTime(events.at(-1)!.scored);
    const batch = await decideBatch(
      { ruleSet, store: opened.store, memory: opened.memory, now },
      events,
    );
    for (const { decision } of [...batch.decided, ...batch.followUps]) {
      const list = byEvent.get(decision.eventId) ?? [];
      list.push(verdict(decision));
      byEvent.set(decision.eventId, list);
    }
  }
  return byEvent;
}

describe('decisions on a single Redis node and on a Redis Cluster', () => {
  const opened: OpenedStores[] = [];
  beforeAll(async () => {
    opened.push(await SINGLE_NODE.open(), await REDIS_CLUSTER.open());
  });
  afterAll(async () => {
    for (const stores of opened) await stores.close();
  });

  it('gives the same decision per eventId for the same simulator stream', async () => {
    const ruleSet = await loadRuleSetFile(DEFAULT_RULES_FILE);
    const { records } = generateTraffic({
      seed: 17,
      accounts: 1_000,
      start: '2026-11-24T00:00:00.000Z',
      duration: '2h',
    });
    const stream: SimulatedRecord[] = [];
    for (const planned of records) {
      stream.push(planned.record);
      if (stream.length === EVENTS) break;
    }
    const [single, cluster] = opened;
    const fromSingle = await decideAll(single!, ruleSet, stream);
    const fromCluster = await decideAll(cluster!, ruleSet, stream);

    expect(fromCluster).toEqual(fromSingle);
    const outcomes = new Map<string, number>();
    for (const list of fromSingle.values())
      for (const { outcome } of list) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const batches = Math.ceil(stream.length / BATCH);
    const trips = await Promise.all(opened.map((stores) => roundTrips(stores.metrics)));
    console.log(
      `decisions per outcome: ${JSON.stringify(Object.fromEntries(outcomes))}; feature store round trips for ${stream.length} events in ${batches} batches: single node ${trips[0]}, cluster ${trips[1]} (${(trips[1]! / batches).toFixed(1)} per batch)`,
    );
    // Not a vacuous match: the stream trips rules.
    for (const record of stream) expect(fromSingle.has(record.event.eventId)).toBe(true);
    expect([...outcomes.keys()].filter((o) => o !== 'allow').length).toBeGreaterThan(0);
  });
});
