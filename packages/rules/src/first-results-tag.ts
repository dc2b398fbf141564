import type { FeatureRequest } from './feature-request.ts';

// The hash state of the tag being computed (firstResultsTag is synchronous): two numbers, not an
// object per call.
let h1 = 0;
let h2 = 0;

/** Feeds `text` and a NUL after it to the hash. */
function feed(text: string): void {
  for (let i = 0; i <= text.length; i += 1) {
    // The NUL: charCodeAt past the end is NaN, and NaN ^ h is h, so it cannot stand in for it.
    const ch = i < text.length ? text.charCodeAt(i) : 0;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
}

/**
 * What an event's first results are kept under: the plan (the rule set's fingerprint) and a hash
 * of the features asked for, by id and kind. A replay gets the first results back only when it
 * asks for the same features: the plan alone does not say so when an upstream reuses an event id
 * for another event (same account, same hour), and results handed back by position for other
 * features would be read as the wrong kinds (a sum where a count is expected).
 *
 * The hash is hashText's (cyrb53) of every id and kind, each followed by a NUL, fed a character
 * at a time: it runs for every event, and the text it hashes (~1 KB) is never built.
 */
export function firstResultsTag(
  plan: string | undefined,
  requests: readonly FeatureRequest[],
): string {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  for (const request of requests) {
    feed(request.id);
    feed(request.op.kind);
  }
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  // No 0x1f: the Redis script keeps the tag as the first of its results' parts, split on it.
  return `${plan ?? ''}:${(4294967296 * (2097151 & b) + (a >>> 0)).toString(36)}`;
}
