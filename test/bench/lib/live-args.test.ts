import { describe, expect, it } from 'vitest';
import { parseLiveArgs } from './live-args.ts';

describe('parseLiveArgs', () => {
  it('defaults to six steps of 30 s, p99 ≤ 100 ms sustainable, stop past 1 s, no soak', () => {
    expect(parseLiveArgs([])).toMatchObject({
      rates: [250, 500, 1_000, 1_500, 2_000, 3_000],
      stepSeconds: 30,
      warmupSeconds: 5,
      firstWarmupSeconds: 60,
      targetP99Ms: 100,
      stopP99Ms: 1_000,
      soakMinutes: 0,
      logLevel: 'info',
    });
  });

  it('reads the flags', () => {
    expect(
      parseLiveArgs(['--rates', '100, 300', '--step-seconds', '15', '--soak-minutes', '2']),
    ).toMatchObject({ rates: [100, 300], stepSeconds: 15, soakMinutes: 2 });
    expect(parseLiveArgs(['--first-warmup-seconds', '5'])).toMatchObject({
      firstWarmupSeconds: 5,
      warmupSeconds: 5,
    });
    expect(parseLiveArgs(['-h'])).toBe('help');
    expect(
      parseLiveArgs(['--engine-env', 'PUBLISH_MODE=at-least-once, ORDER_IDLE_MS=0']),
    ).toMatchObject({ engineEnv: { PUBLISH_MODE: 'at-least-once', ORDER_IDLE_MS: '0' } });
    expect(parseLiveArgs(['--stack-env', 'KAFKA_FETCH_MIN_BYTES=1'])).toMatchObject({
      stackEnv: { KAFKA_FETCH_MIN_BYTES: '1' },
      engineEnv: {},
    });
    expect(parseLiveArgs(['--latencies-dir', '/tmp/steps'])).toMatchObject({
      latenciesDir: '/tmp/steps',
    });
    expect(parseLiveArgs([])).toMatchObject({ latenciesDir: undefined });
  });

  it('rejects nonsense', () => {
    expect(() => parseLiveArgs(['--rates', '500,250'])).toThrow(/ascending/);
    expect(() => parseLiveArgs(['--rates', '100,fast'])).toThrow();
    expect(() => parseLiveArgs(['--step-seconds', '0'])).toThrow();
    expect(() => parseLiveArgs(['--target-p99-ms', '200', '--stop-p99-ms', '100'])).toThrow();
    expect(() => parseLiveArgs(['--bogus'])).toThrow();
    expect(() => parseLiveArgs(['--engine-env', 'publish_mode=x'])).toThrow(/NAME=value/);
    expect(() => parseLiveArgs(['--stack-env', 'x'])).toThrow(/--stack-env takes NAME=value/);
  });
});
