import { describe, expect, it } from 'vitest';
import {
  backlogSlope,
  judgeStep,
  maxSustainableRate,
  type BacklogSample,
  type StepMeasurement,
} from './step-verdict.ts';
import { summarize } from './stats.ts';

const bounds = { targetP99Ms: 100, stopP99Ms: 1_000 };
const flat = (level: number, seconds = 10): BacklogSample[] =>
  Array.from({ length: seconds }, (_, i) => ({ atMs: i * 1_000, backlog: level }));
const rising = (perSecond: number, seconds = 10): BacklogSample[] =>
  Array.from({ length: seconds }, (_, i) => ({ atMs: i * 1_000, backlog: i * perSecond }));

function step(overrides: Partial<StepMeasurement> = {}): StepMeasurement {
  return {
    perSecond: 1_000,
    achievedSendPerSecond: 1_000,
    latency: summarize([10, 20, 30, 40, 50]),
    missing: 0,
    backlog: flat(30),
    ...overrides,
  };
}

describe('backlogSlope', () => {
  it('is the least-squares growth in events per second', () => {
    expect(backlogSlope(rising(250))).toBeCloseTo(250);
    expect(backlogSlope(flat(400))).toBe(0);
    expect(backlogSlope([{ atMs: 0, backlog: 5 }])).toBe(0);
  });
});

describe('judgeStep', () => {
  it('calls a step with p99 in bound and a steady backlog sustainable', () => {
    expect(judgeStep(step(), bounds)).toEqual({
      sustainable: true,
      stop: false,
      backlogGrowing: false,
      notes: [],
    });
  });

  it('is not sustainable past the target p99, and stops past the stop bound', () => {
    const slow = judgeStep(step({ latency: summarize([50, 150]) }), bounds);
    expect(slow).toMatchObject({ sustainable: false, stop: false });
    expect(slow.notes).toEqual(['p99 > 100 ms']);
    expect(judgeStep(step({ latency: summarize([1_500]) }), bounds).stop).toBe(true);
    // No decision at all: no p99, so no claim that it was fast.
    expect(judgeStep(step({ latency: summarize([]), missing: 5 }), bounds)).toMatchObject({
      sustainable: false,
      stop: true,
    });
  });

  it('stops on a backlog that keeps growing, but not on a steady or small one', () => {
    const growing = judgeStep(step({ backlog: rising(200) }), bounds);
    expect(growing).toMatchObject({ sustainable: false, stop: true, backlogGrowing: true });
    // Rising a little, and small in the end: jitter, not overload.
    expect(judgeStep(step({ backlog: rising(40) }), bounds).backlogGrowing).toBe(false);
    expect(judgeStep(step({ backlog: flat(2_000) }), bounds).backlogGrowing).toBe(false);
  });

  it('stops when the producer could not offer the rate', () => {
    const verdict = judgeStep(step({ achievedSendPerSecond: 800 }), bounds);
    expect(verdict).toMatchObject({ sustainable: false, stop: true });
    expect(verdict.notes).toEqual(['the producer fell behind the offered rate']);
  });
});

describe('maxSustainableRate', () => {
  it('is the largest sustainable step, or undefined', () => {
    const s = (perSecond: number, sustainable: boolean) => ({
      perSecond,
      verdict: { sustainable },
    });
    expect(maxSustainableRate([s(250, true), s(500, true), s(1_000, false)])).toBe(500);
    expect(maxSustainableRate([s(250, false)])).toBeUndefined();
  });
});
