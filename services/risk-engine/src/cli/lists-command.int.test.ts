import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoredEvent } from '@vigil/events';
import { evaluate, parseRuleSet, requiredFeatures } from '@vigil/rules';
import { createRedisFixture, freePort, type RedisFixture } from '@vigil/testing';
import { RedisFeatureStore } from '../adapters/redis-feature-store.ts';
import { redisListEntries } from '../adapters/redis-list-entries.ts';
import {
  describeListsOutcome,
  parseListsArgs,
  runListsCommand,
  type ListEntries,
} from './lists-command.ts';

const RULES = parseRuleSet(`
version: "lists-1"
timezone: UTC
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: deny-list, type: deny-list, mode: enforce, score: 100, params: { entities: [device, card, ip, account], outcome: block } }
`);

function login(n: number): ScoredEvent {
  return {
    kind: 'login',
    event: {
      schemaVersion: 1,
      eventId: `lists-${n}-${Date.now()}`,
      occurredAt: new Date().toISOString(),
      accountId: 'acct-lists',
      outcome: 'success',
      method: 'password',
      device: { id: 'dev-stolen' },
      ip: '198.51.100.9',
    },
  };
}

describe('vigil-lists admin path (real Redis)', () => {
  let fx: RedisFixture;
  let store: RedisFeatureStore;
  let entries: ListEntries;
  beforeAll(async () => {
    fx = await createRedisFixture();
    store = new RedisFeatureStore({ redis: fx.redis, keyPrefix: fx.keyPrefix });
    entries = redisListEntries(fx.redis, fx.keyPrefix);
  });
  const run = (argv: string[]) => runListsCommand(argv, store, entries);
  afterAll(() => fx.cleanup());

  async function outcomeOf(n: number) {
    const scored = login(n);
    const [result] = await store.computeBatch([
      {
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: Date.now(),
        requests: requiredFeatures(RULES, scored),
      },
    ]);
    return evaluate(scored, result!.values, RULES, Date.now()).outcome;
  }

  it('a device deny-listed by an admin blocks the next event; removing it lets events through', async () => {
    expect(await outcomeOf(1)).toBe('allow');
    await run(['add', 'deny', 'device', 'dev-stolen', '--ttl', '30d']);
    expect(await outcomeOf(2)).toBe('block');
    await run(['remove', 'deny', 'device', 'dev-stolen']);
    expect(await outcomeOf(3)).toBe('allow');
  });

  it('shows whether an entry is in force and until when, as the engine reads it', async () => {
    const now = Date.now();
    const show = async (argv: string[]) => describeListsOutcome(await run(argv), now);
    expect(await show(['show', 'deny', 'card', 'fp-shown'])).toBe(
      'deny card fp-shown (global): not listed',
    );
    expect(
      describeListsOutcome(await run(['add', 'deny', 'card', 'fp-shown', '--ttl', '30d']), now),
    ).toBe('add deny card fp-shown (global), ttl 30d');
    const listed = await run(['show', 'deny', 'card', 'fp-shown']);
    // Whole seconds of PTTL: within the seconds this test takes of 30 days.
    expect(listed.listed?.remainingMs).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(listed.listed?.remainingMs).toBeLessThanOrEqual(30 * 86_400_000);
    expect(describeListsOutcome(listed, now)).toMatch(
      /^deny card fp-shown \(global\): listed, expires in (30d|29d 23h) \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/,
    );
    // An allow entry is the account's own: another account's is another entry.
    await run(['add', 'allow', 'device', 'dev-home', '--account', 'acct-a']);
    expect(await show(['show', 'allow', 'device', 'dev-home', '--account', 'acct-a'])).toBe(
      'allow device dev-home (account acct-a): listed, no expiry',
    );
    expect(await show(['show', 'allow', 'device', 'dev-home', '--account', 'acct-b'])).toBe(
      'allow device dev-home (account acct-b): not listed',
    );
    await run(['remove', 'deny', 'card', 'fp-shown']);
    expect((await run(['show', 'deny', 'card', 'fp-shown'])).listed).toBeUndefined();
  });

  it('rejects malformed commands with the usage text', () => {
    expect(() => parseListsArgs(['add', 'deny', 'phone', 'x'])).toThrow(/usage: vigil-lists/);
    expect(() => parseListsArgs(['add', 'allow', 'device', 'd1'])).toThrow(/--account/);
    expect(() => parseListsArgs(['add', 'deny', 'ip', '1.2.3.4', '--ttl', 'soon'])).toThrow(/ttl/);
    expect(() => parseListsArgs(['show', 'deny', 'ip', '1.2.3.4', '--ttl', '1d'])).toThrow(
      /only add takes --ttl/,
    );
    expect(parseListsArgs(['add', 'allow', 'device', 'd1', '--account', 'a1'])).toMatchObject({
      scope: 'account',
      accountId: 'a1',
    });
  });
});

describe('vigil-lists as a command', () => {
  it('says which Redis it could not reach, without its password', async () => {
    const port = await freePort();
    const here = dirname(fileURLToPath(import.meta.url));
    const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');
    const failed = await promisify(execFile)(
      tsx,
      [join(here, 'lists.ts'), 'show', 'deny', 'ip', '198.51.100.9'],
      { env: { ...process.env, REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `no Redis answers at redis://:***@127.0.0.1:${port} (REDIS_URL): connect ECONNREFUSED`,
      ) as string,
    });
    expect((failed as { stderr: string }).stderr).not.toContain('s3cret');
    expect((failed as { stderr: string }).stderr).not.toContain('Unhandled error event');
  });
});
