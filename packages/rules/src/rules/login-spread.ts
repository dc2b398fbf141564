import { z } from 'zod';
import { duration, formatDuration } from '../duration.ts';
import type { EventFilter } from '../event-filter.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defaultBucketMs } from '../windows.ts';
import { defineRule } from '../rule.ts';

const params = z
  .object({
    window: duration,
    minAccounts: z.number().int().positive(),
    minAttempts: z.number().int().positive(),
    /** Attempts per targeted account (average): stuffing tries each account once or twice, spraying a few times. */
    minPerAccount: z.number().nonnegative().default(0),
    maxPerAccount: z.number().positive().default(Number.MAX_SAFE_INTEGER),
    /**
     * Only fire while successful sign-ins are at most this share of the IP's sign-ins in the
     * window: stuffing succeeds for a few accounts in a hundred, while a shared office or carrier
     * IP whose users mistype passwords signs most of them in. Absent: successes are not counted.
     */
    maxSuccessShare: z.number().min(0).max(1).optional(),
  })
  .refine((p) => p.minPerAccount <= p.maxPerAccount, {
    message: 'minPerAccount must not exceed maxPerAccount',
  });

const FAILED_LOGINS: EventFilter = { kinds: ['login'], loginOutcome: 'failure' };
const SUCCESSFUL_LOGINS: EventFilter = { kinds: ['login'], loginOutcome: 'success' };

/**
 * One IP failing logins across many accounts: credential stuffing (many accounts, ≤ 2 tries
 * each) or password spraying (fewer accounts, 2–8 tries each), per the Elastic detection rules.
 */
export const loginSpreadRule = defineRule({
  type: 'login-spread',
  description: 'failed logins from one IP spread across many accounts',
  params,
  compile: (p) => {
    const specs: Record<string, FeatureSpec> = {
      attempts: {
        kind: 'counter',
        dimension: 'ip',
        measure: 'count',
        windowMs: p.window,
        bucketMs: defaultBucketMs(p.window),
        filter: FAILED_LOGINS,
      },
      accounts: {
        kind: 'distinct',
        dimension: 'ip',
        of: 'account',
        windowMs: p.window,
        filter: FAILED_LOGINS,
      },
    };
    if (p.maxSuccessShare !== undefined)
      specs.successes = {
        kind: 'counter',
        dimension: 'ip',
        measure: 'count',
        windowMs: p.window,
        bucketMs: defaultBucketMs(p.window),
        filter: SUCCESSFUL_LOGINS,
      };
    return {
      features: (scored) => (scored.kind === 'login' && scored.event.ip !== undefined ? specs : {}),
      evaluate: (_scored, features) => {
        const attempts = features.count('attempts');
        const accounts = features.count('accounts');
        if (attempts === undefined || accounts === undefined || accounts === 0) return null;
        const perAccount = attempts / accounts;
        if (accounts < p.minAccounts || attempts < p.minAttempts) return null;
        if (perAccount < p.minPerAccount || perAccount > p.maxPerAccount) return null;
        if (p.maxSuccessShare !== undefined) {
          const successes = features.count('successes') ?? 0;
          if (successes / (successes + attempts) > p.maxSuccessShare) return null;
        }
        return {
          message: `${attempts} failed logins across ${accounts} accounts from one IP in ${formatDuration(p.window)} (${perAccount.toFixed(1)} per account)`,
          observed: accounts,
          threshold: p.minAccounts,
        };
      },
    };
  },
});
