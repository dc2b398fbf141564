import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPO_ROOT } from '@vigil/devstack';
import { launchChromium as launch } from '@vigil/testing';

/** Screenshots are test artifacts (gitignored .local/); the README's two are copied by hand. */
export const SCREENSHOT_DIR = join(REPO_ROOT, '.local', 'agent-console-screenshots');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return launch();
}
