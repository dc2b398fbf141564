import { describe, expect, it } from 'vitest';
import { EventWriter, type PlannedRecord } from './event-writer.ts';
import { BENIGN } from './ground-truth.ts';
import { mergeByTime } from './merge-by-time.ts';

const at = (writer: EventWriter, t: number): PlannedRecord =>
  writer.change(t, 'acct', { change: 'password_reset' });

describe('mergeByTime', () => {
  it('merges ordered sources into one ordered stream, ties by source index', () => {
    const a = new EventWriter('a', BENIGN);
    const b = new EventWriter('b', BENIGN);
    const merged = [...mergeByTime([[at(a, 1), at(a, 5), at(a, 9)], [at(b, 0), at(b, 5), at(b, 10)], []])];
    expect(merged.map((p) => `${p.record.event.eventId}@${p.at}`)).toEqual(['b-1@0', 'a-1@1', 'a-2@5', 'b-2@5', 'a-3@9', 'b-3@10']);
  });

  it('pulls lazily: only one pending record per source', () => {
    let pulled = 0;
    function* counting(): Generator<PlannedRecord> {
      const w = new EventWriter('c', BENIGN);
      for (let t = 0; t < 1_000; t++) {
        pulled++;
        yield at(w, t);
      }
    }
    const it = mergeByTime([counting()])[Symbol.iterator]();
    it.next();
    it.next();
    expect(pulled).toBeLessThanOrEqual(3);
  });
});
