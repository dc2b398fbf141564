import { describe, expect, it } from 'vitest';
import { cpuMsPerEvent, type ResourceSample } from './live-resources.ts';

const sample = (scale: number, postgres: [number, number][]): ResourceSample => ({
  services: {
    'risk-engine': { cpuSeconds: 10 * scale, rssBytes: 1 },
    'case-service': { cpuSeconds: 2 * scale, rssBytes: 1 },
    notifier: { cpuSeconds: scale, rssBytes: 1 },
  },
  redisCpuSeconds: 4 * scale,
  postgres: new Map(postgres),
  harnessCpuSeconds: 3 * scale,
});

describe('cpuMsPerEvent', () => {
  it('divides each consumer’s CPU between two samples by the events in between', () => {
    const before = sample(1, [[100, 5]]);
    // Backend 100 used 1 s more; backend 200 was born in between and used 0.5 s.
    const after = sample(2, [
      [100, 6],
      [200, 0.5],
    ]);
    expect(cpuMsPerEvent(before, after, 1_000)).toEqual({
      'risk-engine': 10,
      'case-service': 2,
      notifier: 1,
      'redis-server': 4,
      postgres: 1.5,
      harness: 3,
    });
    expect(cpuMsPerEvent(before, after, 0)['risk-engine']).toBeNaN();
  });
});
