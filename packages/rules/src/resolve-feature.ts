import type { ScoredEvent } from '@vigil/events';
import { canonicalFilter, matchesFilter } from './event-filter.ts';
import { attributeValue, transactionOf } from './event-view.ts';
import { dimensionParts, entityKey, featureKey, hashText, listKey } from './feature-keys.ts';
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
 * Builds one event's feature ids. A class, not a closure made per call: closures created in this
 * hot path (dozens per event) cost measurable time when the runtime keeps function names.
 */
class KeyBuilder {
  constructor(
    private readonly dimension: Dimension,
    private readonly hash: string,
    private readonly parts: { tag: string; rest: string[] },
  ) {}

  build(kind: string, extra: readonly string[] = []): string {
    return featureKey(kind, this.dimension, this.hash, this.parts.tag, this.parts.rest, extra);
  }

  /** The entity's shared state and this feature's field in it (the spec hash). */
  group(kind: string, extra: readonly string[] = []): { key: string; field: string } {
    const key = entityKey(kind, this.dimension, this.parts.tag, this.parts.rest, extra);
    return { key, field: this.hash };
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
): FeatureRequest | undefined {
  if (spec.kind === 'list') {
    const value = attributeValue(scored, spec.entity);
    if (value === undefined) return undefined;
    return {
      id: listKey(spec.list, spec.entity, spec.scope, scored.event.accountId, value),
      op: { kind: 'list' },
    };
  }
  const parts = dimensionParts(spec.dimension, scored);
  if (!parts) return undefined;
  const matches = matchesFilter(scored, spec.filter);
  const hash = specHash(spec);
  const tx = transactionOf(scored);
  const key = new KeyBuilder(spec.dimension, hash, parts);
  switch (spec.kind) {
    case 'counter':
    case 'daily': {
      let increment = matches ? 1 : 0;
      const extra: string[] = [];
      if (spec.measure === 'amount') {
        // Amounts are only ever added within one currency: no float FX conversion in scoring.
        if (!tx) return undefined;
        increment = matches ? tx.amount.minor : 0;
        extra.push(tx.amount.currency);
      }
      if (spec.kind === 'counter') {
        return {
          id: key.build('ctr', extra),
          op: { kind: 'counter', windowMs: spec.windowMs, bucketMs: spec.bucketMs, increment },
          group: key.group('ctrs', extra),
        };
      }
      extra.push(localDay(at, spec.timeZone));
      return { id: key.build('day', extra), op: { kind: 'daily', ttlMs: DAILY_TTL_MS, increment } };
    }
    case 'distinct': {
      const member = attributeValue(scored, spec.of);
      return {
        id: key.build('dst'),
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
        id: key.build('seen'),
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
        id: key.build('last'),
        op: { kind: 'last_event', record: matches ? record : null, retentionMs: spec.retentionMs },
      };
    }
    case 'average': {
      if (!tx) return undefined;
      return {
        id: key.build('avg', [tx.amount.currency]),
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
