import { describe, expect, it } from 'vitest';
import {
  abbaOrder,
  compareInterleaved,
  median,
  renderInterleaved,
  type InterleavedStep,
} from './interleaved-latency.ts';
import { summarize } from './stats.ts';

function step(subject: number, n: number, latencies: number[]): InterleavedStep {
  return {
    subject,
    step: n,
    result: {
      perSecond: 100,
      achievedPerSecond: 100,
      events: latencies.length,
      missing: 0,
      latency: summarize(latencies),
      latencies,
      eventLoopDelayP99Ms: 1,
    },
  };
}

/** 50 latencies: 1..49 and a tail, which is the step's p99 (nearest rank 50 of 50); p50 25. */
const withTail = (tail: number) => [...Array.from({ length: 49 }, (_, i) => i + 1), tail];

describe('interleaved A/B latency', () => {
  it('alternates A B B A so each subject gets as many early steps as late ones', () => {
    expect(abbaOrder(4)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(abbaOrder(1)).toEqual([0, 1]);
    const positions = (s: number) =>
      abbaOrder(4)
        .flatMap((x, i) => (x === s ? [i] : []))
        .reduce((a, b) => a + b, 0);
    expect(positions(0)).toBe(positions(1));
  });

  it('pairs the i-th steps of each subject and takes the median of their p99 differences', () => {
    // Steps in A B B A order; B is 20 ms worse in two pairs of three and 30 ms better in one.
    const steps = [
      step(0, 1, withTail(100)),
      step(1, 1, withTail(120)),
      step(1, 2, withTail(90)),
      step(0, 2, withTail(120)),
      step(0, 3, withTail(200)),
      step(1, 3, withTail(220)),
    ];
    const c = compareInterleaved(steps);
    expect(c.pairedP99Differences).toEqual([20, -30, 20]);
    expect(c.medianDifference).toBe(20);
    // Three pairs: the interval is their range, at 75 % (1 − 2 / 2³).
    expect(c.interval).toEqual({ low: -30, high: 20, confidence: 0.75 });
    expect(c.medianStepP99).toEqual([120, 120]);
    expect(c.pooledP50).toEqual([25, 25]);
    // Pooled: 150 samples each, p99 = the 149th: the second largest tail.
    expect(c.pooledP99).toEqual([120, 120]);
    expect(c.missing).toEqual([0, 0]);
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(median([40, -10, 10, 0])).toBe(5);
    expect(median([3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('renders the verdict per rate and every step', () => {
    const md = renderInterleaved({
      names: ['at a622d7e', 'this checkout'],
      stepSeconds: 10,
      limitMs: 10,
      rates: [
        {
          label: '50% of engine max',
          perSecond: 950,
          steps: [step(0, 1, withTail(100)), step(1, 1, withTail(95))],
        },
      ],
    });
    expect(md).toContain('| 50% of engine max | 950');
    expect(md).toContain('**−5.0 ms**');
    // One pair: its difference is the whole interval, which says nothing about the median.
    expect(md).toMatch(/\| −5\.0 … −5\.0 ms \(0 %\) +\| too few pairs +\|/);
    expect(md).toContain('against +10.0 ms');
    expect(md).toContain('| 50% of engine max | this checkout 1');
  });
});
