import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './machine.ts';

/**
 * A checkout of `ref` beside this one (git worktree in the temp folder, installed from the local
 * pnpm store), whose engine the benchmark runs as a second subject: the same run, the same box,
 * the same rates, so "before" and "after" differ only in the code. Reused across runs.
 */
export function baselineCheckout(ref: string, log: (line: string) => void): Promise<string> {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT })
    .toString()
    .trim();
  const dir = join(tmpdir(), `vigil-bench-${sha}`);
  const ready = join(dir, '.bench-ready');
  if (!existsSync(ready)) {
    log(`baseline: checking out ${ref} (${sha}) into ${dir} and installing it`);
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'prune'], { cwd: REPO_ROOT });
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline', '--reporter=silent'], {
      cwd: dir,
      stdio: 'inherit',
    });
    writeFileSync(ready, sha);
  }
  return Promise.resolve(dir);
}
