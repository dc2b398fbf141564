import { describe, expect, it } from 'vitest';
import type { DeadLetterView } from '../dead-letter-view.ts';
import { NewestLetters } from './newest-letters.ts';
import { seededRandom } from '@vigil/testing';

function letter(partition: number, offset: number, failedAt: string): DeadLetterView {
  return {
    partition,
    offset: String(offset),
    errorCode: 'VALIDATION',
    errorMessage: 'bad',
    sourceTopic: 't',
    sourcePartition: partition,
    sourceOffset: String(offset),
    failedAt,
    key: null,
    value: null,
    headers: {},
  };
}

const place = (l: DeadLetterView) => `${l.partition}/${l.offset}`;

describe('NewestLetters', () => {
  it('keeps the most recent failures across partitions, oldest first', () => {
    const newest = new NewestLetters(3);
    // Fetch order: partition 0's letters, then partition 1's; failures interleave in time.
    newest.add(letter(0, 0, '2026-12-06T10:00:00.000Z'));
    newest.add(letter(0, 1, '2026-12-06T10:00:03.000Z'));
    newest.add(letter(0, 2, '2026-12-06T10:00:05.000Z'));
    newest.add(letter(1, 0, '2026-12-06T10:00:01.000Z'));
    newest.add(letter(1, 1, '2026-12-06T10:00:04.000Z'));
    newest.add(letter(1, 2, '2026-12-06T11:00:00.000+01:00')); // 10:00:00Z, offsets compared as time
    expect(newest.oldestFirst().map(place)).toEqual(['0/1', '1/1', '0/2']);
  });

  it('breaks time ties by partition, then offset as a number', () => {
    const newest = new NewestLetters(10);
    for (const [p, o] of [
      [1, 10],
      [0, 9],
      [1, 9],
      [0, 100],
    ] as const)
      newest.add(letter(p, o, '2026-12-06T10:00:00.000Z'));
    expect(newest.oldestFirst().map(place)).toEqual(['0/9', '0/100', '1/9', '1/10']);
  });

  it('gives what sorting everything and keeping the tail gives, in any arrival order', () => {
    const random = seededRandom(20261206);
    for (let round = 0; round < 200; round++) {
      const letters = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) =>
        letter(
          Math.floor(random() * 3),
          i,
          new Date(1_796_000_000_000 + Math.floor(random() * 20) * 1_000).toISOString(),
        ),
      );
      const limit = Math.floor(random() * 12);
      const newest = new NewestLetters(limit);
      letters.forEach((l) => newest.add(l));
      const expected = [...letters]
        .sort(
          (a, b) =>
            Date.parse(a.failedAt) - Date.parse(b.failedAt) ||
            a.partition - b.partition ||
            Number(a.offset) - Number(b.offset),
        )
        .slice(Math.max(0, letters.length - limit));
      expect(newest.oldestFirst().map(place)).toEqual(limit === 0 ? [] : expected.map(place));
    }
  });
});
