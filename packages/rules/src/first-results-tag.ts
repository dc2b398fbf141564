import { cyrb53Begin, cyrb53Digest, cyrb53Feed } from './cyrb53.ts';
import type { FeatureRequest } from './feature-request.ts';

/**
 * What an event's first results are kept under: the plan (the rule set's fingerprint) and a hash
 * of the features asked for, by id and kind. A replay gets the first results back only when it
 * asks for the same features: the plan alone does not say so when an upstream reuses an event id
 * for another event (same account, same hour), and results handed back by position for other
 * features would be read as the wrong kinds (a sum where a count is expected).
 *
 * The hash is hashText's (cyrb53) of every id and kind, each followed by a NUL, fed one text at a
 * time: it runs for every event, and the text it hashes (~1 KB) is never built.
 */
export function firstResultsTag(
  plan: string | undefined,
  requests: readonly FeatureRequest[],
): string {
  cyrb53Begin();
  for (const request of requests) {
    cyrb53Feed(request.id, true);
    cyrb53Feed(request.op.kind, true);
  }
  // No 0x1f: the Redis script keeps the tag as the first of its results' parts, split on it.
  return `${plan ?? ''}:${cyrb53Digest()}`;
}
