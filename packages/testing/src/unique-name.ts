import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: for topics, groups, key prefixes and schemas. */
export function uniqueName(prefix: string): string {
  const safe = prefix.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  return `t_${safe}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
