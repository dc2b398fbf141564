import { describe, expect, it } from 'vitest';
import type { GeneratedEvent } from './event-mix.ts';
import { createLiveTraffic } from './live-traffic.ts';
import { startTrafficThread } from './live-traffic-thread.ts';

const identity = ({ kind, event }: GeneratedEvent) => [kind, event.eventId, event.accountId];

describe('startTrafficThread', () => {
  it('serves the same events as createLiveTraffic in this thread, in order, across generations', async () => {
    // One simulated end for both: each generator would otherwise end its day at the wall clock
    // when it starts a generation, moments apart, and events close together can swap places.
    const options = {
      accounts: 100,
      seed: 7,
      runId: 'unit',
      simulatedEndsAt: Date.parse('2026-12-06T10:00:00.000Z'),
    };
    const here = createLiveTraffic(options);
    const thread = startTrafficThread(options);
    try {
      const [first, second] = await Promise.all([thread.take(1_500), thread.take(2_500)]);
      expect([...first, ...second].map(identity)).toEqual(
        [...here.take(1_500), ...here.take(2_500)].map(identity),
      );
      expect(thread.generations()).toBe(here.generations());
      expect(thread.generations()).toBeGreaterThan(1);
    } finally {
      await thread.close();
    }
    await expect(thread.take(1)).rejects.toThrow('closed');
  });
});
