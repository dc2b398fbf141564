import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = '/usr/share/i18n/locales/en_US';

/**
 * en_US.UTF-8 built into a temporary directory (glibc's localedef from Debian's `locales`, which
 * deploy/local/test.sh installs when missing): for a process whose string order must not follow
 * its locale, started under one where it would (there 'a' sorts before 'B', and 'ab' before
 * 'a-c'). `env` is what to start it with; no locale is installed system-wide.
 */
export function createCollatingLocale(): { env: NodeJS.ProcessEnv; cleanup(): void } {
  if (!existsSync(SOURCE)) {
    throw new Error(
      `${SOURCE} is missing: install Debian's locales package (deploy/local/test.sh does)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-locale-'));
  try {
    execFileSync('localedef', ['-i', 'en_US', '-f', 'UTF-8', join(dir, 'en_US.UTF-8')], {
      stdio: 'pipe',
    });
  } catch (cause) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('localedef could not build en_US.UTF-8', { cause });
  }
  return {
    env: { ...process.env, LOCPATH: dir, LC_ALL: 'en_US.UTF-8' },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
