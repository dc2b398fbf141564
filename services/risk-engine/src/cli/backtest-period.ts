import { eventTime } from '@vigil/rules';
import type { RecordedEvent } from '../backtest/recorded-event.ts';

/**
 * The measured period: `from` / `to` as given, else from the history's first event to just
 * after its last. A loop, not Math.min(...times): spreading a month of events as arguments
 * overflows the stack (it did at 200,000).
 */
export function backtestPeriod(
  history: readonly RecordedEvent[],
  given: { from?: number | undefined; to?: number | undefined },
): { measureFrom: number; measureTo: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const { scored } of history) {
    const at = eventTime(scored);
    if (at < first) first = at;
    if (at > last) last = at;
  }
  return { measureFrom: given.from ?? first, measureTo: given.to ?? last + 1 };
}
