import type { ChainableCommander, Redis } from 'ioredis';
import { VigilError, classifyError } from '@vigil/errors';
import {
  BUCKET_DETAIL_BYTES,
  DAILY_SLOT_MS,
  DEFAULT_LATENESS_HORIZON_MS,
  LAST_EVENT_RECORDS,
  MAX_LATE_BUCKETS,
  type FeatureBatchItem,
  type FeatureBatchResult,
  type FeatureStore,
  type FeatureValue,
  type ListMutation,
} from '@vigil/rules';
import { decodeLatestAt, decodeValue, encodeOp } from './redis-feature-store-codec.ts';
import { dedupeKeys } from './redis-feature-store-digests.ts';
import type { FeatureStoreMetrics } from './redis-feature-store-metrics.ts';
import { defineLuaCommands } from './redis-lua.ts';

export interface RedisFeatureStoreOptions {
  redis: Redis;
  /** Prepended to every key (tests use the fixture's unique prefix). */
  keyPrefix?: string;
  /**
   * How long an event id (and the origin of its first delivery) is remembered for dedupe, at
   * least: entries of an account that stays active are dropped by the hour, up to ~1/8 later.
   */
  dedupeTtlMs?: number;
  /**
   * How long an event's first results are kept (at most dedupeTtlMs), so a delivery retried
   * before its batch committed reproduces its first decision. A later retry is still told
   * apart and changes nothing, but reads its features as of its time, read only.
   */
  resultsTtlMs?: number;
  /**
   * How late (behind the newest event of the same state) an event may arrive and still read its
   * features exactly: counter buckets, distinct members, seen values and last-event records are
   * kept this much longer than their window or retention. Later events may under-count.
   */
  latenessHorizonMs?: number;
  metrics?: FeatureStoreMetrics;
}

const DEFAULT_PREFIX = 'vigil:risk:';
const DEFAULT_DEDUPE_TTL_MS = 24 * 3_600_000;
// A retry comes after a rebalance (seconds) or an outage the batch retried through: 30 min
// covers those at ~1/48 of a day's memory per event; longer outages fall back to read only.
const DEFAULT_RESULTS_TTL_MS = 30 * 60_000;
// The script keeps the hour of an entry mod 2^16 (feature-store-dedupe.lua): a window of at
// most a year keeps every entry's age unambiguous.
const MAX_DEDUPE_TTL_MS = 365 * 24 * 3_600_000;

type PipelineResult = [Error | null, unknown][] | null;

/** The feature script (KEYS / ARGV in lua/feature-store.lua), in the parts it is written in. */
const COMMANDS = {
  vigilFeatures: {
    parts: [
      'feature-store',
      'feature-store-dedupe',
      'feature-store-buckets',
      'feature-store-members',
      'feature-store-run',
    ],
  },
};
/** A pipeline with the feature script registered (defineCommand): key count, keys, arguments. */
type FeaturePipeline = ChainableCommander & {
  vigilFeatures(
    numberOfKeys: number,
    ...keysAndArgs: (string | number | Buffer)[]
  ): ChainableCommander;
};

/**
 * Feature store on a single Redis node: one pipelined round trip per batch, one atomic Lua call
 * per event (the feature script registered with defineCommand: ioredis sends EVALSHA and the
 * script itself on NOSCRIPT, which is safe because a rejected call changed nothing).
 *
 * Dedupe (feature-store-dedupe.lua): one hash per account holds, for every event id of the dedupe
 * window, an 8-byte digest of the id → the hour it was recorded and a 6-byte digest of its first
 * delivery's origin, beside the account's latest event time: a few tens of bytes per event
 * instead of a key per event (test/bench/results/dedupe-memory.md). Entries are dropped by the
 * hour once older than the window, the idle hash expires. So each event id gets one decision
 * within the window; a retry (same origin) is told from a resend (another origin); the first
 * results live `resultsTtlMs` in a key of their own, read only by a replay, so a retry before its
 * batch committed gets exactly its first features; after that, or after a rule-set change, a
 * replay reads its features as of its time without updating.
 *
 * Redis Cluster trade-off: an event's script touches its account's slot (`{accountId}`) and the
 * slots of its card/device/IP/BIN keys. That is only allowed, and atomic, on a single node or
 * when every key shares a slot. A cluster deployment must either split each event into one call
 * per slot (losing atomicity across dimensions, keeping it per key) or hash-tag every key by
 * account (losing cross-account dimensions). Vigil targets one primary (plus replicas) for now.
 */
export class RedisFeatureStore implements FeatureStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly dedupeTtlMs: number;
  private readonly resultsTtlMs: number;
  private readonly latenessHorizonMs: number;
  private readonly metrics: FeatureStoreMetrics | undefined;

  constructor(options: RedisFeatureStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? DEFAULT_PREFIX;
    // Whole ms (the script sets them as PX / formats them as integers); never shorter than asked.
    this.dedupeTtlMs = Math.ceil(options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS);
    if (!(this.dedupeTtlMs > 0 && this.dedupeTtlMs <= MAX_DEDUPE_TTL_MS))
      throw new VigilError(
        'INVALID_CONFIG',
        `dedupeTtlMs must be more than 0 and at most a year, got ${this.dedupeTtlMs}`,
        { retryable: false },
      );
    this.resultsTtlMs = Math.min(
      Math.ceil(options.resultsTtlMs ?? DEFAULT_RESULTS_TTL_MS),
      this.dedupeTtlMs,
    );
    const horizon = options.latenessHorizonMs ?? DEFAULT_LATENESS_HORIZON_MS;
    if (!Number.isFinite(horizon) || horizon < 0)
      throw new VigilError(
        'INVALID_CONFIG',
        `latenessHorizonMs must be a non-negative number of ms, got ${horizon}`,
        { retryable: false },
      );
    // Whole ms (the script formats it as an integer); rounded up, never shorter than asked.
    this.latenessHorizonMs = Math.ceil(horizon);
    this.metrics = options.metrics;
    defineLuaCommands(this.redis, COMMANDS);
  }

  async computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]> {
    if (batch.length === 0) return [];
    const results = await this.send('compute_batch', (pipeline) => {
      for (const item of batch) {
        const call = this.scriptArgs(item);
        pipeline.vigilFeatures(call.numKeys, ...call.args);
      }
    });
    return batch.map((item, index) => this.decode(item, results[index]));
  }

  async applyListMutations(mutations: readonly ListMutation[]): Promise<void> {
    if (mutations.length === 0) return;
    const results = await this.send('list_mutations', (pipeline) => {
      for (const mutation of mutations) {
        const key = this.prefix + mutation.key;
        if (mutation.op === 'remove') pipeline.del(key);
        else if (mutation.ttlMs !== undefined) pipeline.set(key, '1', 'PX', mutation.ttlMs);
        else pipeline.set(key, '1');
      }
    });
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw classifyError(failed[0]);
  }

  private scriptArgs(item: FeatureBatchItem): {
    numKeys: number;
    args: (string | number | Buffer)[];
  } {
    const origin = item.origin ?? '';
    const dedupe = dedupeKeys(this.prefix, item.accountId, item.eventId, origin);
    const keys = [dedupe.account, dedupe.results];
    const keyIndex = new Map<string, number>();
    const ops: string[] = [];
    for (const request of item.requests) {
      // Counters of one entity share a hash (see the script); other features stand alone.
      const state = request.group ?? { key: request.id, field: '' };
      let index = keyIndex.get(state.key);
      if (index === undefined) {
        keys.push(this.prefix + state.key);
        index = keys.length; // Lua's KEYS is 1-based
        keyIndex.set(state.key, index);
      }
      for (const value of encodeOp(request.op, index, state.field)) ops.push(value);
    }
    const numKeys = keys.length;
    const args: (string | number | Buffer)[] = keys; // extended in place: no copy per event
    args.push(
      item.at,
      this.dedupeTtlMs,
      item.requests.length,
      dedupe.origin,
      item.plan ?? '',
      this.resultsTtlMs,
      item.readOnly ? '1' : '0',
      this.latenessHorizonMs,
      BUCKET_DETAIL_BYTES,
      DAILY_SLOT_MS,
      MAX_LATE_BUCKETS,
      LAST_EVENT_RECORDS,
      dedupe.event,
    );
    for (const value of ops) args.push(value);
    return { numKeys, args };
  }

  private decode(
    item: FeatureBatchItem,
    result: [Error | null, unknown] | undefined,
  ): FeatureBatchResult {
    if (!result)
      throw new VigilError('FEATURE_STORE_FAILED', 'pipeline returned no result', {
        retryable: true,
      });
    const [error, raw] = result;
    if (error) throw classifyError(error);
    if (
      !Array.isArray(raw) ||
      raw.length !== item.requests.length + 2 ||
      (raw[0] !== '0' && raw[0] !== '1' && raw[0] !== '2')
    ) {
      throw new VigilError(
        'FEATURE_STATE_CORRUPT',
        `script returned an unexpected shape for event ${item.eventId}`,
        { retryable: false },
      );
    }
    const values = new Map<string, FeatureValue>();
    item.requests.forEach((request, index) =>
      values.set(request.id, decodeValue(request.op, raw[index + 2])),
    );
    const replayed = raw[0] !== '0';
    const duplicate = raw[0] === '2';
    if (replayed) this.metrics?.replays.inc({ kind: duplicate ? 'duplicate' : 'retry' });
    return { replayed, duplicate, values, latestAt: decodeLatestAt(raw[1]) };
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
