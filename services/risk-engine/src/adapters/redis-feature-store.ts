import type { ChainableCommander, Pipeline, Redis } from 'ioredis';
import { VigilError, classifyError } from '@vigil/errors';
import {
  type FeatureBatchItem,
  type FeatureBatchResult,
  type FeatureStore,
  type FeatureValue,
  type ListMutation,
} from '@vigil/rules';
import {
  FeatureScriptStore,
  decodeFeatureReply,
  featureCall,
  featureScript,
  type RedisFeatureStoreSettings,
} from './redis-feature-store-call.ts';
import { dedupeKeys } from './redis-feature-store-digests.ts';
import { EncodedScript } from './redis-encoded-script.ts';
import { luaSource } from './redis-lua.ts';

export interface RedisFeatureStoreOptions extends RedisFeatureStoreSettings {
  redis: Redis;
}

type PipelineResult = [Error | null, unknown][] | null;

/** The feature script (KEYS / ARGV in lua/feature-store.lua), in the parts it is written in. */
const COMMANDS = { vigilFeatures: featureScript('feature-store-dedupe') };
/** What a pipeline is at run time: calls of the encoded feature script go in as commands. */
type FeaturePipeline = ChainableCommander & Pick<Pipeline, 'sendCommand'>;

/**
 * Feature store on a single Redis node: one pipelined round trip per batch, one atomic Lua call
 * per event (EVALSHA, the script itself on a connection's first call and after NOSCRIPT, which
 * is safe because a rejected call changed nothing). The calls are encoded by EncodedScript, not
 * by ioredis (the script is still registered with defineCommand, for whoever calls it by name).
 *
 * Dedupe (feature-store-dedupe.lua): hashes shared by the events of one hour of event time hold,
 * for every (account, event id) of the dedupe window, an 8-byte digest → a 6-byte digest of its
 * first delivery's origin: ~20 bytes per event, no key per account or event
 * (test/bench/results/dedupe-memory.md). An hour's hashes expire whole once the window has passed
 * since their last write. So each event id gets one decision
 * within the window; a retry (same origin) is told from a resend (another origin); the first
 * results live `resultsTtlMs` in a key of their own, read only by a replay, so a retry before its
 * batch committed gets exactly its first features; after that, or after a rule-set change, a
 * replay reads its features as of its time without updating.
 *
 * One node only: an event's script touches its account's slot (`{accountId}`) and the slots of
 * its card/device/IP/BIN keys, which a Redis Cluster refuses in one call. On a cluster,
 * RedisClusterFeatureStore splits each event per slot.
 */
export class RedisFeatureStore extends FeatureScriptStore<Redis> implements FeatureStore {
  private readonly script = new EncodedScript(luaSource(COMMANDS.vigilFeatures));

  constructor(options: RedisFeatureStoreOptions) {
    super(options, COMMANDS);
  }

  async computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]> {
    if (batch.length === 0) return [];
    const results = await this.send('compute_batch', (pipeline) => {
      for (const item of batch) {
        const call = this.scriptArgs(item);
        pipeline.sendCommand(this.script.command(this.redis, call.numKeys, call.args));
      }
    });
    return batch.map((item, index) => this.decode(item, results[index]));
  }

  async applyListMutations(mutations: readonly ListMutation[]): Promise<void> {
    if (mutations.length === 0) return;
    const results = await this.send('list_mutations', (pipeline) => {
      for (const mutation of mutations) {
        const key = this.settings.prefix + mutation.key;
        if (mutation.op === 'remove') pipeline.del(key);
        else if (mutation.ttlMs !== undefined) pipeline.set(key, '1', 'PX', mutation.ttlMs);
        else pipeline.set(key, '1');
      }
    });
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw classifyError(failed[0]);
  }

  private scriptArgs(item: FeatureBatchItem) {
    const dedupe = dedupeKeys(
      this.settings.prefix,
      item.accountId,
      item.eventId,
      item.origin ?? '',
      item.at,
    );
    return featureCall(this.settings, item, dedupe, item.requests);
  }

  private decode(
    item: FeatureBatchItem,
    result: [Error | null, unknown] | undefined,
  ): FeatureBatchResult {
    const values = new Map<string, FeatureValue>();
    return this.result(decodeFeatureReply(item.eventId, item.requests, result, values), values);
  }

  private async send(
    op: string,
    fill: (pipeline: FeaturePipeline) => void,
  ): Promise<[Error | null, unknown][]> {
    const pipeline = this.redis.pipeline() as FeaturePipeline;
    fill(pipeline);
    this.metrics?.roundTrips.inc({ op });
    const stop = this.metrics?.redisSeconds.startTimer({ op });
    let results: PipelineResult;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw classifyError(error);
    } finally {
      stop?.();
    }
    if (!results)
      throw new VigilError('FEATURE_STORE_FAILED', 'Redis pipeline was discarded', {
        retryable: true,
      });
    return results;
  }
}
