/** What a readiness probe found: ok, or why not and (when the probe knows) since when. */
export interface CheckResult {
  ok: boolean;
  /** Why it is failing, for /readyz and the operator reading it ("rebalancing", "PING timed out"). */
  reason?: string;
  /** Epoch ms the failure started, when the probe knows it better than "first seen failing". */
  since?: number;
}

/** A named dependency probe; it resolves true (or ok) when the dependency works right now. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean | CheckResult>;
  /**
   * False for what the service can serve without (a background loop that is failing and will
   * catch up): reported in /readyz's checks, never makes the service unready. Default true.
   */
  gating?: boolean;
}

export interface FailingCheck {
  reason: string;
  /** How long it has been failing, in ms. */
  forMs: number;
  /** Whether it makes the service unready (gating, and past the grace or never passed yet). */
  unready: boolean;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
  /** Only the failing checks; absent when none fails. */
  failing?: Record<string, FailingCheck>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `no answer within ${String(CHECK_TIMEOUT_MS)} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    const result = await Promise.race([
      check.check().then(
        (value): CheckResult => (typeof value === 'boolean' ? { ok: value } : value),
        (error: unknown): CheckResult => ({
          ok: false,
          reason: error instanceof Error ? error.message : String(error),
        }),
      ),
      timeout,
    ]);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness with a grace bound. A gating check that has never passed keeps the service unready
 * (start-up: a rollout waits until the pod really works). One that passed before and fails now is
 * reported at once in `failing`, but makes the service unready only once it has been failing for
 * `graceMs` without a pass in between: a rebalance or a Redis failover shorter than that does not
 * take every replica out together; a replica that stays unable to process says so.
 */
export function createReadiness(options: { graceMs: number; clock?: () => number }) {
  const clock = options.clock ?? Date.now;
  const state = new Map<string, { passed: boolean; failingSince?: number }>();
  return async (current: readonly ReadinessCheck[]): Promise<ReadinessReport> => {
    // The services add checks as their dependencies come up: judge the ones that were run.
    const checks = [...current];
    const results = await Promise.all(checks.map(runCheck));
    const now = clock();
    const report: ReadinessReport = { ready: true, checks: {} };
    checks.forEach((check, i) => {
      const result = results[i]!;
      const entry = state.get(check.name) ?? { passed: false };
      state.set(check.name, entry);
      report.checks[check.name] = result.ok;
      if (result.ok) {
        entry.passed = true;
        entry.failingSince = undefined;
        return;
      }
      entry.failingSince ??= Math.min(result.since ?? now, now);
      const forMs = now - entry.failingSince;
      const unready =
        check.gating !== false && (!entry.passed || forMs >= Math.max(0, options.graceMs));
      if (unready) report.ready = false;
      report.failing ??= {};
      report.failing[check.name] = {
        reason: result.reason ?? (entry.passed ? 'check failed' : 'not up yet'),
        forMs,
        unready,
      };
    });
    return report;
  };
}
