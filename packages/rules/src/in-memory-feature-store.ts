import type { FeatureBatchItem, FeatureOp } from './feature-request.ts';
import type { FeatureBatchResult, FeatureStore } from './feature-store.ts';
import type { FeatureValue } from './feature-values.ts';
import type { LastEventRecord } from './feature-spec.ts';
import type { ListMutation } from './list-mutations.ts';
import { windowBuckets, bucketIndex } from './windows.ts';

/**
 * Reference implementation of the feature contract in process memory: same semantics as the
 * Redis script (bucketed windows, read-before-write for seen/last/average, replay returns the
 * first results) without TTLs or caps. For unit tests of rules and of the engine around them,
 * and as the model the Redis store is checked against; not for production (no sharing, no bound).
 */
export class InMemoryFeatureStore implements FeatureStore {
  private readonly hashes = new Map<string, Map<string, number>>();
  private readonly records = new Map<string, LastEventRecord>();
  private readonly lists = new Set<string>();
  private readonly processed = new Map<
    string,
    { origin: string; plan: string; values: Map<string, FeatureValue> }
  >();

  computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]> {
    return Promise.resolve(batch.map((item) => this.computeOne(item)));
  }

  applyListMutations(mutations: readonly ListMutation[]): Promise<void> {
    for (const mutation of mutations) {
      if (mutation.op === 'add') this.lists.add(mutation.key);
      else this.lists.delete(mutation.key);
    }
    return Promise.resolve();
  }

  private computeOne(item: FeatureBatchItem): FeatureBatchResult {
    const dedupeKey = `${item.accountId}\u0000${item.eventId}`;
    const origin = item.origin ?? '';
    const plan = item.plan ?? '';
    const previous = this.processed.get(dedupeKey);
    const firstValues = previous?.plan === plan ? previous.values : undefined;
    const values = new Map<string, FeatureValue>();
    for (const request of item.requests) {
      values.set(
        request.id,
        firstValues?.get(request.id) ??
          this.apply(request.id, request.op, item.at, previous === undefined),
      );
    }
    if (!previous) this.processed.set(dedupeKey, { origin, plan, values });
    return {
      replayed: previous !== undefined,
      duplicate: previous !== undefined && previous.origin !== origin,
      values,
    };
  }

  private hash(key: string): Map<string, number> {
    let hash = this.hashes.get(key);
    if (!hash) {
      hash = new Map();
      this.hashes.set(key, hash);
    }
    return hash;
  }

  private apply(key: string, op: FeatureOp, at: number, write: boolean): FeatureValue {
    const hash = this.hash(key);
    switch (op.kind) {
      case 'counter': {
        const bucket = String(bucketIndex(at, op.bucketMs));
        if (write && op.increment > 0) hash.set(bucket, (hash.get(bucket) ?? 0) + op.increment);
        const { first, last } = windowBuckets(at, op.windowMs, op.bucketMs);
        let sum = 0;
        for (let b = first; b <= last; b += 1) sum += hash.get(String(b)) ?? 0;
        return { kind: 'count', value: sum };
      }
      case 'daily':
        if (write && op.increment > 0) hash.set('total', (hash.get('total') ?? 0) + op.increment);
        return { kind: 'count', value: hash.get('total') ?? 0 };
      case 'distinct': {
        if (write && op.member !== null)
          hash.set(op.member, Math.max(hash.get(op.member) ?? at, at));
        let count = 0;
        for (const seenAt of hash.values()) if (seenAt > at - op.windowMs) count += 1;
        return { kind: 'count', value: count };
      }
      case 'seen_before': {
        const previous = hash.get(op.member);
        const known = hash.size > 0;
        if (write && op.record && (previous === undefined || previous < at))
          hash.set(op.member, at);
        return { kind: 'seen', lastSeenAt: previous ?? null, known };
      }
      case 'last_event': {
        const previous = this.records.get(key) ?? null;
        if (write && op.record && (!previous || previous.at <= op.record.at))
          this.records.set(key, op.record);
        return { kind: 'last', record: previous };
      }
      case 'average': {
        const count = hash.get('n') ?? 0;
        const sum = hash.get('sum') ?? 0;
        if (write && op.sample !== null) {
          hash.set('n', count + 1);
          hash.set('sum', sum + op.sample);
        }
        return { kind: 'average', count, mean: count === 0 ? 0 : sum / count };
      }
      case 'list':
        return { kind: 'listed', listed: this.lists.has(key) };
    }
  }
}
