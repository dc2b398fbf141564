import { describe, expect, it } from 'vitest';
import type { FeatureRequest } from './feature-request.ts';
import { hashText } from './feature-keys.ts';
import { firstResultsTag } from './first-results-tag.ts';

const count: FeatureRequest = {
  id: 'v1:{a}:ctr:x',
  op: { kind: 'counter', windowMs: 60_000, bucketMs: 1_000, increment: 1 },
};
const seen: FeatureRequest = {
  id: 'v1:{a}:seen:device',
  op: { kind: 'seen_before', member: 'd-1', record: true, retentionMs: 1_000, maxMembers: 10 },
};

describe('firstResultsTag', () => {
  it('is the same for the same plan and features, whatever their operands', () => {
    const more = { ...count, op: { ...count.op, increment: 5 } } as FeatureRequest;
    expect(firstResultsTag('p', [count, seen])).toBe(firstResultsTag('p', [more, seen]));
  });

  it('tells apart another plan, other features, another kind or order, with as many features', () => {
    const tags = new Set([
      firstResultsTag('p', [count]),
      firstResultsTag('q', [count]),
      firstResultsTag('p', [seen]),
      firstResultsTag('p', [{ ...seen, id: count.id }]),
      firstResultsTag('p', [count, seen]),
      firstResultsTag('p', [seen, count]),
      firstResultsTag(undefined, [count]),
    ]);
    expect(tags.size).toBe(7);
  });

  it('is hashText of the ids and kinds, each ended by a NUL', () => {
    expect(firstResultsTag('p', [count, seen])).toBe(
      `p:${hashText(`${count.id}\0counter\0${seen.id}\0seen_before\0`)}`,
    );
  });
});
