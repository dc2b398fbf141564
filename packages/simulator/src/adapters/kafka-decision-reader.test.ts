import { describe, expect, it } from 'vitest';
import type { RiskDecision } from '@vigil/events';
import { inPartitionOrder } from './kafka-decision-reader.ts';

const d = (eventId: string) => ({ eventId }) as RiskDecision;

describe('inPartitionOrder', () => {
  it('returns partitions in ascending order, each by offset (as numbers, not strings), skipping what was not a decision', () => {
    const byPartition = new Map([
      [2, new Map([[10n, d('p2-10')], [9n, d('p2-9')]])],
      [0, new Map<bigint, RiskDecision | null>([[100n, d('p0-100')], [11n, null], [9n, d('p0-9')]])],
    ]);
    expect(inPartitionOrder(byPartition).map((x) => x.eventId)).toEqual(['p0-9', 'p0-100', 'p2-9', 'p2-10']);
  });
});
