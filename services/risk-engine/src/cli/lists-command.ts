import { z } from 'zod';
import {
  formatTimeLeft,
  LIST_ENTITIES,
  listMutation,
  parseDuration,
  type FeatureStore,
  type ListMutation,
} from '@vigil/rules';

/**
 * `vigil-lists add|remove|show deny|allow <entity> <value> [--account ID] [--ttl 30d]`
 * Deny entries are global (a fraudulent device is bad for every account); allow entries are per
 * account (a device trusted by one customer says nothing about another's). `show` tells whether
 * an entry is in force and until when, whoever put it there (an admin, or feedback).
 */
const command = z
  .object({
    op: z.enum(['add', 'remove', 'show']),
    list: z.enum(['deny', 'allow']),
    entity: z.enum(LIST_ENTITIES),
    value: z.string().min(1).max(256),
    account: z.string().min(1).max(128).optional(),
    ttl: z.string().optional(),
  })
  .refine((c) => c.list === 'deny' || c.account !== undefined || c.entity === 'account', {
    message: 'allow entries belong to an account: pass --account',
    path: ['account'],
  })
  .refine((c) => c.op === 'add' || c.ttl === undefined, {
    message: 'only add takes --ttl',
    path: ['ttl'],
  });

export const LISTS_USAGE =
  'usage: vigil-lists add|remove|show deny|allow device|card|ip|account <value> [--account ID] [--ttl 30d]';

/** The entry a command names; `show` reads it, add / remove change it. */
export type ListsCommand = Omit<ListMutation, 'op'> & { op: ListMutation['op'] | 'show' };

export function parseListsArgs(argv: readonly string[]): ListsCommand {
  const [op, list, entity, value, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i]?.replace(/^--/, '');
    const flagValue = rest[i + 1];
    if (!name || flagValue === undefined)
      throw new Error(`${LISTS_USAGE}\nflag ${rest[i] ?? ''} needs a value`);
    flags[name] = flagValue;
  }
  const parsed = command.safeParse({
    op,
    list,
    entity,
    value,
    account: flags.account,
    ttl: flags.ttl,
  });
  if (!parsed.success) {
    throw new Error(
      `${LISTS_USAGE}\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const c = parsed.data;
  const accountId = c.account ?? (c.entity === 'account' ? c.value : '');
  const scope = c.list === 'allow' && c.entity !== 'account' ? 'account' : 'global';
  const ttlMs = c.ttl === undefined ? undefined : parseDuration(c.ttl);
  if (c.ttl !== undefined && ttlMs === undefined)
    throw new Error(`${LISTS_USAGE}\nttl: "${c.ttl}" is not a duration like 90s, 10m, 24h, 30d`);
  // show names the entry as a change of it would (its key), and changes nothing.
  if (c.op === 'show')
    return { ...listMutation('remove', c.list, c.entity, scope, accountId, c.value), op: 'show' };
  return listMutation(c.op, c.list, c.entity, scope, accountId, c.value, ttlMs);
}

/** Whether a list entry is in force: undefined when not, else its remaining time (none: no expiry). */
export interface ListEntries {
  entry(key: string): Promise<{ remainingMs?: number } | undefined>;
}

/** What a command did or found, as the CLI prints it; `listed` only for show. */
export interface ListsOutcome {
  command: ListsCommand;
  listed?: { remainingMs?: number } | undefined;
}

/** Applies one admin list change, or reads one entry, through the state the engine reads. */
export async function runListsCommand(
  argv: readonly string[],
  store: FeatureStore,
  entries: ListEntries,
): Promise<ListsOutcome> {
  const command = parseListsArgs(argv);
  if (command.op === 'show') return { command, listed: await entries.entry(command.key) };
  await store.applyListMutations([{ ...command, op: command.op }]);
  return { command };
}

/** One line for the operator: what was done, or whether (and until when) the entry is in force. */
export function describeListsOutcome({ command, listed }: ListsOutcome, now: number): string {
  const entry = `${command.list} ${command.entity} ${command.value} (${command.scope}${command.scope === 'account' ? ` ${command.accountId}` : ''})`;
  if (command.op !== 'show')
    return `${command.op} ${entry}${command.ttlMs ? `, ttl ${formatTimeLeft(command.ttlMs)}` : ''}`;
  if (!listed) return `${entry}: not listed`;
  if (listed.remainingMs === undefined) return `${entry}: listed, no expiry`;
  const until = new Date(now + listed.remainingMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return `${entry}: listed, expires in ${formatTimeLeft(listed.remainingMs)} (${until})`;
}
