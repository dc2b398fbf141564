import type { LastEventRecord } from './feature-spec.ts';

/** Computed feature values, validated by the store before they reach a rule. */
export type FeatureValue =
  | { kind: 'count'; value: number }
  /**
   * `known`: the dimension had a recorded value (this one or another) before this event.
   * `firstSeenAt`: this value's first recording, when before the event (how long the account has
   * had this device). `historySince`: the dimension's earliest recording still kept, when before
   * the event (null also where a store result predates the field).
   */
  | {
      kind: 'seen';
      lastSeenAt: number | null;
      known: boolean;
      firstSeenAt: number | null;
      historySince: number | null;
    }
  | { kind: 'last'; record: LastEventRecord | null }
  | { kind: 'average'; count: number; mean: number }
  | { kind: 'listed'; listed: boolean };

/** Values by feature id, as returned by the store for one event. */
export type FeatureValues = ReadonlyMap<string, FeatureValue>;

/**
 * A rule's view of its own features by the local names it declared. `undefined` means the
 * feature does not apply to this event (e.g. no device on the event), so the rule stays silent.
 */
export class FeatureReader {
  /** `values[i]` is the value of the feature named `named[i].name` (a rule reads one or two). */
  constructor(
    private readonly named: readonly { name: string }[],
    private readonly values: readonly FeatureValue[],
  ) {}

  private get(name: string): FeatureValue | undefined {
    for (let i = 0; i < this.named.length; i += 1)
      if (this.named[i]!.name === name) return this.values[i];
    return undefined;
  }

  count(name: string): number | undefined {
    const value = this.get(name);
    return value?.kind === 'count' ? value.value : undefined;
  }

  /** Epoch ms of the last sighting, null if never seen, undefined if not applicable. */
  lastSeenAt(name: string): number | null | undefined {
    const value = this.get(name);
    return value?.kind === 'seen' ? value.lastSeenAt : undefined;
  }

  /**
   * Whether the value was last recorded within `lookbackMs` before `at` (false: never, or longer
   * ago); undefined if not applicable.
   */
  seenWithin(name: string, at: number, lookbackMs: number): boolean | undefined {
    const lastSeenAt = this.lastSeenAt(name);
    if (lastSeenAt === undefined) return undefined;
    return lastSeenAt !== null && at - lastSeenAt <= lookbackMs;
  }

  /**
   * Whether the dimension had any recorded value before this event (false: no history, e.g. a
   * new customer or Vigil's first days); undefined if not applicable.
   */
  hasHistory(name: string): boolean | undefined {
    const value = this.get(name);
    return value?.kind === 'seen' ? value.known : undefined;
  }

  /** Epoch ms of the value's first recording before the event, null if none, undefined if not applicable. */
  firstSeenAt(name: string): number | null | undefined {
    const value = this.get(name);
    return value?.kind === 'seen' ? value.firstSeenAt : undefined;
  }

  /** Epoch ms of the dimension's earliest recording still kept, before the event; null if none. */
  historySince(name: string): number | null | undefined {
    const value = this.get(name);
    return value?.kind === 'seen' ? value.historySince : undefined;
  }

  /**
   * Whether this value is the dimension's first one: its first recording is the dimension's
   * earliest (an account's first device). Undefined if not applicable or not known.
   */
  isFirstValue(name: string): boolean | undefined {
    const value = this.get(name);
    if (value?.kind !== 'seen' || value.firstSeenAt === null || value.historySince === null)
      return undefined;
    return value.firstSeenAt === value.historySince;
  }

  last(name: string): LastEventRecord | null | undefined {
    const value = this.get(name);
    return value?.kind === 'last' ? value.record : undefined;
  }

  average(name: string): { count: number; mean: number } | undefined {
    const value = this.get(name);
    return value?.kind === 'average' ? { count: value.count, mean: value.mean } : undefined;
  }

  listed(name: string): boolean {
    const value = this.get(name);
    return value?.kind === 'listed' && value.listed;
  }
}
