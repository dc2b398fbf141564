import { describe, expect, it } from 'vitest';
import { generateTraffic } from '../domain/generate-traffic.ts';
import type { SimulatedRecord } from '../domain/ground-truth.ts';
import type { RecordSink } from './record-sink.ts';
import { createResendingSink } from './resending-sink.ts';

function collecting(): RecordSink & { records: SimulatedRecord[] } {
  const records: SimulatedRecord[] = [];
  return {
    records,
    write: (record) => Promise.resolve(void records.push(record)),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

const traffic = [
  ...generateTraffic({
    seed: 7,
    accounts: 30,
    duration: '1h',
    start: '2026-11-20T00:00:00.000Z',
  }).records,
].map((planned) => planned.record);

describe('createResendingSink', () => {
  it('writes every record once, and a seeded share again a few records later, same payload', async () => {
    const inner = collecting();
    const sink = createResendingSink(inner, { rate: 0.2, seed: 1, afterRecords: 3 });
    for (const record of traffic) await sink.write(record);
    await sink.close();

    const ids = inner.records.map((r) => r.event.eventId);
    expect(new Set(ids)).toEqual(new Set(traffic.map((r) => r.event.eventId)));
    expect(sink.resent()).toBe(ids.length - traffic.length);
    expect(sink.resent() / traffic.length).toBeGreaterThan(0.1);
    expect(sink.resent() / traffic.length).toBeLessThan(0.3);
    const firstAt = new Map<string, number>();
    inner.records.forEach((record, index) => {
      const first = firstAt.get(record.event.eventId);
      if (first === undefined) {
        firstAt.set(record.event.eventId, index);
        return;
      }
      // A copy: the very same event, written after at least three later records (or at close).
      expect(record).toBe(inner.records[first]);
      expect(index - first >= 4 || index >= traffic.length).toBe(true);
    });

    const again = collecting();
    const replay = createResendingSink(again, { rate: 0.2, seed: 1, afterRecords: 3 });
    for (const record of traffic) await replay.write(record);
    await replay.close();
    expect(again.records.map((r) => r.event.eventId)).toEqual(ids);
  });

  it('rate 0 passes records through untouched; a rate outside 0..1 is refused', async () => {
    const inner = collecting();
    const sink = createResendingSink(inner, { rate: 0, seed: 1 });
    for (const record of traffic.slice(0, 20)) await sink.write(record);
    await sink.flush();
    expect(inner.records).toEqual(traffic.slice(0, 20));
    expect(() => createResendingSink(inner, { rate: 1.5, seed: 1 })).toThrow(RangeError);
  });
});
