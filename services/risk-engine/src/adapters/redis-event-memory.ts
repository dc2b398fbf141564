import type { ChainableCommander, Pipeline } from 'ioredis';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { DECISION_OUTCOMES } from '@vigil/events';
import {
  MAX_ENTITY_USES,
  MAX_LATER_EVENTS,
  MAX_OTHERS_LATER,
  RECENT_SWEEPS,
  USES_PER_ACCOUNT,
  byTimeThenId,
  compareBelated,
  sweepFinding,
  useRecordWith,
  type BelatedUse,
  type EntityUseRecord,
  type EventMemory,
  type MemoryItem,
  type RecordResult,
  type RememberedEvent,
  type Settlement,
  type SweepRequest,
} from '@vigil/rules';
import { isCluster, type RedisClient } from './redis-client.ts';
import { keySlot } from './redis-key-slot.ts';
import { EncodedScript } from './redis-encoded-script.ts';
import { defineLuaCommands, luaSource, type LuaCommand } from './redis-lua.ts';
import { execPipelined, valuesOrThrow, type PipelinedCall } from './redis-pipelines.ts';

// numberOfKeys undefined: the caller passes the key count first (an event uses 0 to 3 entities).
// Exported for tests that run a script with arguments of their own (an entity cap of 4).
export const MEMORY_COMMANDS = {
  vigilMemoryRecord: {
    parts: ['byte-order', 'event-memory-marks', 'event-memory-uses', 'event-memory-record'],
  },
  vigilMemoryUses: {
    parts: ['byte-order', 'event-memory-marks', 'event-memory-uses', 'event-memory-uses-run'],
  },
  vigilMemoryRaise: { numberOfKeys: 1, parts: ['event-memory-raise'] },
  vigilMemoryRecall: { numberOfKeys: 2, parts: ['event-memory-recall'] },
  vigilMemorySweep: {
    numberOfKeys: 3,
    parts: ['byte-order', 'event-memory-marks', 'event-memory-sweep'],
  },
} satisfies Record<string, LuaCommand>;

type Args = (string | number)[];
/** The scripts as ioredis registers them on a pipeline (defineCommand; EVALSHA, NOSCRIPT handled). */
type MemoryPipeline = ChainableCommander &
  Record<keyof typeof MEMORY_COMMANDS, (...args: Args) => ChainableCommander> &
  Pick<Pipeline, 'sendCommand'>;
type MemoryCall = PipelinedCall<MemoryPipeline>;

/** Most events remembered per account (the horizon usually keeps far fewer). */
const MAX_REMEMBERED = 256;
/** A sweep's answer is kept this long for a retry of the same delivery. */
const ANSWER_TTL_MS = 2 * 3_600_000;
const SEP = '\u001f';

const outcome = z.enum(DECISION_OUTCOMES);
const laterRow = z.tuple([z.string(), z.string(), z.string(), outcome, z.string()]);
const useKind = z.enum(['login_success', 'login_failure', 'transaction']);
const numeric = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);
const belatedRow = z.tuple([numeric, z.string().min(1), numeric, numeric, z.string()]);
const otherRow = z.tuple([numeric, z.string().min(1), z.string().min(1), numeric]);

/** Another account's later use a recorded use returned: which event to recall. */
interface OtherUse {
  accountId: string;
  eventId: string;
  at: number;
}

export interface RedisEventMemoryOptions {
  redis: RedisClient;
  keyPrefix: string;
  /** How long decided events are remembered behind their account's newest one. */
  horizonMs: number;
}

/**
 * The event memory on Redis: an account's remembered events and outcomes sit in its
 * `{accountId}` slot, an entity's uses and claims in the entity's own slot. Recording an event
 * is one script call with the entities it used (several slots: a single node, like the feature
 * script); on a Redis Cluster, one call for the account's keys and one per slot of the entities
 * it used (recording a use again changes nothing, so a call sent twice is harmless). A sweep
 * touches one entity's slot. Calls of a batch are pipelined: one round trip (per primary).
 */
export class RedisEventMemory implements EventMemory {
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private readonly horizonMs: number;
  /** The record script as one node's calls send it: encoded here (EncodedScript), once per event. */
  private readonly recordScript = new EncodedScript(luaSource(MEMORY_COMMANDS.vigilMemoryRecord));

  constructor(options: RedisEventMemoryOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix;
    this.horizonMs = options.horizonMs;
    defineLuaCommands(this.redis, MEMORY_COMMANDS);
  }

  async record(items: readonly MemoryItem[]): Promise<RecordResult[]> {
    if (items.length === 0) return [];
    const split = isCluster(this.redis);
    const calls: MemoryCall[] = [];
    // Each item's calls (the first is its account's: the later events) and the uses each covers.
    const itemCalls = items.map((item) => this.addRecord(calls, item, split));
    const values = valuesOrThrow(await execPipelined(this.redis, calls));
    const others: OtherUse[][] = [];
    const results = itemCalls.map((made) => {
      const [later, firstBelated, firstOthers] = this.decodeRecord(values[made.first]);
      const belated = this.decodeBelated(firstBelated, made.uses[0] ?? []);
      const laterOthers = this.decodeOthers(firstOthers);
      // One node makes one call per event (its uses in it); a cluster one more per slot of them.
      for (let i = 1; i < made.uses.length; i += 1) {
        const [slotBelated, slotOthers] = this.decodeUsesReply(values[made.first + i]);
        belated.push(...this.decodeBelated(slotBelated, made.uses[i]!));
        laterOthers.push(...this.decodeOthers(slotOthers));
      }
      if (belated.length > 1) belated.sort(compareBelated);
      others.push(laterOthers);
      const result: RecordResult = {
        later: later.length > 0 ? later : undefined,
        belated,
        othersLater: [],
      };
      return result;
    });
    if (others.some((uses) => uses.length > 0)) await this.recallOthers(others, results);
    return results;
  }

  /**
   * The events behind other accounts' later uses, each once per item (an event that used two of
   * the item's entities came back for each), oldest first; one round trip for the whole call.
   * An event its account no longer remembers (behind the horizon) is left out.
   */
  private async recallOthers(others: OtherUse[][], results: RecordResult[]): Promise<void> {
    const calls: MemoryCall[] = [];
    const byItem = others.map((uses) => {
      const unique = new Map<string, OtherUse>();
      for (const use of uses) unique.set(use.eventId, use);
      return [...unique.values()].sort(byTimeThenId).map(({ accountId, eventId, at }) => {
        const mem = this.accountKey('mem', accountId);
        const out = this.accountKey('out', accountId);
        calls.push({ key: mem, queue: (p) => p.vigilMemoryRecall(mem, out, at, eventId) });
        return calls.length - 1;
      });
    });
    const values = valuesOrThrow(await execPipelined(this.redis, calls));
    byItem.forEach((positions, item) => {
      for (const position of positions) {
        const raw = values[position];
        if (Array.isArray(raw) && raw.length === 0) continue;
        results[item]!.othersLater.push(...this.decodeLater(raw));
      }
    });
  }

  /**
   * The item's calls: one with its account's keys and every use, or (split, on a cluster) one
   * with the account's keys and one per slot of the uses. Returns where they start and the uses
   * of each (the account's call has none when split).
   */
  private addRecord(
    calls: MemoryCall[],
    item: MemoryItem,
    split: boolean,
  ): { first: number; uses: MemoryItem['uses'][] } {
    const first = calls.length;
    const mem = this.accountKey('mem', item.accountId);
    const out = this.accountKey('out', item.accountId);
    if (!split) {
      const call = this.recordScript.command(
        this.redis,
        2 + item.uses.length,
        this.recordKeysAndArgs(mem, out, item),
      );
      calls.push({ key: mem, queue: (p) => p.sendCommand(call) });
      return { first, uses: [item.uses] };
    }
    // The uses-only calls of a cluster do not remember the event: no payload.
    const args = (uses: MemoryItem['uses'], payload = item.payload): Args =>
      this.recordArgs(item, uses, payload);
    const useKeys = (uses: MemoryItem['uses']) =>
      uses.map((use) => this.entityKey('use', use.entity, use.value));
    calls.push({ key: mem, queue: (p) => p.vigilMemoryRecord(2, mem, out, ...args([])) });
    const bySlot = new Map<number, MemoryItem['uses'][number][]>();
    for (const use of item.uses) {
      const slot = keySlot(this.entityKey('use', use.entity, use.value));
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), use]);
    }
    const slots = [...bySlot.values()];
    for (const uses of slots) {
      const keys = useKeys(uses);
      calls.push({
        key: keys[0]!,
        queue: (p) => p.vigilMemoryUses(keys.length, ...keys, ...args(uses, '')),
      });
    }
    return { first, uses: [[], ...slots] };
  }

  /**
   * One node's record call: the account's keys, the uses' keys, then the arguments, in one array
   * filled in place (this runs for every event: no spreads of arrays built for the occasion).
   */
  private recordKeysAndArgs(mem: string, out: string, item: MemoryItem): Args {
    const call: Args = [mem, out];
    for (const use of item.uses) call.push(this.entityKey('use', use.entity, use.value));
    return this.recordArgs(item, item.uses, item.payload, call);
  }

  /** The record scripts' arguments after their keys, appended to `call`. */
  private recordArgs(
    item: MemoryItem,
    uses: MemoryItem['uses'],
    payload: string,
    call: Args = [],
  ): Args {
    call.push(
      item.at,
      item.eventId,
      payload,
      this.horizonMs,
      MAX_LATER_EVENTS,
      MAX_REMEMBERED,
      Math.max(1, item.useRetentionMs),
      MAX_ENTITY_USES,
      USES_PER_ACCOUNT,
      item.keepUsesFrom ?? Number.MAX_SAFE_INTEGER,
      item.useContext ?? '',
      MAX_OTHERS_LATER,
      uses.map((use) => (use.writesShared ? '1' : '0')).join(''),
    );
    for (const use of uses) call.push(`${use.kind}${SEP}${item.accountId}`);
    return call;
  }

  async settle(settlement: Settlement): Promise<EntityUseRecord[][]> {
    const { outcomes, sweeps, raises } = settlement;
    if (outcomes.length + sweeps.length + raises.length === 0) return [];
    const calls: MemoryCall[] = [];
    for (const { accountId, eventId, outcome } of outcomes) {
      if (outcome === 'allow') continue;
      const key = this.accountKey('out', accountId);
      calls.push({ key, queue: (p) => p.hset(key, eventId, outcome) });
      calls.push({ key, queue: (p) => p.pexpire(key, this.horizonMs) });
    }
    const first = calls.length;
    for (const request of sweeps) calls.push(this.sweepCall(request));
    for (const raise of raises) {
      const key = this.accountKey('out', raise.accountId);
      calls.push({
        key,
        queue: (p) =>
          p.vigilMemoryRaise(key, raise.eventId, raise.outcome, raise.by, this.horizonMs),
      });
    }
    const results = valuesOrThrow(await execPipelined(this.redis, calls));
    return sweeps.map((_, i) => this.decodeSweep(results[first + i]));
  }

  private sweepCall(request: SweepRequest): MemoryCall {
    const uses = this.entityKey('use', request.entity, request.value);
    const claims = `${this.entityKey('claim', request.entity, request.value)}:${encodeURIComponent(request.rule)}`;
    return {
      key: uses,
      queue: (p) =>
        p.vigilMemorySweep(
          uses,
          claims,
          `${claims}:${encodeURIComponent(request.origin)}`,
          request.since,
          request.until,
          request.exclude ?? '',
          request.origin,
          // A claim outlives the lookback: the account stays claimed while its use is in any window.
          2 * Math.max(1, request.until - request.since),
          ANSWER_TTL_MS,
          request.account ?? '',
          sweepFinding(request.finding),
          request.rule,
          RECENT_SWEEPS,
        ),
    };
  }

  private accountKey(kind: string, accountId: string): string {
    return `${this.prefix}v1:${kind}:{${encodeURIComponent(accountId)}}`;
  }

  private entityKey(kind: string, entity: string, value: string): string {
    return `${this.prefix}v1:${kind}:{${encodeURIComponent(value)}}:${entity}`;
  }

  /** The record script's reply: its later events, its belated uses and others' later uses as sent (flat). */
  private decodeRecord(raw: unknown): [RememberedEvent[], unknown, unknown] {
    if (!Array.isArray(raw) || raw.length !== 3) throw this.corrupt('a record reply');
    return [this.decodeLater(raw[0]), raw[1], raw[2]];
  }

  /** A cluster's uses-only call's reply: its belated uses and others' later uses as sent (flat). */
  private decodeUsesReply(raw: unknown): [unknown, unknown] {
    if (!Array.isArray(raw) || raw.length !== 2) throw this.corrupt('a uses reply');
    return [raw[0], raw[1]];
  }

  /**
   * A script's flat reply cut into rows of `width` fields, each checked against `row`: `what` names
   * the reply and `one` a row in the error when either is not as the scripts send them.
   */
  private rows<Row extends z.ZodType>(
    raw: unknown,
    width: number,
    row: Row,
    what: string,
    one: string,
  ): z.output<Row>[] {
    if (!Array.isArray(raw) || raw.length % width !== 0) throw this.corrupt(what);
    const out: z.output<Row>[] = [];
    for (let i = 0; i < raw.length; i += width) {
      const parsed = row.safeParse(raw.slice(i, i + width));
      if (!parsed.success) throw this.corrupt(one);
      out.push(parsed.data);
    }
    return out;
  }

  /** Other accounts' later uses (flat rows of four: position, accountId, eventId, time). */
  private decodeOthers(raw: unknown): OtherUse[] {
    return this.rows(raw, 4, otherRow, 'later uses', 'a later use').map(
      ([, accountId, eventId, at]) => ({ accountId, eventId, at }),
    );
  }

  /** Belated uses (flat rows of five) of a call whose uses were `uses`. */
  private decodeBelated(raw: unknown, uses: MemoryItem['uses']): BelatedUse[] {
    return this.rows(raw, 5, belatedRow, 'belated uses', 'a belated use').map(
      ([position, rule, since, until, finding]) => {
        const use = uses[position - 1];
        if (!use) throw this.corrupt('a belated use');
        return { entity: use.entity, value: use.value, rule, since, until, finding };
      },
    );
  }

  /** The later events the record script returns (empty when the event was in order). */
  private decodeLater(raw: unknown): RememberedEvent[] {
    return this.rows(raw, 5, laterRow, 'remembered events', 'a remembered event').map(
      ([eventId, at, payload, own, raised]) => {
        const event: RememberedEvent = { eventId, at: Number(at), payload, outcome: own };
        if (raised !== '') {
          const [raisedOutcome, by] = raised.split(SEP);
          const checked = outcome.safeParse(raisedOutcome);
          if (!checked.success || by === undefined) throw this.corrupt('a raised outcome');
          event.raised = { outcome: checked.data, by };
        }
        return event;
      },
    );
  }

  private decodeSweep(raw: unknown): EntityUseRecord[] {
    if (typeof raw !== 'string') throw this.corrupt('a sweep answer');
    if (raw === '') return [];
    return raw.split('\u001e').map((entry) => {
      // A sweep answer kept by an engine from before contexts (a retry across the upgrade) has four parts.
      const [accountId, eventId, at, kind, text] = entry.split(SEP);
      const checked = useKind.safeParse(kind);
      if (!accountId || !eventId || !checked.success || !Number.isFinite(Number(at)))
        throw this.corrupt('an entity use');
      return useRecordWith({ accountId, eventId, at: Number(at), kind: checked.data }, text);
    });
  }

  private corrupt(what: string): VigilError {
    return new VigilError('EVENT_MEMORY_CORRUPT', `Redis returned ${what} in an unexpected shape`, {
      retryable: false,
    });
  }
}
