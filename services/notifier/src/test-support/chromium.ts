import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: playwright-core drives it, no browser download from anywhere else. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A small phone: the width the verification page must work at. */
export const PHONE_VIEWPORT = { width: 360, height: 740 };

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Screenshots of a run, kept under .local/ (gitignored) for a human to look at. */
export function artifactsDir(name: string): string {
  const dir = join(REPO_ROOT, '.local', 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Headless chromium for browser tests. Missing chromium fails the test run rather than skipping
 * it: deploy/local/test.sh installs it (deploy/local/ensure-chromium.sh) before the tests.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run deploy/local/ensure-chromium.sh (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
