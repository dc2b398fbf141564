import {
  accountChangeEvent,
  loginEvent,
  transactionEvent,
  type DecisionContext,
  type DecisionOutcome,
  type ScoredEvent,
} from '@vigil/events';
import { byCodePoint } from '../code-point-order.ts';
import type { RetroEntity } from '../retro-hunt-config.ts';

/** How an account used an entity: what a retro-hunt decides on. */
export type TouchKind = 'login_success' | 'login_failure' | 'transaction';

/** One use of a cross-account entity by the event's account, recorded for retro-hunts. */
export interface EntityUse {
  entity: RetroEntity;
  value: string;
  kind: TouchKind;
  /**
   * The event writes state of this entity that other accounts' events read (a failed sign-in
   * counted on the IP, a card added to the device's count): recorded after some of those events
   * (its unit or replica behind theirs, or the event late), it changes what they should have been
   * decided, and `record` hands them back (RecordResult.othersLater).
   */
  writesShared?: boolean;
}

/** An event to remember, recorded while its features are computed (before it is decided). */
export interface MemoryItem {
  accountId: string;
  eventId: string;
  /** Event time, epoch ms. */
  at: number;
  /** The event as rules read it (`rememberedPayload`), kept for the lateness horizon. */
  payload: string;
  uses: readonly EntityUse[];
  /**
   * What the customer would recognise the event by (`encodeUseContext`), remembered with each of
   * its uses: a retro-hunt follow-up about a use tells it. '' or absent: nothing to tell.
   */
  useContext?: string;
  /** How long its uses are remembered (the rule set's longest retro-hunt lookback). */
  useRetentionMs: number;
  /**
   * Uses at or after this time are kept past USES_PER_ACCOUNT: the batch's earliest event time.
   * A sweep triggered inside the batch runs after the whole batch was recorded; without this,
   * an account's later uses in the batch could push out the one the sweep needs (its latest up to
   * the sweep's time), and what a sweep finds would depend on where the batch was cut.
   */
  keepUsesFrom?: number;
}

/** What recording one item returned. */
export interface RecordResult {
  /**
   * The account's events remembered after this one (oldest first), when it had any: the event is
   * late, and these are what it may change. Undefined for an event in order.
   */
  later: RememberedEvent[] | undefined;
  /**
   * Uses of entities a sweep had already found bad up to or after this use's time: recorded
   * after that sweep (another unit or replica behind, or the event late), so the sweep missed
   * them. Each is swept again for this account alone (`belatedSweeps`), which claims it at most
   * once per (entity, rule) like any sweep: the follow-up the account would have had, had its use
   * been recorded in time. Empty for uses no sweep passed.
   */
  belated: BelatedUse[];
  /**
   * Events of other accounts that used one of this event's entities (a use with `writesShared`)
   * later than it and were recorded before it (oldest first, at most MAX_OTHERS_LATER per entity,
   * only those still remembered for their account): decided without this event in the entity's
   * windows, they are what its arrival may change. Empty for an event recorded in order.
   */
  othersLater: RememberedEvent[];
}

/**
 * A use recorded after a sweep of its entity for a rule passed its time, with the range the sweep
 * that claims it in event order looked at: the rule's first sweep at or after the use, from where
 * the sweep before it reached (or its lookback). Exact while that sweep is among the rule's first
 * and its RECENT_SWEEPS latest; otherwise the nearest kept one after it, over its lookback.
 */
export interface BelatedUse {
  entity: RetroEntity;
  value: string;
  /** The rule whose sweep passed it (`deny-list` for feedback). */
  rule: string;
  since: number;
  /** That sweep's time: when the entity was found bad, as far as this use is concerned. */
  until: number;
  /** The rule's first finding about the entity (the only one kept): what the follow-up cites. */
  finding: string;
}

/** The order an item's belated uses come back in, whatever the layout: rule, entity, value. */
export function compareBelated(a: BelatedUse, b: BelatedUse): number {
  const key = (u: BelatedUse) => [u.rule, u.entity, u.value];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/**
 * The order remembered events and uses come back in, whatever the layout: event time, then
 * eventId by code point (Redis orders sorted-set members and the scripts break ties by bytes).
 */
export function byTimeThenId(
  a: { at: number; eventId: string },
  b: { at: number; eventId: string },
): number {
  return a.at - b.at || byCodePoint(a.eventId, b.eventId);
}

/** What deciding a batch leaves in the memory, in one call after it was decided. */
export interface Settlement {
  /** Non-allow outcomes of the batch's decisions: what a follow-up about them compares against. */
  outcomes: readonly { accountId: string; eventId: string; outcome: DecisionOutcome }[];
  /** Retro-hunt sweeps the decisions call for, in order. */
  sweeps: readonly SweepRequest[];
  /** Outcomes raised by follow-ups. */
  raises: readonly Raise[];
}

/** A follow-up raised the outcome of an earlier event. */
export interface Raise {
  accountId: string;
  eventId: string;
  outcome: DecisionOutcome;
  /** The follow-up's decision id. */
  by: string;
}

/** An event remembered after a late one, with what it was decided. */
export interface RememberedEvent {
  eventId: string;
  at: number;
  payload: string;
  /** Its own decision's outcome (allow when none was recorded). */
  outcome: DecisionOutcome;
  /** The most severe follow-up about it so far, and that follow-up's decision id. */
  raised?: { outcome: DecisionOutcome; by: string };
}

/** Who used an entity within (since, until], once per (entity, rule): a retro-hunt's sweep. */
export interface SweepRequest {
  entity: RetroEntity;
  value: string;
  /** The rule that found it bad (`deny-list` for feedback). */
  rule: string;
  since: number;
  until: number;
  /** The account whose own decision carries the finding: claimed, never returned. */
  exclude?: string;
  /** The delivery that asks: asking again from it (a retry) returns the same accounts. */
  origin: string;
  /**
   * What found it bad (the trigger's message): kept with the entity's first sweep, for the
   * follow-ups of uses recorded after it. Absent on a sweep for one belated account.
   */
  finding?: string;
  /**
   * Only this account, from `since` (not from where earlier sweeps reached): a belated use's
   * sweep. It claims like any other and leaves the entity's sweep marks as they were.
   */
  account?: string;
}

/** An account's (latest) use of the entity in the swept range. */
export interface EntityUseRecord {
  accountId: string;
  eventId: string;
  at: number;
  /** login_success when any of its uses in the range was a successful sign-in. */
  kind: TouchKind;
  /** What the activity was (amount, merchant, place, device), when the use remembered it. */
  context?: DecisionContext;
}

/**
 * What the engine remembers beside the feature state so later knowledge can revisit earlier
 * decisions: each account's recently decided events (for the lateness horizon) with their
 * outcomes, and who used each IP, device, card or payee (retro-hunts). Every write is idempotent
 * (a retried batch writes the same), and a sweep claims each account once per (entity, rule),
 * handing the same claims back to the origin that made them. A sweep only looks at uses up to its
 * time (a few recent uses are kept per account, and every use of the batch being decided), so
 * what it finds does not depend on how much of the stream was recorded after it; a use recorded
 * after a sweep passed its time (its unit or replica behind the one that swept, or the event
 * late) comes back from `record` as belated and is swept for its account alone, so what is found
 * does not depend on how much was recorded before it either. Likewise an account's use of an entity
 * recorded after other accounts' later uses of it comes back with their events (`othersLater`),
 * which are evaluated again as of their own time: the crossing of a threshold lands on the event
 * it lands on in event order, and sweeps from there.
 */
export interface EventMemory {
  /**
   * Records the batch's events in order with the entities they used; for each event its account
   * had later ones for, those (oldest first, at most `MAX_LATER_EVENTS`), its belated uses, and
   * the later events of other accounts on the entities it writes (`othersLater`).
   */
  record(items: readonly MemoryItem[]): Promise<RecordResult[]>;
  /** Outcomes, then sweeps in order (each answer in the result), then raises. */
  settle(settlement: Settlement): Promise<EntityUseRecord[][]>;
}

/** Sweep times kept per (entity, rule) beside its first sweep, for belated uses. */
export const RECENT_SWEEPS = 32;

/** Characters of a finding kept with an entity's first sweep. */
export const MAX_FINDING = 240;

/** A finding as the memory keeps it: one line (the Redis layout separates with control characters). */
export function sweepFinding(finding: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (finding ?? '').replace(/[\u0000-\u001f]/g, ' ').slice(0, MAX_FINDING);
}

/** Events returned after a late one, at most: a late event revisits what followed it this far. */
export const MAX_LATER_EVENTS = 64;
/**
 * Other accounts' later uses returned per entity a late use writes, at most (the oldest first:
 * the nearest are the ones its arrival changes most, a threshold crossing first among them).
 */
export const MAX_OTHERS_LATER = 64;
/** Uses remembered per entity (accounts × kinds); the oldest go first past it. */
export const MAX_ENTITY_USES = 512;
/**
 * Recent use times kept per (account, kind) of an entity, besides those of the batch being
 * recorded (see MemoryItem.keepUsesFrom): enough for a sweep's range.
 */
export const USES_PER_ACCOUNT = 4;

// Free text and display-only fields no rule reads stay out of the memory (and out of Redis).
function prune(scored: ScoredEvent): ScoredEvent {
  const event = { ...scored.event } as Record<string, unknown>;
  if (scored.kind === 'transaction') {
    const tx = scored.event;
    if (tx.merchant) event.merchant = { ...tx.merchant, name: undefined };
    if (tx.beneficiary) event.beneficiary = { id: tx.beneficiary.id };
    if (tx.card) event.card = { ...tx.card, last4: undefined };
  }
  if (scored.event.device) event.device = { ...scored.event.device, userAgent: undefined };
  return { kind: scored.kind, event } as ScoredEvent;
}

/** The compact JSON an event is remembered as. */
export function rememberedPayload(scored: ScoredEvent): string {
  const { kind, event } = prune(scored);
  return JSON.stringify({ k: kind, e: event });
}

const SCHEMAS = {
  transaction: transactionEvent,
  login: loginEvent,
  account_change: accountChangeEvent,
} as const;

/** The remembered event, validated like any input; undefined when it does not parse (dropped). */
export function parseRemembered(payload: string): ScoredEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const { k, e } = (raw ?? {}) as { k?: unknown; e?: unknown };
  if (k !== 'transaction' && k !== 'login' && k !== 'account_change') return undefined;
  const parsed = SCHEMAS[k].safeParse(e);
  return parsed.success ? ({ kind: k, event: parsed.data } as ScoredEvent) : undefined;
}
