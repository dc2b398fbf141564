import type { ScoredEvent } from '@vigil/events';
import { canonicalFilter, matchesFilter } from './event-filter.ts';
import { attributeValue, transactionOf } from './event-view.ts';
import { LAYOUT, dimensionParts, hashText, listKey } from './feature-keys.ts';
import type { FeatureRequest } from './feature-request.ts';
import type { Dimension, FeatureSpec, LastEventRecord } from './feature-spec.ts';
import { localDay } from './windows.ts';

/** Caps that keep per-key memory bounded whatever the traffic. */
export const MAX_DISTINCT_MEMBERS = 1_000;
export const MAX_SEEN_MEMBERS = 500;
/** Running averages halve their weight past this many samples, so they follow the account's recent habits. */
export const MAX_AVERAGE_SAMPLES = 1_000;
/** A local day lasts at most 25 h (DST); keep daily totals two days so late events still find theirs. */
const DAILY_TTL_MS = 49 * 3_600_000;

// Rules hand out the same spec objects for every event (built once at compile time), so the
// canonical hash is computed once per spec rather than once per event.
const specHashes = new WeakMap<object, string>();

function withoutHistory(
  spec: Extract<FeatureSpec, { kind: 'seen_before' }>,
): Omit<typeof spec, 'historyMs'> {
  const { historyMs: _history, ...rest } = spec;
  return rest;
}

/** A spec's hash in its feature ids: specs with the same hash share state (a replay keys its own state by it). */
export function specHash(spec: Exclude<FeatureSpec, { kind: 'list' }>): string {
  let hash = specHashes.get(spec);
  if (hash === undefined) {
    // How long seen values are kept does not change what is recorded: rules that differ only in
    // history share (and all keep alive) one state, and tuning it does not reset that state.
    const { filter, ...rest } = spec.kind === 'seen_before' ? withoutHistory(spec) : spec;
    hash = hashText(JSON.stringify({ ...rest, filter: canonicalFilter(filter) }));
    specHashes.set(spec, hash);
  }
  return hash;
}

/**
 * One event's key parts, per dimension, built once per event whatever the number of its features
 * on that dimension (most are on the account): `{<tag>}:<dimension>`, the parts after the spec
 * hash (`:<part>…`), and the entity's shared state keys built from them. Ids are
 * `v1:<kind>:{<tag>}:<dimension>:<hash>[:<parts>…]` (the layout in feature-keys.ts), shared state
 * keys the same without the hash, built here from pieces already joined, not arrays per feature.
 */
export class EventKeys {
  private readonly byDimension = new Map<Dimension, DimensionKey | null>();

  constructor(private readonly scored: ScoredEvent) {}

  /** The dimension's parts for this event; undefined when the event lacks what it needs. */
  of(dimension: Dimension): DimensionKey | undefined {
    let key = this.byDimension.get(dimension);
    if (key === undefined) {
      const parts = dimensionParts(dimension, this.scored);
      key = parts ? new DimensionKey(dimension, parts) : null;
      this.byDimension.set(dimension, key);
    }
    return key ?? undefined;
  }
}

/** See EventKeys. A class, not closures per call: this runs for every feature of every event. */
class DimensionKey {
  /** `{<tag>}:<dimension>` */
  private readonly entity: string;
  /** `:<part>…` after the spec hash (or after the dimension, in an entity's shared key). */
  private readonly rest: string;
  /** Shared state keys by kind and extra part (`ctrs`, `ctrs:EUR`). */
  private groups: Map<string, string> | undefined;
  /**
   * `v1:<kind>:{<tag>}:<dimension>:` by kind: the same for all the entity's features of a kind
   * (an account has a dozen counters), joined once. A template of five parts makes a new string
   * at each step, several of them copies (V8 copies short strings instead of linking them).
   */
  private heads: Map<string, string> | undefined;

  constructor(dimension: Dimension, parts: { tag: string; rest: readonly string[] }) {
    this.entity = `{${parts.tag}}:${dimension}`;
    let rest = '';
    for (const part of parts.rest) rest += `:${part}`;
    this.rest = rest;
  }

  /** A feature's id: `v1:<kind>:{<tag>}:<dimension>:<hash>[:<parts>…][:<extra>][:<more>]`. */
  id(kind: string, hash: string, extra?: string, more?: string): string {
    this.heads ??= new Map();
    let head = this.heads.get(kind);
    if (head === undefined) {
      head = `${LAYOUT}:${kind}:${this.entity}:`;
      this.heads.set(kind, head);
    }
    let key = head + hash + this.rest;
    if (extra !== undefined) key += `:${extra}`;
    if (more !== undefined) key += `:${more}`;
    return key;
  }

  /** The entity's shared state of `kind`: `v1:<kind>:{<tag>}:<dimension>[:<parts>…][:<extra>]`. */
  group(kind: string, extra?: string): string {
    const name = extra === undefined ? kind : `${kind}:${extra}`;
    this.groups ??= new Map();
    let key = this.groups.get(name);
    if (key === undefined) {
      key = `${LAYOUT}:${kind}:${this.entity}${this.rest}`;
      if (extra !== undefined) key += `:${extra}`;
      this.groups.set(name, key);
    }
    return key;
  }
}

/**
 * Resolves a declared feature for one event into a concrete request, or undefined when the
 * event lacks what the feature is keyed by (no card, no IP, an amount feature on a login…).
 */
export function resolveFeature(
  spec: FeatureSpec,
  scored: ScoredEvent,
  at: number,
  /** The event's key parts, shared by all its features (else built for this one). */
  keys: EventKeys = new EventKeys(scored),
): FeatureRequest | undefined {
  if (spec.kind === 'list') {
    const value = attributeValue(scored, spec.entity);
    if (value === undefined) return undefined;
    return {
      id: listKey(spec.list, spec.entity, spec.scope, scored.event.accountId, value),
      op: { kind: 'list' },
    };
  }
  const key = keys.of(spec.dimension);
  if (!key) return undefined;
  const matches = matchesFilter(scored, spec.filter);
  const hash = specHash(spec);
  const tx = transactionOf(scored);
  switch (spec.kind) {
    case 'counter':
    case 'daily': {
      let increment = matches ? 1 : 0;
      let currency: string | undefined;
      if (spec.measure === 'amount') {
        // Amounts are only ever added within one currency: no float FX conversion in scoring.
        if (!tx) return undefined;
        increment = matches ? tx.amount.minor : 0;
        currency = tx.amount.currency;
      }
      if (spec.kind === 'counter') {
        return {
          id: key.id('ctr', hash, currency),
          op: { kind: 'counter', windowMs: spec.windowMs, bucketMs: spec.bucketMs, increment },
          // Counters of one entity share a hash, each under its spec hash.
          group: { key: key.group('ctrs', currency), field: hash },
        };
      }
      const day = localDay(at, spec.timeZone);
      return {
        id: currency === undefined ? key.id('day', hash, day) : key.id('day', hash, currency, day),
        op: { kind: 'daily', ttlMs: DAILY_TTL_MS, increment },
      };
    }
    case 'distinct': {
      const member = attributeValue(scored, spec.of);
      return {
        id: key.id('dst', hash),
        op: {
          kind: 'distinct',
          windowMs: spec.windowMs,
          member: matches && member !== undefined ? member : null,
          maxMembers: MAX_DISTINCT_MEMBERS,
        },
      };
    }
    case 'seen_before': {
      const member = attributeValue(scored, spec.of);
      if (member === undefined) return undefined;
      return {
        id: key.id('seen', hash),
        op: {
          kind: 'seen_before',
          member,
          record: matches,
          retentionMs: Math.max(spec.lookbackMs, spec.historyMs ?? 0),
          maxMembers: MAX_SEEN_MEMBERS,
        },
      };
    }
    case 'last_event': {
      const geo = scored.event.geo;
      const record: LastEventRecord = { at, country: geo?.country, lat: geo?.lat, lon: geo?.lon };
      return {
        id: key.id('last', hash),
        op: { kind: 'last_event', record: matches ? record : null, retentionMs: spec.retentionMs },
      };
    }
    case 'average': {
      if (!tx) return undefined;
      return {
        id: key.id('avg', hash, tx.amount.currency),
        op: {
          kind: 'average',
          sample: matches ? tx.amount.minor : null,
          retentionMs: spec.retentionMs,
          maxSamples: MAX_AVERAGE_SAMPLES,
        },
      };
    }
  }
}
