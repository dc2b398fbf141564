import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A small phone: the width the verification page must work at. */
export const PHONE_VIEWPORT = { width: 360, height: 740 };

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Screenshots of a run, kept under .local/ (gitignored) for a human to look at. */
export function artifactsDir(name: string): string {
  const dir = join(REPO_ROOT, '.local', 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
