import type { ChainableCommander, Cluster } from 'ioredis';
import type {
  FeatureBatchItem,
  FeatureBatchResult,
  FeatureRequest,
  FeatureStore,
  FeatureValue,
  ListMutation,
} from '@vigil/rules';
import {
  FeatureScriptStore,
  decodeFeatureReply,
  featureCall,
  featureScript,
  type FeatureReply,
  type RedisFeatureStoreSettings,
} from './redis-feature-store-call.ts';
import { accountTag, dedupeKeys, slotDedupeState } from './redis-feature-store-digests.ts';
import { keySlot } from './redis-key-slot.ts';
import { execPipelined, valuesOrThrow, type PipelinedCall } from './redis-pipelines.ts';

export interface RedisClusterFeatureStoreOptions extends RedisFeatureStoreSettings {
  redis: Cluster;
}

/** The feature script with the account's dedupe, and with a slot's (lua/feature-store.lua). */
const COMMANDS = {
  vigilFeatures: featureScript('feature-store-dedupe'),
  vigilSlotFeatures: featureScript('feature-store-slot-dedupe'),
};
type Script = (numberOfKeys: number, ...keysAndArgs: (string | number | Buffer)[]) => unknown;
type FeaturePipeline = ChainableCommander & Record<keyof typeof COMMANDS, Script>;

/** One call of an event: its features in one slot. */
interface SlotCall {
  requests: FeatureRequest[];
  /** The account's slot: this call says whether the event is a replay. */
  account: boolean;
}

/**
 * The feature store on a Redis Cluster. An event's features live in several slots (its
 * account's `{accountId}` keys, and each card, device, IP, BIN, merchant or beneficiary under its
 * own tag), and a script may only touch one slot, so each event is split per slot:
 *
 * - one call in the account's slot: the single-node feature script on the account's keys (and any
 *   entity key that happens to share the slot), with the dedupe hashes of the account's slot and
 *   the event's hour; its status says whether the event is a replay, as on one node;
 * - one call per other slot the event uses, with that slot's features: the same script with a
 *   per-slot dedupe part (feature-store-slot-dedupe.lua), a marker per (event, slot) checked and
 *   set in the call that writes, so a call sent again (a lost reply, a retried batch after another
 *   slot failed, a failover) never counts twice, and a replay gets the slot's first results.
 *
 * Each call is atomic on its slot; an event is no longer atomic across slots, which changes no
 * value: every feature reads and writes one key, and calls of one slot are applied in the order
 * made. A batch's calls are pipelined per primary, all at once: one round trip to each primary
 * the batch touches, in parallel (vigil_risk_redis_round_trips_total counts each).
 */
export class RedisClusterFeatureStore extends FeatureScriptStore<Cluster> implements FeatureStore {
  constructor(options: RedisClusterFeatureStoreOptions) {
    super(options, COMMANDS);
  }

  async computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]> {
    if (batch.length === 0) return [];
    const calls: PipelinedCall<FeaturePipeline>[] = [];
    const split = batch.map((item) => this.split(item, calls));
    const replies = await this.send('compute_batch', calls);
    let next = 0;
    return batch.map((item, i) => {
      const found = new Map<string, FeatureValue>();
      let account: FeatureReply | undefined;
      for (const call of split[i]!) {
        const reply = replies[next++];
        // The account's call comes first: a duplicate's other calls have nothing to decode.
        if (account?.status === '2') continue;
        const decoded = decodeFeatureReply(item.eventId, call.requests, reply, found);
        if (call.account) account = decoded;
      }
      if (account!.status === '2') return this.result(account!, found);
      // In request order, as on one node.
      const values = new Map<string, FeatureValue>();
      for (const request of item.requests) values.set(request.id, found.get(request.id)!);
      return this.result(account!, values);
    });
  }

  async applyListMutations(mutations: readonly ListMutation[]): Promise<void> {
    if (mutations.length === 0) return;
    const calls = mutations.map((mutation): PipelinedCall => {
      const key = this.settings.prefix + mutation.key;
      return {
        key,
        queue: (pipeline) => {
          if (mutation.op === 'remove') pipeline.del(key);
          else if (mutation.ttlMs !== undefined) pipeline.set(key, '1', 'PX', mutation.ttlMs);
          else pipeline.set(key, '1');
        },
      };
    });
    valuesOrThrow(await this.send('list_mutations', calls));
  }

  /** Adds the item's calls (its account's slot first) to `calls`; returns what each carries. */
  private split(item: FeatureBatchItem, calls: PipelinedCall<FeaturePipeline>[]): SlotCall[] {
    const { prefix } = this.settings;
    const accountSlot = keySlot(accountTag(item.accountId));
    const dedupe = dedupeKeys(
      prefix,
      item.accountId,
      item.eventId,
      item.origin ?? '',
      item.at,
      accountSlot,
    );
    const bySlot = new Map<number, FeatureRequest[]>([[accountSlot, []]]);
    for (const request of item.requests) {
      const slot = keySlot(prefix + (request.group?.key ?? request.id));
      const requests = bySlot.get(slot);
      if (requests) requests.push(request);
      else bySlot.set(slot, [request]);
    }
    const made: SlotCall[] = [];
    for (const [slot, requests] of bySlot) {
      const account = slot === accountSlot;
      const state = account
        ? dedupe
        : slotDedupeState(prefix, slot, item.at, dedupe.event, dedupe.origin);
      const call = featureCall(this.settings, item, state, requests);
      const script = account ? 'vigilFeatures' : 'vigilSlotFeatures';
      calls.push({
        key: state.keys[0],
        queue: (pipeline) => pipeline[script](call.numKeys, ...call.args),
      });
      made.push({ requests, account });
    }
    return made;
  }

  private async send(op: string, calls: readonly PipelinedCall<FeaturePipeline>[]) {
    const stop = this.metrics?.redisSeconds.startTimer({ op });
    try {
      return await execPipelined(this.redis, calls, () => this.metrics?.roundTrips.inc({ op }));
    } finally {
      stop?.();
    }
  }
}
