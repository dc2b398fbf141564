import { describe, expect, it } from 'vitest';
import type { LedgerRecord, LedgerSlice } from '../app/ports.ts';
import { createPgLabelStore } from './pg-label-store.ts';
import { migratedSchema } from '../test-support/migrated-schema.ts';

// The label intake hands the ledger every partition slice of a fetch in one call: each slice is
// counted from its own partition's stored offset, and a fetch may redeliver one partition's slice
// beside another partition's new records.

const pg = migratedSchema();
const AT = '2026-12-01T10:00:00.000Z';

/** Records at `from`..`to` (inclusive) of a partition; every third one flagged (kept). */
function records(partition: number, from: number, to: number): LedgerRecord[] {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const offset = from + i;
    const decisionId = `ls-${partition}-${offset}`;
    return {
      offset: String(offset),
      decidedAt: AT,
      payment: undefined,
      entry:
        offset % 3 === 0
          ? {
              decisionId,
              eventId: `evt-${decisionId}`,
              eventType: 'login',
              accountId: `ls-acct-${offset % 4}`,
              transactionId: undefined,
              outcome: 'challenge',
              score: 40,
              reasons: [{ rule: 'new-device', message: 'new device' }],
              rules: ['new-device'],
              shadowRules: [],
              decidedAt: AT,
            }
          : undefined,
    };
  });
}

const slice = (partition: number, from: number, to: number): LedgerSlice => ({
  topic: 'decisions',
  partition,
  records: records(partition, from, to),
});

async function counted(): Promise<{ decisions: number; kept: number }> {
  const { rows } = await pg().pool.query<{ decisions: number; kept: number }>(
    `SELECT (SELECT coalesce(sum(decisions), 0)::int FROM decision_day_counts) AS decisions,
       (SELECT count(*)::int FROM decision_ledger) AS kept`,
  );
  return rows[0]!;
}

describe('decision ledger: the partition slices of a fetch in one call (real PostgreSQL)', () => {
  it('counts each slice from its own partition offset, and a redelivered slice beside new ones moves nothing back', async () => {
    const store = createPgLabelStore(pg().pool);
    await store.recordDecisions([slice(0, 0, 5), slice(1, 0, 3), slice(2, 0, 0)]);
    expect(await counted()).toEqual({ decisions: 11, kept: 5 });
    await store.recordDecisions([slice(0, 6, 8)]);
    expect(await counted()).toEqual({ decisions: 14, kept: 6 });

    // Partition 0's first slice again beside partition 1's next records (overlapping its last
    // two): only partition 1's new ones count, and partition 0 stays at 9.
    await store.recordDecisions([slice(0, 0, 5), slice(1, 2, 7), slice(2, 0, 0)]);
    expect(await counted()).toEqual({ decisions: 18, kept: 7 });
    await store.recordDecisions([slice(0, 6, 8), slice(1, 4, 7)]);
    expect(await counted()).toEqual({ decisions: 18, kept: 7 });

    const { rows } = await pg().pool.query<{ partition: number; next_offset: string }>(
      "SELECT partition, next_offset FROM ledger_offsets WHERE topic = 'decisions' ORDER BY partition",
    );
    expect(rows).toEqual([
      { partition: 0, next_offset: '9' },
      { partition: 1, next_offset: '8' },
      { partition: 2, next_offset: '1' },
    ]);
  });
});
