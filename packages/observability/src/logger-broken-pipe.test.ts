import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('./logger.ts', import.meta.url));

// A service whose stdout reader is gone (its supervisor died, a log pipe broke) must still stop
// on SIGTERM: it logs while draining and exits, instead of spinning on EPIPE.
describe('logger on a stdout nobody reads any more', () => {
  it('lets the process log, drain and exit on SIGTERM', async () => {
    const script = `
      import { createLogger } from ${JSON.stringify(LOGGER)};
      const logger = createLogger({ service: 'pipe-test' });
      process.on('SIGTERM', () => {
        for (let i = 0; i < 100; i++) logger.info({ i, pad: 'x'.repeat(900) }, 'draining');
        process.exit(0);
      });
      // Quiet between the break and the signal: nothing has met the broken pipe yet.
      setInterval(() => undefined, 1_000);
      logger.info('started');
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // The reader goes away.
    child.stdout.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000));
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'hung') child.kill('SIGKILL');
    expect(outcome).toBe(0);
  });
});
