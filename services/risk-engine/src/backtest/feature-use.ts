import { BOTH_SIDES, type Sides } from './shared-rules.ts';

/**
 * Which sides (rule sets) used each feature of a hits computation, and whether one state can
 * serve both: a feature that recorded an event for one side's rules while a rule of the other
 * side, which also uses the feature, did not ask for it cannot (see compute-hits.ts).
 */
export class FeatureUse {
  private readonly used = new Map<string, Sides>();
  private readonly missed = new Map<string, Sides>();

  /** `sides` asked for the feature `key` on an event; `records`: its op changes the state. */
  note(key: string, sides: Sides, records: boolean): void {
    const before = this.used.get(key);
    if (before === undefined || (before | sides) !== before)
      this.used.set(key, (before ?? 0) | sides);
    // The op is the spec's for this event, whichever rule asked: only who asked can differ.
    if (sides !== BOTH_SIDES && records)
      this.missed.set(key, (this.missed.get(key) ?? 0) | (BOTH_SIDES & ~sides));
  }

  /** Each feature with the sides that used it (in first use order), and the conflicts. */
  sharing(): { used: [string, Sides][]; conflicts: string[] } {
    const conflicts: string[] = [];
    for (const [key, sides] of this.missed)
      if ((sides & this.used.get(key)!) !== 0) conflicts.push(key);
    return { used: [...this.used], conflicts };
  }
}
