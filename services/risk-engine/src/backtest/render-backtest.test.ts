import { describe, expect, it } from 'vitest';
import { computeBacktestReport } from './backtest-report.ts';
import { delta, renderBacktest } from './render-backtest.ts';

describe('delta', () => {
  it('shows a change of tenths without binary floating-point noise', () => {
    expect(delta(116.2, 115.8)).toBe('-0.4');
    expect(delta(0.1, 0.3)).toBe('+0.2');
  });

  it('signs counts and shows no change as 0', () => {
    expect(delta(1725, 1683)).toBe('-42');
    expect(delta(514, 514)).toBe('0');
    expect(delta(0, 3)).toBe('+3');
  });
});

describe('renderBacktest', () => {
  const render = (baseline: [string, string], candidate: [string, string]) =>
    renderBacktest(
      computeBacktestReport({
        baseline: { version: baseline[0], fingerprint: baseline[1], decisions: [] },
        candidate: { version: candidate[0], fingerprint: candidate[1], decisions: [] },
        minutesPerCase: 10,
        maxListed: 10,
      }),
      { period: 'p', warmup: 0, measured: 0 },
    );

  it('names each column by its side, whatever the versions', () => {
    const text = render(['2026-12-01.1', 'a1'], ['2026-12-06.1', 'b2']);
    expect(text).toContain('# Backtest: candidate 2026-12-06.1 against baseline 2026-12-01.1');
    expect(text).toContain('| effect | baseline 2026-12-01.1 | candidate 2026-12-06.1 | change |');
    expect(text).not.toContain('fingerprint');
  });

  it('says when an edited candidate still carries the baseline version, and when it is the baseline', () => {
    const edited = render(['2026-12-05.2', 'a1'], ['2026-12-05.2', 'b2']);
    expect(edited).toContain(
      '| effect | baseline 2026-12-05.2 | candidate 2026-12-05.2 | change |',
    );
    expect(edited).toContain(
      'Both rule sets say version 2026-12-05.2 but differ (fingerprints a1 and b2)',
    );
    expect(render(['2026-12-05.2', 'a1'], ['2026-12-05.2', 'a1'])).toContain(
      'The candidate is the baseline (same content, fingerprint a1): nothing can change.',
    );
  });
});
