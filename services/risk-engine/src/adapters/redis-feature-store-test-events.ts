// Event and batch builders shared by the Redis feature store integration tests.
import { transactionEvent, type ScoredEvent } from '@vigil/events';
import {
  InMemoryFeatureStore,
  eventTime,
  resolveFeature,
  type FeatureBatchItem,
  type FeatureBatchResult,
  type FeatureSpec,
  type FeatureStore,
} from '@vigil/rules';

export const T0 = Date.parse('2026-11-24T00:00:00.000Z');
let sequence = 0;

/** A fresh number per call: unique ids, keys and IPs across tests that share one Redis prefix. */
export function nextSequence(): number {
  sequence += 1;
  return sequence;
}

export function tx(fields: Record<string, unknown> & { at?: number } = {}): ScoredEvent {
  const { at = T0, ...rest } = fields;
  sequence += 1;
  const event = transactionEvent.parse({
    schemaVersion: 1,
    eventId: `it-${sequence}`,
    occurredAt: new Date(at).toISOString(),
    accountId: 'acct-1',
    transactionId: `t-${sequence}`,
    type: 'payment',
    status: 'approved',
    amount: { minor: 1_000, currency: 'USD' },
    channel: 'ecommerce',
    ...rest,
  });
  return { kind: 'transaction', event };
}

/** A seen_before value: last and first sighting of the value, and the dimension's earliest. */
export function seenValue(
  lastSeenAt: number | null,
  known: boolean,
  firstSeenAt: number | null = null,
  historySince: number | null = null,
) {
  return { kind: 'seen', lastSeenAt, known, firstSeenAt, historySince } as const;
}

/** A batch item asking for the given features (by local name) of one event. */
export function itemFor(scored: ScoredEvent, specs: FeatureSpec[]): FeatureBatchItem {
  const at = eventTime(scored);
  const requests = specs.map((spec) => {
    const request = resolveFeature(spec, scored, at);
    if (!request) throw new Error(`feature not applicable: ${JSON.stringify(spec)}`);
    return request;
  });
  return { eventId: scored.event.eventId, accountId: scored.event.accountId, at, requests };
}

/**
 * Each item as a batch of its own (as a late or re-read event would come) through `store` and
 * through a fresh reference model: both stores' results, in item order.
 */
export async function alongsideModel(
  store: FeatureStore,
  items: readonly FeatureBatchItem[],
): Promise<{ fromStore: FeatureBatchResult[]; fromModel: FeatureBatchResult[] }> {
  const model = new InMemoryFeatureStore();
  const fromStore: FeatureBatchResult[] = [];
  const fromModel: FeatureBatchResult[] = [];
  for (const item of items) {
    fromStore.push(...(await store.computeBatch([item])));
    fromModel.push(...(await model.computeBatch([item])));
  }
  return { fromStore, fromModel };
}

export function countOf(
  result: { values: ReadonlyMap<string, unknown> } | undefined,
  index: number,
  item: FeatureBatchItem,
): unknown {
  const id = item.requests[index]?.id ?? '';
  return result?.values.get(id);
}

export const perCard: FeatureSpec = {
  kind: 'counter',
  dimension: 'card',
  measure: 'count',
  windowMs: 60_000,
  bucketMs: 5_000,
  filter: {},
};

/** Devices an account was seen on within a day. */
export const seenDevice: Extract<FeatureSpec, { kind: 'seen_before' }> = {
  kind: 'seen_before',
  dimension: 'account',
  of: 'device',
  lookbackMs: 86_400_000,
  filter: {},
};
