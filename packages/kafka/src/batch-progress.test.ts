import { describe, expect, it } from 'vitest';
import { createBatchProgress } from './batch-progress.ts';

describe('batch progress', () => {
  it('is a stall only once records waited past the bound without a commit', () => {
    const progress = createBatchProgress(10_000);
    expect(progress.check(0).ok).toBe(true);
    progress.waiting(1_000);
    progress.waiting(5_000); // the clock keeps its start
    expect(progress.check(10_999).ok).toBe(true);
    expect(progress.check(11_000)).toMatchObject({ ok: false, since: 1_000 });
  });

  it('restarts the clock on a commit while records still wait, stops it when none do', () => {
    const progress = createBatchProgress(10_000);
    progress.waiting(0);
    progress.committed(9_000, true);
    expect(progress.check(18_000).ok).toBe(true);
    expect(progress.check(19_000).ok).toBe(false);
    progress.committed(20_000, false);
    expect(progress.check(60_000).ok).toBe(true);
  });

  it('is never a stall while idle', () => {
    const progress = createBatchProgress(1_000);
    progress.waiting(0);
    progress.idle();
    expect(progress.check(60_000).ok).toBe(true);
  });
});
