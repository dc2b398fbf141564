import { VigilError, classifyError } from '@vigil/errors';
import {
  BUCKET_DETAIL_BYTES,
  DAILY_SLOT_MS,
  DEFAULT_LATENESS_HORIZON_MS,
  LAST_EVENT_RECORDS,
  MAX_LATE_BUCKETS,
  firstResultsTag,
  type FeatureBatchItem,
  type FeatureBatchResult,
  type FeatureRequest,
  type FeatureValue,
} from '@vigil/rules';
import { ARGS_PER_FEATURE, decodeValue, encodeOp } from './redis-feature-store-codec.ts';
import type { RedisClient } from './redis-client.ts';
import type { FeatureStoreMetrics } from './redis-feature-store-metrics.ts';
import { defineLuaCommands, type LuaCommand } from './redis-lua.ts';
import { packOperands } from './redis-packed-operands.ts';

export interface RedisFeatureStoreSettings {
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

/** The settings as the feature script takes them: whole ms, validated. */
export interface FeatureScriptSettings {
  prefix: string;
  dedupeTtlMs: number;
  resultsTtlMs: number;
  latenessHorizonMs: number;
}

const DEFAULT_PREFIX = 'vigil:risk:';
const DEFAULT_DEDUPE_TTL_MS = 24 * 3_600_000;
// A retry comes after a rebalance (seconds) or an outage the batch retried through: 30 min
// covers those at ~1/48 of a day's memory per event; longer outages fall back to read only.
const DEFAULT_RESULTS_TTL_MS = 30 * 60_000;
// The script keeps the hour of an entry mod 2^16 (feature-store-dedupe.lua): a window of at
// most a year keeps every entry's age unambiguous.
const MAX_DEDUPE_TTL_MS = 365 * 24 * 3_600_000;

/** The feature script's parts after its dedupe part (KEYS / ARGV in lua/feature-store.lua). */
const FEATURE_PARTS = ['feature-store-buckets', 'feature-store-members', 'feature-store-run'];

/**
 * The feature script with a dedupe part: `feature-store-dedupe` (per account, beside the
 * account's latest event time) or `feature-store-slot-dedupe` (per cluster slot and event hour).
 */
export function featureScript(dedupePart: string): LuaCommand {
  return { parts: ['byte-order', 'feature-store', dedupePart, ...FEATURE_PARTS] };
}

export function featureScriptSettings(options: RedisFeatureStoreSettings): FeatureScriptSettings {
  // Whole ms (the script sets them as PX / formats them as integers); never shorter than asked.
  const dedupeTtlMs = Math.ceil(options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS);
  if (!(dedupeTtlMs > 0 && dedupeTtlMs <= MAX_DEDUPE_TTL_MS))
    throw new VigilError(
      'INVALID_CONFIG',
      `dedupeTtlMs must be more than 0 and at most a year, got ${dedupeTtlMs}`,
      { retryable: false },
    );
  const horizon = options.latenessHorizonMs ?? DEFAULT_LATENESS_HORIZON_MS;
  if (!Number.isFinite(horizon) || horizon < 0)
    throw new VigilError(
      'INVALID_CONFIG',
      `latenessHorizonMs must be a non-negative number of ms, got ${horizon}`,
      { retryable: false },
    );
  return {
    prefix: options.keyPrefix ?? DEFAULT_PREFIX,
    dedupeTtlMs,
    resultsTtlMs: Math.min(Math.ceil(options.resultsTtlMs ?? DEFAULT_RESULTS_TTL_MS), dedupeTtlMs),
    // Whole ms (the script formats it as an integer); rounded up, never shorter than asked.
    latenessHorizonMs: Math.ceil(horizon),
  };
}

/** The dedupe state a call of the feature script reads and records an event in. */
export interface DedupeState {
  /**
   * KEYS[1..3]: the dedupe hash, where the event's first results are kept, and the previous
   * layout's hash (see the dedupe parts).
   */
  keys: readonly [string, string, string];
  /** The event id's digest. */
  event: Buffer;
  /** The digest of the account and event id (the slot markers take the event id's). */
  entry: Buffer;
  /** The digest of this delivery's origin. */
  origin: Buffer;
}

export interface FeatureCall {
  numKeys: number;
  args: (string | number | Buffer)[];
}

// Scratch of featureCall, which is synchronous and runs for every event: the call's state keys
// (unprefixed) and operands. Counted, never emptied with `length = 0`: V8 frees an array's store
// when its length is set to 0, so each call grew its operands (~180) from nothing again. Places
// past the count hold the previous call's values and are never read.
const stateKeys: string[] = [];
const ops: (string | number)[] = [];

/** The feature script's key count, keys and arguments for some of an event's features. */
export function featureCall(
  settings: FeatureScriptSettings,
  item: FeatureBatchItem,
  dedupe: DedupeState,
  requests: readonly FeatureRequest[],
): FeatureCall {
  const keys: string[] = [dedupe.keys[0], dedupe.keys[1], dedupe.keys[2]];
  // KEYS index of the first state key: Lua's KEYS is 1-based, the dedupe keys come first.
  const first = keys.length + 1;
  let keyCount = 0;
  let opCount = 0;
  for (const request of requests) {
    // Counters of one entity share a hash (see the script); other features stand alone.
    const { group } = request;
    const stateKey = group ? group.key : request.id;
    // A search of the call's few keys (a dozen or so), not a map built per call.
    let found = 0;
    while (found < keyCount && stateKeys[found] !== stateKey) found += 1;
    if (found === keyCount) {
      stateKeys[keyCount] = stateKey;
      keyCount += 1;
      keys.push(settings.prefix + stateKey);
    }
    const index = found + first;
    encodeOp(request.op, index, group ? group.field : '', ops, opCount);
    opCount += ARGS_PER_FEATURE;
  }
  const numKeys = keys.length;
  const args: (string | number | Buffer)[] = keys; // extended in place: no copy per event
  args.push(
    item.at,
    settings.dedupeTtlMs,
    requests.length,
    dedupe.origin,
    firstResultsTag(item.plan, requests),
    settings.resultsTtlMs,
    item.readOnly ? '1' : '0',
    settings.latenessHorizonMs,
    BUCKET_DETAIL_BYTES,
    DAILY_SLOT_MS,
    MAX_LATE_BUCKETS,
    LAST_EVENT_RECORDS,
    dedupe.event,
    packOperands(ops, opCount),
    dedupe.entry,
  );
  return { numKeys, args };
}

export interface FeatureReply {
  /** '0' first processing (or read only), '1' a retry, '2' a duplicate delivery. */
  status: '0' | '1' | '2';
}

/**
 * One reply of the feature script: its status, and (unless a duplicate) each requested feature's
 * value put in `values`.
 */
export function decodeFeatureReply(
  eventId: string,
  requests: readonly FeatureRequest[],
  reply: [Error | null, unknown] | undefined,
  values: Map<string, FeatureValue>,
): FeatureReply {
  if (!reply)
    throw new VigilError('FEATURE_STORE_FAILED', 'pipeline returned no result', {
      retryable: true,
    });
  const [error, raw] = reply;
  if (error) throw classifyError(error);
  const status: unknown = Array.isArray(raw) ? raw[0] : undefined;
  if (
    !Array.isArray(raw) ||
    raw.length !== requests.length + 1 ||
    (status !== '0' && status !== '1' && status !== '2')
  ) {
    throw new VigilError(
      'FEATURE_STATE_CORRUPT',
      `script returned an unexpected shape for event ${eventId}`,
      { retryable: false },
    );
  }
  // A duplicate gets no decision, and its results may be another event's (an upstream that
  // reused the id, with as many features): nothing to decode.
  if (status === '2') return { status };
  // A loop, not forEach with a closure: this runs for every event.
  for (let index = 0; index < requests.length; index += 1) {
    const request = requests[index]!;
    values.set(request.id, decodeValue(request.op, raw[index + 1]));
  }
  return { status };
}

/** What the single-node and the cluster feature stores share: the client, settings, metrics. */
export abstract class FeatureScriptStore<C extends RedisClient> {
  protected readonly redis: C;
  protected readonly settings: FeatureScriptSettings;
  protected readonly metrics: FeatureStoreMetrics | undefined;

  constructor(
    options: RedisFeatureStoreSettings & { redis: C },
    commands: Readonly<Record<string, LuaCommand>>,
  ) {
    this.redis = options.redis;
    this.settings = featureScriptSettings(options);
    this.metrics = options.metrics;
    defineLuaCommands(this.redis, commands);
  }

  /** An event's result from the reply that says whether it is a replay (counted when it is). */
  protected result(reply: FeatureReply, values: Map<string, FeatureValue>): FeatureBatchResult {
    const replayed = reply.status !== '0';
    const duplicate = reply.status === '2';
    if (replayed) this.metrics?.replays.inc({ kind: duplicate ? 'duplicate' : 'retry' });
    return { replayed, duplicate, values };
  }
}
