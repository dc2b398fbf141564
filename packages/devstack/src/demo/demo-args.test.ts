import { describe, expect, it } from 'vitest';
import { parseDemoArgs, replayRate } from './demo-args.ts';

describe('parseDemoArgs', () => {
  it('defaults to 200 accounts, 2 h replayed after a day of history, staying up until Ctrl-C', () => {
    expect(parseDemoArgs([], {})).toMatchObject({
      accounts: 200,
      duration: 7_200_000,
      warmup: 86_400_000,
      wallSeconds: 75,
      resendRate: 0.01,
      exit: false,
      keep: false,
    });
  });

  it('exits after the report with --exit or under CI', () => {
    expect(parseDemoArgs(['--exit'], {})).toMatchObject({ exit: true });
    expect(parseDemoArgs([], { CI: 'true' })).toMatchObject({ exit: true });
  });

  it('rejects nonsense', () => {
    expect(() => parseDemoArgs(['--duration', 'soon'], {})).toThrow();
    expect(() => parseDemoArgs(['--accounts', '-1'], {})).toThrow();
    expect(() => parseDemoArgs(['--resend-rate', '2'], {})).toThrow();
    expect(parseDemoArgs(['-h'], {})).toBe('help');
  });

  it('fits the events into the wall-clock budget unless a rate is given', () => {
    expect(replayRate(1430, { wallSeconds: 75, rate: undefined })).toBe(20);
    expect(replayRate(10, { wallSeconds: 75, rate: undefined })).toBe(1);
    expect(replayRate(1430, { wallSeconds: 75, rate: 100 })).toBe(100);
  });
});
