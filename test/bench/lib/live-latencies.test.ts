import { describe, expect, it } from 'vitest';
import { stepLatencyFile, stepLatencyLines } from './live-latencies.ts';

describe('stepLatencyLines', () => {
  it('gives each event its send offset and latency in send order, undecided ones as NaN', () => {
    const sentAt = new Map([
      ['e1', 1_000.25],
      ['e2', 1_005],
      ['e3', 1_010],
    ]);
    const seenAt = new Map([
      ['e1', 1_020.5],
      ['e3', 1_112],
      ['other', 900],
    ]);
    const origin = Date.parse('2026-12-05T03:00:00.000Z');
    expect(stepLatencyLines(sentAt, seenAt, origin).split('\n')).toEqual([
      '# first send 2026-12-05T03:00:01.000Z',
      '0.0\t20.3\te1',
      '4.8\tNaN\te2',
      '9.8\t102.0\te3',
      '',
    ]);
  });

  it('says so when nothing was sent', () => {
    expect(stepLatencyLines(new Map(), new Map(), 0)).toBe('# no events sent\n');
  });
});

describe('stepLatencyFile', () => {
  it('makes a step label a file name', () => {
    expect(stepLatencyFile('500/s')).toBe('500_s.tsv');
    expect(stepLatencyFile('soak minute 3')).toBe('soak_minute_3.tsv');
  });
});
