import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Each service's real entry point, started with one required setting missing: it must stop with
// exit code 1 and one stderr line naming the setting, before touching any infrastructure.
const root = join(import.meta.dirname, '..', '..');

function run(
  service: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('services', service, 'src', 'main.ts')],
      {
        cwd: root,
        // Nothing inherited but PATH: a developer's own DATABASE_URL or REDIS_URL must not leak in.
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr, stdout }));
  });
}

const cases: {
  service: string;
  env: Record<string, string>;
  missing: string;
  /** What the line says of it, when not the plain "required, not set". */
  says?: string;
}[] = [
  {
    service: 'risk-engine',
    env: { KAFKA_BROKERS: '127.0.0.1:9092', CASE_SERVICE_TOKEN: 'svc-token-0123456789' },
    missing: 'REDIS_URL',
    // Required only with REDIS_MODE=single (the default); a cluster needs REDIS_CLUSTER_NODES.
    says: 'REDIS_URL is required when REDIS_MODE=single',
  },
  {
    service: 'case-service',
    env: {
      KAFKA_BROKERS: '127.0.0.1:9092',
      CASE_AUTH_TOKENS:
        '[{"token":"svc-token-0123456789","principal":"risk-engine","role":"service"}]',
    },
    missing: 'DATABASE_URL',
  },
  {
    service: 'notifier',
    env: {
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      SMTP_HOST: '127.0.0.1',
    },
    missing: 'VERIFICATION_SECRET',
  },
];

describe.each(cases)('$service with $missing unset', ({ service, env, missing, says }) => {
  it('exits 1 with one line naming the setting', async () => {
    const { code, stderr, stdout } = await run(service, env);
    expect(stderr).toBe(`${service}: invalid setting ${missing}: ${says ?? 'required, not set'}\n`);
    expect(stdout).toBe('');
    expect(code).toBe(1);
  }, 30_000);
});
