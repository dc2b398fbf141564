import { z } from 'zod';
import {
  LIST_ENTITIES,
  listMutation,
  parseDuration,
  type FeatureStore,
  type ListMutation,
} from '@vigil/rules';

/**
 * `vigil-lists add|remove deny|allow <entity> <value> [--account ID] [--ttl 30d]`
 * Deny entries are global (a fraudulent device is bad for every account); allow entries are per
 * account (a device trusted by one customer says nothing about another's).
 */
const command = z
  .object({
    op: z.enum(['add', 'remove']),
    list: z.enum(['deny', 'allow']),
    entity: z.enum(LIST_ENTITIES),
    value: z.string().min(1).max(256),
    account: z.string().min(1).max(128).optional(),
    ttl: z.string().optional(),
  })
  .refine((c) => c.list === 'deny' || c.account !== undefined || c.entity === 'account', {
    message: 'allow entries belong to an account: pass --account',
    path: ['account'],
  });

export const LISTS_USAGE =
  'usage: vigil-lists add|remove deny|allow device|card|ip|account <value> [--account ID] [--ttl 30d]';

export function parseListsArgs(argv: readonly string[]): ListMutation {
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
  return listMutation(c.op, c.list, c.entity, scope, accountId, c.value, ttlMs);
}

/** Applies one admin list change through the same store the engine reads. */
export async function runListsCommand(
  argv: readonly string[],
  store: FeatureStore,
): Promise<ListMutation> {
  const mutation = parseListsArgs(argv);
  await store.applyListMutations([mutation]);
  return mutation;
}
