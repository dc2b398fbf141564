import type { CheckResult } from '@vigil/observability';

/**
 * Whether a consumer still gets work done: records waiting (fetched, not yet committed) and no
 * batch committed for `stallMs`. Membership alone cannot tell: a replica whose every transaction
 * is refused, or whose every Redis call fails, stays in its group, heartbeating, while nothing it
 * owns moves on — a stall other replicas could take over if it were reported. Idle (nothing
 * waiting) is never a stall.
 */
export interface BatchProgress {
  /** Records are waiting: the clock starts now unless it already runs. */
  waiting(now: number): void;
  /** A batch committed: the clock restarts if records still wait, stops if none do. */
  committed(now: number, stillWaiting: boolean): void;
  /** Nothing waits (drained, or the units went elsewhere): the clock stops. */
  idle(): void;
  check(now: number): CheckResult;
}

export function createBatchProgress(stallMs: number): BatchProgress {
  let waitingSince: number | undefined;
  return {
    waiting(now) {
      waitingSince ??= now;
    },
    committed(now, stillWaiting) {
      waitingSince = stillWaiting ? now : undefined;
    },
    idle() {
      waitingSince = undefined;
    },
    check(now) {
      if (waitingSince === undefined || now - waitingSince < stallMs) return { ok: true };
      return {
        ok: false,
        reason: `no batch committed for ${String(Math.round((now - waitingSince) / 1_000))} s while records wait`,
        since: waitingSince,
      };
    },
  };
}
