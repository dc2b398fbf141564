import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { tx } from '../test-support/test-payments.ts';
import { eventsOfParts, historyFromBuffer, historyParts } from './history-buffer.ts';
import type { RecordedEvent } from './recorded-event.ts';

/** Payments from São Paulo: a non-ASCII city, two UTF-8 bytes for one character. */
const history: RecordedEvent[] = Array.from({ length: 300 }, (_, n) => {
  const event = tx(`acct-${n % 7}`, n, n % 60);
  return {
    scored: { kind: 'transaction', event: { ...event, geo: { country: 'BR', city: 'São Paulo' } } },
    origin: `payments/${n % 3}/${n}`,
  };
});

describe('historyParts', () => {
  it('cuts the history into parts of at most the byte budget that give back every event in order', () => {
    const parts = [...historyParts(history, 4096)];
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(4096);
    // Each part is valid JSON of its exact size: no unwritten bytes at its end.
    for (const part of parts) expect(() => historyFromBuffer(part)).not.toThrow();
    expect([...eventsOfParts(parts)]).toEqual(history);
  });

  it('gives an event larger than the budget a part of its own', () => {
    const parts = [...historyParts(history.slice(0, 3), 100)];
    expect(parts).toHaveLength(3);
    expect(parts.map((part) => historyFromBuffer(part))).toEqual(
      history.slice(0, 3).map((e) => [e]),
    );
  });

  it('makes one part of a history within the budget, and none of an empty one', () => {
    const parts = [...historyParts(history.slice(0, 5))];
    expect(parts).toHaveLength(1);
    expect(Buffer.from(parts[0]!).toString('utf8')).toBe(JSON.stringify(history.slice(0, 5)));
    expect([...historyParts([])]).toEqual([]);
  });
});
