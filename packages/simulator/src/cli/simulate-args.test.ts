import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from './simulate-args.ts';

describe('parseSimulateArgs', () => {
  it('parses the documented flags', () => {
    const args = parseSimulateArgs(
      ['--accounts', '500', '--duration', '2h', '--seed', '7', '--rate', '500', '--scenarios', 'card_testing,ato', '--out', 'kafka', '--brokers', 'a:9092,b:9093', '--labels', 'l.jsonl', '--resend-rate', '0.01'],
      {},
    );
    expect(args).toMatchObject({ accounts: 500, duration: '2h', seed: 7, rate: 500, scenarios: ['card_testing', 'ato'], out: 'kafka', brokers: ['a:9092', 'b:9093'], labels: 'l.jsonl', mode: 'replay', resendRate: 0.01 });
  });

  it('takes brokers from KAFKA_BROKERS and defaults the rest', () => {
    const args = parseSimulateArgs([], { KAFKA_BROKERS: 'k:9092' });
    expect(args).toMatchObject({ brokers: ['k:9092'], accounts: 1000, out: 'file', mode: 'replay', labels: 'labels.jsonl', resendRate: 0 });
    expect(args !== 'help' && args.rate).toBeUndefined();
  });

  it('rejects unknown scenarios and flags', () => {
    expect(() => parseSimulateArgs(['--scenarios', 'card_testing,phishing'], {})).toThrow();
    expect(() => parseSimulateArgs(['--acounts', '5'], {})).toThrow();
    expect(() => parseSimulateArgs(['--resend-rate', '1.5'], {})).toThrow();
  });
});
