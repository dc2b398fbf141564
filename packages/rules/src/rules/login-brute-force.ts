import { z } from 'zod';
import { LOGIN_FAILURE_REASONS } from '@vigil/events';
import { duration, formatDuration } from '../duration.ts';
import type { EventFilter } from '../event-filter.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defaultBucketMs } from '../windows.ts';
import { defineRule, reachedTier, tierHit, tiers } from '../rule.ts';

const params = z.object({
  /** account_ip by default: Keycloak warns that account-only lockouts let attackers lock real users out. */
  dimension: z.enum(['account', 'account_ip']).default('account_ip'),
  window: duration,
  failureReasons: z.array(z.enum(LOGIN_FAILURE_REASONS)).min(1).default(['bad_password']),
  tiers,
  /** Cognito-style escalation: after `after` failures lock for `base`, doubling per failure up to `max`. */
  lock: z.object({ after: z.number().int().positive(), base: duration, max: duration }).optional(),
});

/** Lock duration for the n-th failure: base × 2^(n − after), capped; 0 below `after`. */
export function escalatingLockMs(
  failures: number,
  lock: { after: number; base: number; max: number },
): number {
  if (failures < lock.after) return 0;
  const doublings = Math.min(failures - lock.after, 40);
  return Math.min(lock.base * 2 ** doublings, lock.max);
}

export const loginBruteForceRule = defineRule({
  type: 'login-brute-force',
  description: 'failed logins per account or account+IP, with escalating temporary locks',
  params,
  compile: (p) => {
    const filter: EventFilter = {
      kinds: ['login'],
      loginOutcome: 'failure',
      failureReasons: p.failureReasons,
    };
    const failures: FeatureSpec = {
      kind: 'counter',
      dimension: p.dimension,
      measure: 'count',
      windowMs: p.window,
      bucketMs: defaultBucketMs(p.window),
      filter,
    };
    return {
      features: (scored) =>
        scored.kind === 'login' && scored.event.outcome === 'failure' ? { failures } : {},
      evaluate: (scored, features) => {
        const observed = features.count('failures');
        if (observed === undefined || scored.kind !== 'login') return null;
        const step = reachedTier(p.tiers, observed);
        if (!step) return null;
        const hit = tierHit(
          step,
          `${observed} failed logins per ${p.dimension} in ${formatDuration(p.window)}`,
          observed,
        );
        const lockMs = p.lock ? escalatingLockMs(observed, p.lock) : 0;
        if (lockMs > 0) {
          hit.temporaryLock = {
            scope: p.dimension,
            accountId: scored.event.accountId,
            ip: scored.event.ip,
            durationMs: lockMs,
          };
          hit.message += `; temporary lock ${formatDuration(lockMs)}`;
        }
        return hit;
      },
    };
  },
});
