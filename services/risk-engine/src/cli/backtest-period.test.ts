import { describe, expect, it } from 'vitest';
import { tx } from '../test-support/test-payments.ts';
import type { RecordedEvent } from '../backtest/recorded-event.ts';
import { backtestPeriod } from './backtest-period.ts';

const at = (n: number, minute: number): RecordedEvent => ({
  scored: { kind: 'transaction', event: tx('acct-period', n, minute) },
  origin: `payments/0/${n}`,
});

describe('backtestPeriod', () => {
  const history = [at(1, 30), at(2, 5), at(3, 90), at(4, 60)];
  const time = (minute: number) => Date.parse(at(0, minute).scored.event.occurredAt);

  it('runs from the first event to just after the last, in any order', () => {
    expect(backtestPeriod(history, {})).toEqual({ measureFrom: time(5), measureTo: time(90) + 1 });
  });

  it('keeps a given bound', () => {
    expect(backtestPeriod(history, { from: 7, to: 9 })).toEqual({ measureFrom: 7, measureTo: 9 });
    expect(backtestPeriod(history, { from: 7 })).toEqual({
      measureFrom: 7,
      measureTo: time(90) + 1,
    });
  });

  // The CLI spread every event's time into Math.min/Math.max and died with "Maximum call stack
  // size exceeded" on the bench's 5,000-account history (about 200,000 events).
  it('takes a history far longer than a call can have arguments', () => {
    const event = at(1, 0);
    const long = Array.from({ length: 300_000 }, () => event);
    long.push(at(2, 1));
    expect(backtestPeriod(long, {}).measureTo).toBe(time(1) + 1);
  });
});
