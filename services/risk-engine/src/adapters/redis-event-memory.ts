import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import { DECISION_OUTCOMES } from '@vigil/events';
import {
  MAX_ENTITY_USES,
  MAX_LATER_EVENTS,
  USES_PER_ACCOUNT,
  type EntityUseRecord,
  type EventMemory,
  type MemoryItem,
  type RecordResult,
  type RememberedEvent,
  type Settlement,
  type SweepRequest,
} from '@vigil/rules';
import { defineLuaCommands, type LuaCommand } from './redis-lua.ts';

// numberOfKeys undefined: the caller passes the key count first (an event uses 0 to 3 entities).
const COMMANDS: Record<string, LuaCommand> = {
  vigilMemoryRecord: { parts: ['event-memory-record'] },
  vigilMemoryRaise: { numberOfKeys: 1, parts: ['event-memory-raise'] },
  vigilMemorySweep: { numberOfKeys: 3, parts: ['event-memory-sweep'] },
};

type Args = (string | number)[];
/** The scripts as ioredis registers them on a pipeline (defineCommand; EVALSHA, NOSCRIPT handled). */
type MemoryPipeline = ChainableCommander &
  Record<
    'vigilMemoryRecord' | 'vigilMemoryRaise' | 'vigilMemorySweep',
    (...args: Args) => ChainableCommander
  >;

/** Most events remembered per account (the horizon usually keeps far fewer). */
const MAX_REMEMBERED = 256;
/** A sweep's answer is kept this long for a retry of the same delivery. */
const ANSWER_TTL_MS = 2 * 3_600_000;
const SEP = '\u001f';

const outcome = z.enum(DECISION_OUTCOMES);
const laterRow = z.tuple([z.string(), z.string(), z.string(), outcome, z.string()]);
const useKind = z.enum(['login_success', 'login_failure', 'transaction']);

export interface RedisEventMemoryOptions {
  redis: Redis;
  keyPrefix: string;
  /** How long decided events are remembered behind their account's newest one. */
  horizonMs: number;
}

/**
 * The event memory on Redis: an account's remembered events and outcomes sit in its
 * `{accountId}` slot, an entity's uses and claims in the entity's own slot. Recording an event
 * is one script call with the entities it used (several slots: a single node, like the feature
 * script; a cluster would split it per slot); a sweep touches one entity's slot. Calls of a batch
 * are pipelined: one round trip.
 */
export class RedisEventMemory implements EventMemory {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly horizonMs: number;

  constructor(options: RedisEventMemoryOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix;
    this.horizonMs = options.horizonMs;
    defineLuaCommands(this.redis, COMMANDS);
  }

  async record(items: readonly MemoryItem[]): Promise<RecordResult[]> {
    if (items.length === 0) return [];
    const results = await this.send((pipeline) => {
      for (const item of items)
        pipeline.vigilMemoryRecord(
          2 + item.uses.length,
          this.accountKey('mem', item.accountId),
          this.accountKey('out', item.accountId),
          ...item.uses.map((use) => this.entityKey('use', use.entity, use.value)),
          item.at,
          item.eventId,
          item.payload,
          this.horizonMs,
          MAX_LATER_EVENTS,
          MAX_REMEMBERED,
          Math.max(1, item.useRetentionMs),
          MAX_ENTITY_USES,
          USES_PER_ACCOUNT,
          item.keepUsesFrom ?? Number.MAX_SAFE_INTEGER,
          ...item.uses.map((use) => `${use.kind}${SEP}${item.accountId}`),
        );
    });
    return results.map((raw) => {
      const later = this.decodeLater(raw);
      return { later: later.length > 0 ? later : undefined };
    });
  }

  async settle(settlement: Settlement): Promise<EntityUseRecord[][]> {
    const { outcomes, sweeps, raises } = settlement;
    if (outcomes.length + sweeps.length + raises.length === 0) return [];
    const results = await this.send((pipeline) => {
      for (const { accountId, eventId, outcome } of outcomes) {
        if (outcome === 'allow') continue;
        const key = this.accountKey('out', accountId);
        pipeline.hset(key, eventId, outcome);
        pipeline.pexpire(key, this.horizonMs);
      }
      for (const request of sweeps) this.addSweep(pipeline, request);
      for (const raise of raises)
        pipeline.vigilMemoryRaise(
          this.accountKey('out', raise.accountId),
          raise.eventId,
          raise.outcome,
          raise.by,
          this.horizonMs,
        );
    });
    const first = 2 * outcomes.filter((o) => o.outcome !== 'allow').length;
    return sweeps.map((_, i) => this.decodeSweep(results[first + i]));
  }

  private addSweep(pipeline: MemoryPipeline, request: SweepRequest): void {
    const claims = `${this.entityKey('claim', request.entity, request.value)}:${encodeURIComponent(request.rule)}`;
    pipeline.vigilMemorySweep(
      this.entityKey('use', request.entity, request.value),
      claims,
      `${claims}:${encodeURIComponent(request.origin)}`,
      request.since,
      request.until,
      request.exclude ?? '',
      request.origin,
      // A claim outlives the lookback: the account stays claimed while its use is in any window.
      2 * Math.max(1, request.until - request.since),
      ANSWER_TTL_MS,
    );
  }

  private accountKey(kind: string, accountId: string): string {
    return `${this.prefix}v1:${kind}:{${encodeURIComponent(accountId)}}`;
  }

  private entityKey(kind: string, entity: string, value: string): string {
    return `${this.prefix}v1:${kind}:{${encodeURIComponent(value)}}:${entity}`;
  }

  /** The later events the record script returns (empty when the event was in order). */
  private decodeLater(raw: unknown): RememberedEvent[] {
    if (!Array.isArray(raw) || raw.length % 5 !== 0) throw this.corrupt('remembered events');
    const out: RememberedEvent[] = [];
    for (let i = 0; i < raw.length; i += 5) {
      const parsed = laterRow.safeParse(raw.slice(i, i + 5));
      if (!parsed.success) throw this.corrupt('a remembered event');
      const [eventId, at, payload, own, raised] = parsed.data;
      const event: RememberedEvent = { eventId, at: Number(at), payload, outcome: own };
      if (raised !== '') {
        const [raisedOutcome, by] = raised.split(SEP);
        const checked = outcome.safeParse(raisedOutcome);
        if (!checked.success || by === undefined) throw this.corrupt('a raised outcome');
        event.raised = { outcome: checked.data, by };
      }
      out.push(event);
    }
    return out;
  }

  private decodeSweep(raw: unknown): EntityUseRecord[] {
    if (typeof raw !== 'string') throw this.corrupt('a sweep answer');
    if (raw === '') return [];
    return raw.split('\u001e').map((entry) => {
      const [accountId, eventId, at, kind] = entry.split(SEP);
      const checked = useKind.safeParse(kind);
      if (!accountId || !eventId || !checked.success || !Number.isFinite(Number(at)))
        throw this.corrupt('an entity use');
      return { accountId, eventId, at: Number(at), kind: checked.data };
    });
  }

  private corrupt(what: string): VigilError {
    return new VigilError('EVENT_MEMORY_CORRUPT', `Redis returned ${what} in an unexpected shape`, {
      retryable: false,
    });
  }

  private async send(fill: (pipeline: MemoryPipeline) => void): Promise<unknown[]> {
    const pipeline = this.redis.pipeline() as MemoryPipeline;
    fill(pipeline);
    const results = await pipeline.exec().catch((error: unknown) => {
      throw classifyError(error);
    });
    if (!results)
      throw new VigilError('EVENT_MEMORY_FAILED', 'Redis pipeline was discarded', {
        retryable: true,
      });
    return results.map(([error, value]) => {
      if (error) throw classifyError(error);
      return value;
    });
  }
}
