import type { FeatureRequest } from './feature-request.ts';
import { hashText } from './feature-keys.ts';

/**
 * What an event's first results are kept under: the plan (the rule set's fingerprint) and a hash
 * of the features asked for, by id and kind. A replay gets the first results back only when it
 * asks for the same features: the plan alone does not say so when an upstream reuses an event id
 * for another event (same account, same hour), and results handed back by position for other
 * features would be read as the wrong kinds (a sum where a count is expected).
 */
export function firstResultsTag(
  plan: string | undefined,
  requests: readonly FeatureRequest[],
): string {
  let text = '';
  for (const request of requests) text += `${request.id}\u0000${request.op.kind}\u0000`;
  // No 0x1f: the Redis script keeps the tag as the first of its results' parts, split on it.
  return `${plan ?? ''}:${hashText(text)}`;
}
