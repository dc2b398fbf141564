import type { DecisionOutcome } from '@vigil/events';
import { VigilError } from '@vigil/errors';
import { byCodePoint } from '../code-point-order.ts';
import { moreSevere } from '../combine-score.ts';
import {
  MAX_LATER_EVENTS,
  MAX_OTHERS_LATER,
  RECENT_SWEEPS,
  USES_PER_ACCOUNT,
  type BelatedUse,
  type EntityUseRecord,
  type EventMemory,
  type MemoryItem,
  type RecordResult,
  type RememberedEvent,
  type Settlement,
  byTimeThenId,
  compareBelated,
  sweepFinding,
  type SweepRequest,
} from './event-memory.ts';
import { useRecordWith } from './use-context.ts';

/** A use as kept: its time, event and the event's encoded context (`encodeUseContext`). */
interface KeptUse {
  at: number;
  eventId: string;
  context?: string;
}

interface Claims {
  byAccount: Map<string, string>;
  /** The earliest sweep (by its time) of the entity for the rule, with its finding. */
  first: { since: number; until: number; finding: string } | undefined;
  /** The times of its latest RECENT_SWEEPS sweeps, ascending: the last is how far they reached. */
  recent: number[];
  results: Map<string, EntityUseRecord[]>;
}

/**
 * The event memory in process memory: the reference the Redis adapter is checked against, and
 * what offline detection runs on. No horizon and no entity cap (nothing is forgotten but the
 * oldest uses past USES_PER_ACCOUNT before the batch, as in Redis).
 */
export class InMemoryEventMemory implements EventMemory {
  /**
   * `inEventTimeOrder`: every account's events are recorded in event-time order (a replay of
   * sorted history), so none is ever late: the events, their outcomes and raises, which only a
   * late event reads back, are not kept (a replay would hold every event's payload), and an
   * event earlier than one its account already recorded is refused (REPLAY_OUT_OF_ORDER).
   */
  constructor(private readonly options: { inEventTimeOrder?: boolean } = {}) {}

  private readonly events = new Map<string, Map<string, { at: number; payload: string }>>();
  private readonly outcomes = new Map<string, DecisionOutcome>();
  private readonly raised = new Map<string, { outcome: DecisionOutcome; by: string }>();
  /** Per entity: `<kind>\u001f<account>` → its most recent uses, oldest first. */
  private readonly uses = new Map<string, Map<string, KeptUse[]>>();
  private readonly claims = new Map<string, Claims>();
  /** Per entity: the rules that swept it, each with its claims. */
  private readonly swept = new Map<string, Map<string, Claims>>();
  /** Per account: the latest event time remembered, so an event in order skips the scan for later ones. */
  private readonly newestAt = new Map<string, number>();
  /** Per entity: its newest use's time, so a use in order skips the scan for others' later ones. */
  private readonly newestUse = new Map<string, number>();

  record(items: readonly MemoryItem[]): Promise<RecordResult[]> {
    // In the executor: an item refused (out of order) rejects the promise.
    return new Promise((resolve) =>
      resolve(
        items.map((item) => {
          const othersLater = this.othersLater(item);
          return { later: this.recordOne(item), belated: this.belatedUses(item), othersLater };
        }),
      ),
    );
  }

  settle(settlement: Settlement): Promise<EntityUseRecord[][]> {
    const swept = settlement.sweeps.map((request) => this.sweepOne(request));
    if (this.options.inEventTimeOrder) return Promise.resolve(swept);
    for (const { accountId, eventId, outcome } of settlement.outcomes)
      if (outcome !== 'allow') this.outcomes.set(`${accountId}\u0000${eventId}`, outcome);
    for (const { accountId, eventId, outcome, by } of settlement.raises) {
      const key = `${accountId}\u0000${eventId}`;
      const current = this.raised.get(key);
      if (!current || moreSevere(current.outcome, outcome) !== current.outcome)
        this.raised.set(key, { outcome, by });
    }
    return Promise.resolve(swept);
  }

  private recordOne(item: MemoryItem): RememberedEvent[] | undefined {
    const newestAt = this.newestAt.get(item.accountId) ?? Number.NEGATIVE_INFINITY;
    if (this.options.inEventTimeOrder && newestAt > item.at)
      throw new VigilError(
        'REPLAY_OUT_OF_ORDER',
        `event ${item.eventId} is earlier than its account's events recorded before it`,
        { retryable: false },
      );
    let account = this.events.get(item.accountId);
    if (!account && !this.options.inEventTimeOrder) {
      account = new Map();
      this.events.set(item.accountId, account);
    }
    account?.set(item.eventId, { at: item.at, payload: item.payload });
    for (const use of item.uses) {
      const key = `${use.entity}\u0000${use.value}`;
      this.newestUse.set(key, Math.max(this.newestUse.get(key) ?? -Infinity, item.at));
      let uses = this.uses.get(key);
      if (!uses) {
        uses = new Map();
        this.uses.set(key, uses);
      }
      const member = `${use.kind}\u001f${item.accountId}`;
      // Updated in place (a replay records millions of uses), in order: events mostly come in
      // order, so this is usually a push.
      let times = uses.get(member);
      if (!times) {
        times = [];
        uses.set(member, times);
      }
      const again = times.findIndex((u) => u.eventId === item.eventId);
      if (again !== -1) times.splice(again, 1);
      const time: KeptUse = { at: item.at, eventId: item.eventId };
      if (item.useContext) time.context = item.useContext;
      const newest = times.at(-1);
      times.push(time);
      if (newest && byTimeThenId(newest, time) > 0) times.sort(byTimeThenId);
      // The newest USES_PER_ACCOUNT of those before keepUsesFrom, and every one since.
      const keepFrom = item.keepUsesFrom ?? Infinity;
      let older = 0;
      while (older < times.length && times[older]!.at < keepFrom) older += 1;
      if (older > USES_PER_ACCOUNT) times.splice(0, older - USES_PER_ACCOUNT);
    }
    this.newestAt.set(item.accountId, Math.max(newestAt, item.at));
    // Nothing of the account was remembered after this event: in order, not late.
    if (newestAt <= item.at || !account) return undefined;
    const later = [...account]
      .filter(([eventId, event]) => event.at > item.at && eventId !== item.eventId)
      .sort((a, b) => a[1].at - b[1].at || byCodePoint(a[0], b[0]))
      .slice(0, MAX_LATER_EVENTS);
    if (later.length === 0) return undefined;
    return later.map(([eventId, event]) => this.remembered(item.accountId, eventId, event));
  }

  private remembered(
    accountId: string,
    eventId: string,
    event: { at: number; payload: string },
  ): RememberedEvent {
    const key = `${accountId}\u0000${eventId}`;
    const remembered: RememberedEvent = {
      eventId,
      at: event.at,
      payload: event.payload,
      outcome: this.outcomes.get(key) ?? 'allow',
    };
    const raised = this.raised.get(key);
    if (raised) remembered.raised = raised;
    return remembered;
  }

  /**
   * Other accounts' events with later uses of the entities whose shared state the item writes
   * (see RecordResult.othersLater), read before the item is recorded. A replay in event-time
   * order keeps no events to return.
   */
  private othersLater(item: MemoryItem): RememberedEvent[] {
    if (this.options.inEventTimeOrder) return [];
    const found = new Map<string, { accountId: string; eventId: string; at: number }>();
    for (const use of item.uses) {
      const key = `${use.entity}\u0000${use.value}`;
      if (!use.writesShared || (this.newestUse.get(key) ?? -Infinity) <= item.at) continue;
      const later: { accountId: string; eventId: string; at: number }[] = [];
      for (const [member, times] of this.uses.get(key) ?? []) {
        const accountId = member.slice(member.indexOf('\u001f') + 1);
        if (accountId === item.accountId) continue;
        for (const { at, eventId } of times)
          if (at > item.at) later.push({ accountId, eventId, at });
      }
      later.sort(byTimeThenId);
      for (const use of later.slice(0, MAX_OTHERS_LATER)) found.set(use.eventId, use);
    }
    return [...found.values()].sort(byTimeThenId).flatMap(({ accountId, eventId }) => {
      const event = this.events.get(accountId)?.get(eventId);
      return event ? [this.remembered(accountId, eventId, event)] : [];
    });
  }

  /** The item's uses that sweeps of their entity already passed (see RecordResult.belated). */
  private belatedUses(item: MemoryItem): BelatedUse[] {
    const belated: BelatedUse[] = [];
    for (const { entity, value } of item.uses) {
      for (const [rule, { first, recent }] of this.swept.get(`${entity}\u0000${value}`) ?? []) {
        const reached = recent.at(-1);
        if (!first || reached === undefined || item.at <= first.since || item.at > reached)
          continue;
        if (item.at <= first.until) {
          const { since, until, finding } = first;
          belated.push({ entity, value, rule, since, until, finding });
          continue;
        }
        // The first kept sweep at or after the use, from where the one before it reached.
        const i = recent.findIndex((t) => t >= item.at);
        const until = recent[i]!;
        const since = Math.max(until - (first.until - first.since), recent[i - 1] ?? -Infinity);
        belated.push({ entity, value, rule, since, until, finding: first.finding });
      }
    }
    return belated.sort(compareBelated);
  }

  private sweepOne(request: SweepRequest): EntityUseRecord[] {
    const entityKey = `${request.entity}\u0000${request.value}`;
    const key = `${entityKey}\u0000${request.rule}`;
    let claims = this.claims.get(key);
    if (!claims) {
      claims = {
        byAccount: new Map(),
        first: undefined,
        recent: [],
        results: new Map(),
      };
      this.claims.set(key, claims);
    }
    const again = claims.results.get(request.origin);
    if (again) return again;
    const only = request.account;
    // One belated account's sweep looks behind where the others reached: that is where its use is.
    // So does a sweep earlier than where they reached (its trigger decided again after a late
    // event, or its unit behind another's): over its whole range, the claims keep it from raising
    // an account twice.
    const reached = claims.recent.at(-1) ?? -Infinity;
    const from =
      only === undefined && request.until >= reached
        ? Math.max(request.since, reached)
        : request.since;
    const latest = new Map<string, EntityUseRecord>();
    for (const [member, times] of this.uses.get(entityKey) ?? []) {
      const [kind, accountId] = member.split('\u001f') as [EntityUseRecord['kind'], string];
      if (only !== undefined && accountId !== only) continue;
      // The latest use of this kind within the range (uses after the sweep's time do not count).
      const use = times.filter((u) => u.at > from && u.at <= request.until).at(-1);
      if (!use) continue;
      const current = latest.get(accountId);
      const signedIn = kind === 'login_success' || current?.kind === 'login_success';
      // Of uses at the same time, the greatest eventId (as within a kind), whatever the order.
      const newer =
        !current ||
        use.at > current.at ||
        (use.at === current.at && byCodePoint(use.eventId, current.eventId) > 0)
          ? useRecordWith({ accountId, eventId: use.eventId, at: use.at, kind }, use.context)
          : current;
      latest.set(accountId, { ...newer, kind: signedIn ? 'login_success' : newer.kind });
    }
    if (request.exclude !== undefined && !claims.byAccount.has(request.exclude))
      claims.byAccount.set(request.exclude, request.origin);
    const found: EntityUseRecord[] = [];
    for (const use of [...latest.values()].sort(
      (a, b) => a.at - b.at || byCodePoint(a.accountId, b.accountId),
    )) {
      if (use.accountId === request.exclude) continue;
      const claimedBy = claims.byAccount.get(use.accountId);
      if (claimedBy !== undefined && claimedBy !== request.origin) continue;
      claims.byAccount.set(use.accountId, request.origin);
      found.push(use);
    }
    if (only === undefined) this.mark(entityKey, request, claims);
    claims.results.set(request.origin, found);
    return found;
  }

  /** The rule's earliest and latest sweeps of the entity, for belated uses. */
  private mark(entityKey: string, request: SweepRequest, claims: Claims): void {
    if (!claims.first || request.until < claims.first.until)
      claims.first = {
        since: request.since,
        until: request.until,
        finding: sweepFinding(request.finding),
      };
    if (!claims.recent.includes(request.until)) {
      claims.recent.push(request.until);
      claims.recent.sort((a, b) => a - b);
      if (claims.recent.length > RECENT_SWEEPS) claims.recent.shift();
    }
    let rules = this.swept.get(entityKey);
    if (!rules) {
      rules = new Map();
      this.swept.set(entityKey, rules);
    }
    rules.set(request.rule, claims);
  }
}
