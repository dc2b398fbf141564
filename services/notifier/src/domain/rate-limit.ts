import type { NotificationKind } from './notification.ts';

/** At most `maxPerWindow` notices per account in any `windowMs`; exempt kinds always go out. */
export interface RateLimitPolicy {
  maxPerWindow: number;
  windowMs: number;
  exemptKinds: readonly NotificationKind[];
}

/**
 * Given how many notices the account was already given in the window (suppressed and dead ones
 * do not count: the customer never saw them, and a provider outage must not use up the next
 * notices), decides whether this one is queued or suppressed. A
 * suppressed notice is recorded with its status, never dropped.
 */
export function rateLimitStatus(
  kind: NotificationKind,
  acceptedInWindow: number,
  policy: RateLimitPolicy,
): 'pending' | 'suppressed' {
  if (policy.exemptKinds.includes(kind)) return 'pending';
  return acceptedInWindow < policy.maxPerWindow ? 'pending' : 'suppressed';
}

/** What a suppressed row records as its reason, so "why did the customer get nothing?" has an answer. */
export function suppressionReason(policy: RateLimitPolicy): string {
  return `rate limit: ${policy.maxPerWindow} per ${policy.windowMs} ms`;
}
