import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from './simulate-args.ts';

describe('parseSimulateArgs', () => {
  it('parses the documented flags', () => {
    const args = parseSimulateArgs(
      ['--accounts', '500', '--duration', '2h', '--seed', '7', '--rate', '500', '--scenarios', 'card_testing,ato', '--out', 'kafka', '--brokers', 'a:9092,b:9093', '--labels', 'l.jsonl', '--resend-rate', '0.01'],
      { INIT_CWD: '/home/op/vigil' },
    );
    // Files from where the command was typed (pnpm runs it in packages/simulator).
    expect(args).toMatchObject({ accounts: 500, duration: '2h', seed: 7, rate: 500, scenarios: ['card_testing', 'ato'], out: 'kafka', brokers: ['a:9092', 'b:9093'], labels: '/home/op/vigil/l.jsonl', events: '/home/op/vigil/events.jsonl', mode: 'replay', resendRate: 0.01 });
  });

  it('takes brokers from KAFKA_BROKERS and defaults the rest', () => {
    const args = parseSimulateArgs([], { KAFKA_BROKERS: 'k:9092', INIT_CWD: '/w' });
    expect(args).toMatchObject({ brokers: ['k:9092'], accounts: 1000, out: 'file', mode: 'replay', labels: '/w/labels.jsonl', resendRate: 0, delays: {}, chainShare: 0.03 });
    expect(args !== 'help' && args.rate).toBeUndefined();
  });

  it('rejects unknown scenarios and flags', () => {
    expect(() => parseSimulateArgs(['--scenarios', 'card_testing,phishing'], {})).toThrow();
    expect(() => parseSimulateArgs(['--acounts', '5'], {})).toThrow();
    expect(() => parseSimulateArgs(['--resend-rate', '1.5'], {})).toThrow();
  });

  it('parses the modes, repeated --delay topic=duration and --chain-share', () => {
    const args = parseSimulateArgs(['--mode', 'backlog', '--start', '2026-11-20T00:00:00.000Z', '--delay', 'identity.logins.v1=3m', '--delay', 'identity.account-changes.v1=90s', '--chain-share', '0.1'], {});
    expect(args).toMatchObject({ mode: 'backlog', start: '2026-11-20T00:00:00.000Z', delays: { 'identity.logins.v1': 180_000, 'identity.account-changes.v1': 90_000 }, chainShare: 0.1 });
    expect(parseSimulateArgs(['--mode', 'paced', '--rate', '500'], {})).toMatchObject({ mode: 'paced', rate: 500 });
  });

  it('rejects a rate in backlog mode, paced mode without one, and bad delays', () => {
    expect(() => parseSimulateArgs(['--mode', 'backlog', '--rate', '500'], {})).toThrow(/backlog mode/);
    expect(() => parseSimulateArgs(['--mode', 'paced'], {})).toThrow(/paced mode needs --rate/);
    expect(() => parseSimulateArgs(['--delay', 'identity.logins=3m'], {})).toThrow(/the topic must be one of/);
    expect(() => parseSimulateArgs(['--delay', 'identity.logins.v1=soon'], {})).toThrow(/not a duration/);
    expect(() => parseSimulateArgs(['--mode', 'fast'], {})).toThrow();
  });
});
