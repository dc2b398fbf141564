import { describe, expect, it } from 'vitest';
import { parseBacktestArgs } from './backtest-args.ts';

describe('parseBacktestArgs', () => {
  it('reads a Kafka backtest with its period and defaults', () => {
    const args = parseBacktestArgs(
      [
        '--rules',
        'candidate.yaml',
        '--from',
        '2026-11-01T00:00:00Z',
        '--to',
        '2026-11-08T00:00:00Z',
        '--labels',
        '.local/labels.jsonl',
      ],
      { INIT_CWD: '/home/op/vigil' },
    );
    // Files from where the command was typed (pnpm runs it in services/risk-engine).
    expect(args).toMatchObject({
      rules: '/home/op/vigil/candidate.yaml',
      labels: '/home/op/vigil/.local/labels.jsonl',
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 10, 8),
      warmup: 7 * 86_400_000,
      readSlack: 3_600_000,
      minutesPerCase: 10,
      list: 20,
    });
  });

  it('replays an archive without a period; refuses what cannot work', () => {
    expect(
      parseBacktestArgs(['--rules', 'c.yaml', '--input', '/tmp/h.jsonl', '--warmup', '2d']),
    ).toMatchObject({
      input: '/tmp/h.jsonl',
      warmup: 2 * 86_400_000,
    });
    expect(() => parseBacktestArgs(['--rules', 'c.yaml'])).toThrow(/needs --from and --to/);
    expect(() =>
      parseBacktestArgs([
        '--rules',
        'c.yaml',
        '--from',
        '2026-11-08T00:00:00Z',
        '--to',
        '2026-11-01T00:00:00Z',
      ]),
    ).toThrow(/before --to/);
    expect(() =>
      parseBacktestArgs(['--rules', 'c.yaml', '--input', 'h', '--warmup', 'a week']),
    ).toThrow(/not a duration/);
    expect(parseBacktestArgs(['-h'])).toBe('help');
  });
});
