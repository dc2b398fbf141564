import { describe, expect, it } from 'vitest';
import type { FeatureOp } from '@vigil/rules';
import { ARGS_PER_FEATURE, decodeValue, encodeOp } from './redis-feature-store-codec.ts';
import { seenValue } from './redis-feature-store-test-events.ts';

const counter: FeatureOp = { kind: 'counter', windowMs: 60_000, bucketMs: 5_000, increment: 1 };
const last: FeatureOp = { kind: 'last_event', record: null, retentionMs: 1_000 };
const average: FeatureOp = { kind: 'average', sample: null, retentionMs: 1_000, maxSamples: 10 };

describe('feature store codec', () => {
  it('encodes every op as exactly six script operands, with its state key index', () => {
    const ops: FeatureOp[] = [
      counter,
      { kind: 'daily', ttlMs: 1, increment: 0 },
      { kind: 'distinct', windowMs: 1, member: null, maxMembers: 5 },
      { kind: 'seen_before', member: 'd', record: true, retentionMs: 1, maxMembers: 5 },
      { kind: 'last_event', record: { at: 1, country: 'JP' }, retentionMs: 1 },
      average,
      { kind: 'list' },
    ];
    for (const op of ops) expect(encodeOp(op, 2, 'h')).toHaveLength(ARGS_PER_FEATURE);
    expect(
      encodeOp({ kind: 'distinct', windowMs: 1, member: null, maxMembers: 5 }, 3, '').slice(0, 5),
    ).toEqual(['dst', 3, 1, '', 0]);
    // A 60 s window of 5 s buckets spans 12 buckets: the script cuts the first and the last.
    expect(encodeOp(counter, 2, 'abc')).toEqual(['ctr', 2, 'abc', 12, 5000, 1]);
    // Numbers stay numbers (packed as such); members and flags keep their types.
    expect(
      encodeOp(
        { kind: 'seen_before', member: '42', record: false, retentionMs: 9, maxMembers: 5 },
        4,
        '',
      ),
    ).toEqual(['seen', 4, '42', 0, 9, 5]);
    expect(encodeOp({ ...average, sample: 1250 }, 5, '')).toEqual(['avg', 5, 1250, 1_000, 10, '']);
    expect(() =>
      encodeOp({ kind: 'counter', windowMs: 60_000, bucketMs: 7_000, increment: 1 }, 2, 'abc'),
    ).toThrow(/not a multiple of its bucket/);
  });

  it('decodes valid values', () => {
    expect(decodeValue(counter, '12')).toEqual({ kind: 'count', value: 12 });
    const seen: FeatureOp = {
      kind: 'seen_before',
      member: 'd',
      record: false,
      retentionMs: 1,
      maxMembers: 1,
    };
    expect(decodeValue(seen, '-')).toEqual(seenValue(null, false));
    expect(decodeValue(seen, ':1200')).toEqual(seenValue(null, true, null, 1200));
    expect(decodeValue(seen, '1700:1500:1200')).toEqual(seenValue(1700, true, 1500, 1200));
    expect(decodeValue(seen, '-5:-9:-9')).toEqual(seenValue(-5, true, -9, -9));
    // Replayed results from before the first and earliest times were returned.
    expect(decodeValue(seen, '')).toEqual(seenValue(null, true));
    expect(decodeValue(seen, '1700')).toEqual(seenValue(1700, true));
    expect(decodeValue(last, '{"at":5,"country":"JP","lat":1.5,"lon":2}')).toEqual({
      kind: 'last',
      record: { at: 5, country: 'JP', lat: 1.5, lon: 2 },
    });
    expect(decodeValue(average, '4:1000')).toEqual({ kind: 'average', count: 4, mean: 250 });
    expect(decodeValue({ kind: 'list' }, '1')).toEqual({ kind: 'listed', listed: true });
  });

  it('rejects corrupt state instead of scoring on it', () => {
    expect(() => decodeValue(counter, 'twelve')).toThrow(/FEATURE_STATE_CORRUPT|unexpected/);
    expect(() => decodeValue(last, '{"at":"yesterday"}')).toThrow(/unexpected last event/);
    expect(() => decodeValue(last, '{not json')).toThrow(/unexpected last event/);
    expect(() => decodeValue(average, '4')).toThrow(/unexpected average/);
    expect(() =>
      decodeValue(
        { kind: 'seen_before', member: 'd', record: false, retentionMs: 1, maxMembers: 1 },
        '--',
      ),
    ).toThrow(/last-seen time/);
    expect(() => decodeValue({ kind: 'list' }, 'yes')).toThrow(/list membership/);
  });
});
