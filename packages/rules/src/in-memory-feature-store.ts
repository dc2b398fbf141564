import { firstResultsTag } from './first-results-tag.ts';
import type { FeatureBatchItem, FeatureOp } from './feature-request.ts';
import type { FeatureBatchResult, FeatureStore } from './feature-store.ts';
import type { FeatureValue } from './feature-values.ts';
import type { FeatureMode } from './feature-state-ops.ts';
import { FeatureStates } from './feature-states.ts';
import type { ListMutation } from './list-mutations.ts';

/**
 * Reference implementation of the feature contract in process memory: the same as-of-event-time
 * semantics as the Redis script (bucket detail and its cap, first/last per seen value, latest
 * sighting per distinct member, the 4 newest last-event records, replay returns the first
 * results) without TTLs, the lateness horizon or the member caps. For unit tests of rules and of
 * the engine around them, and as the model the Redis store is checked against; not for
 * production (no sharing, no bound).
 */
export class InMemoryFeatureStore implements FeatureStore {
  /**
   * `redelivered`: which events may be delivered again (by account and event id); only theirs
   * are remembered for dedupe and replay. Default: every event, as Redis does. A replay of a
   * known history passes those it holds more than once: a store that keeps the first results of
   * every event would hold (and make the garbage collector copy) all of them.
   */
  constructor(
    private readonly options: {
      redelivered?: (accountId: string, eventId: string) => boolean;
    } = {},
  ) {}

  private readonly states = new FeatureStates<string, string>();
  private readonly lists = new Set<string>();
  /** Per event id: its first processing, with the values in request order (as Redis keeps them). */
  private readonly processed = new Map<
    string,
    { origin: string; plan: string; values: FeatureValue[] }
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
    if (item.readOnly) {
      const values = new Map<string, FeatureValue>();
      for (const request of item.requests)
        values.set(request.id, this.apply(request.id, request.op, item.at, 'readOnly'));
      return { replayed: false, duplicate: false, values };
    }
    // An event that is not delivered again was never remembered: no key to make or look up.
    const remembered = this.options.redelivered?.(item.accountId, item.eventId) ?? true;
    const dedupeKey = remembered ? `${item.accountId}\u0000${item.eventId}` : '';
    const origin = item.origin ?? '';
    const plan = firstResultsTag(item.plan, item.requests);
    const previous = remembered ? this.processed.get(dedupeKey) : undefined;
    const duplicate = previous !== undefined && previous.origin !== origin;
    // A duplicate delivery gets no decision: no values, as from Redis (whose first results may be
    // another event's when an upstream reused the id).
    if (duplicate) return { replayed: true, duplicate, values: new Map() };
    // The first results serve a replay that asks for the same features (same tag), by position
    // like the Redis script's: ids are not kept, a replay of millions of events would hold
    // every one.
    const first = previous?.plan === plan ? previous : undefined;
    const mode: FeatureMode = previous ? 'replay' : 'write';
    const values = new Map<string, FeatureValue>();
    const inOrder: FeatureValue[] = [];
    for (let i = 0; i < item.requests.length; i += 1) {
      const request = item.requests[i]!;
      const value = first ? first.values[i]! : this.apply(request.id, request.op, item.at, mode);
      values.set(request.id, value);
      inOrder.push(value);
    }
    if (!previous && remembered) this.processed.set(dedupeKey, { origin, plan, values: inOrder });
    return {
      replayed: previous !== undefined,
      duplicate: false,
      values,
    };
  }

  private apply(key: string, op: FeatureOp, at: number, mode: FeatureMode): FeatureValue {
    if (op.kind === 'list') return { kind: 'listed', listed: this.lists.has(key) };
    return this.states.apply(key, op, at, mode);
  }
}
