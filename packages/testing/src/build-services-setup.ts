import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Integration global setup: builds every service once before any test file runs, since the e2e
 * tests and the demo run what ships (`node services/<svc>/dist/main.js`). turbo replays the build
 * when no source changed, so a stale dist/ is never run and an unchanged tree costs a second.
 */
export default async function buildServices(): Promise<void> {
  await promisify(execFile)('pnpm', ['build'], {
    cwd: REPO_ROOT,
    timeout: 300_000,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`pnpm build failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
}
