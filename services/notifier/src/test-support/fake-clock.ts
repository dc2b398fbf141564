import type { Clock } from '../app/ports.ts';

/** A clock that only moves when the test says so. */
export function manualClock(start = '2026-11-24T07:00:00.000Z'): {
  now: Clock;
  advance(ms: number): void;
} {
  let now = Date.parse(start);
  return { now: () => now, advance: (ms) => void (now += ms) };
}
