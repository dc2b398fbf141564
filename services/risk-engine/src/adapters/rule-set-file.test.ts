import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VigilError } from '@vigil/errors';
import type { ScoredEvent } from '@vigil/events';
import {
  InMemoryFeatureStore,
  evaluate,
  eventTime,
  requiredFeatures,
  type RuleSet,
} from '@vigil/rules';
import { RuleSetReloader, loadRuleSetFile } from './rule-set-file.ts';

const DEFAULT_FILE = new URL('../../config/rules.default.yaml', import.meta.url);
const ruleSetText = (version: string) => `
version: "${version}"
timezone: UTC
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: mcc, type: high-risk-mcc, mode: enforce, score: 40, params: { mccs: ["7995"] } }
`;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('loadRuleSetFile', () => {
  it('loads the shipped default rule set', async () => {
    const ruleSet = await loadRuleSetFile(DEFAULT_FILE.pathname);
    expect(ruleSet.timeZone).toBe('Asia/Tokyo');
    expect(ruleSet.rules.length).toBeGreaterThanOrEqual(40);
    expect(ruleSet.rules.find((r) => r.id === 'new-card-on-customer')?.mode).toBe('shadow');
  });

  it('reports an unreadable file as CONFIG_UNREADABLE', async () => {
    await expect(loadRuleSetFile('/nonexistent/rules.yaml')).rejects.toMatchObject({
      code: 'CONFIG_UNREADABLE',
      retryable: false,
    });
  });
});

describe('RuleSetReloader', () => {
  let dir: string;
  let path: string;
  let reloader: RuleSetReloader | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-rules-'));
    path = join(dir, 'rules.yaml');
    await writeFile(path, ruleSetText('v1'));
  });
  afterEach(async () => {
    reloader?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('swaps to a new valid file when it changes on disk (written by rename, like editors and config maps)', async () => {
    const reloads: [RuleSet, RuleSet][] = [];
    reloader = await RuleSetReloader.start({
      path,
      debounceMs: 20,
      onReload: (next, previous) => reloads.push([next, previous]),
    });
    expect(reloader.current().version).toBe('v1');
    await writeFile(join(dir, 'tmp.yaml'), ruleSetText('v2'));
    await rename(join(dir, 'tmp.yaml'), path);
    await until(() => reloader?.current().version === 'v2');
    expect(reloads.at(-1)?.[1].version).toBe('v1');
  });

  it('keeps the old set on a bad file and reports why', async () => {
    const errors: VigilError[] = [];
    reloader = await RuleSetReloader.start({
      path,
      debounceMs: 20,
      onError: (error) => errors.push(error),
    });
    const before = reloader.current();
    await writeFile(path, ruleSetText('v3').replace('high-risk-mcc', 'no-such-rule'));
    await until(() => errors.length > 0);
    expect(reloader.current()).toBe(before);
    expect(errors[0]?.code).toBe('INVALID_RULE_SET');
    expect(await reloader.reload()).toBe(false);
    await writeFile(path, ruleSetText('v4'));
    expect(await reloader.reload()).toBe(true);
    expect(reloader.current().version).toBe('v4');
  });

  it('refuses to start on a bad file: nothing to fall back to', async () => {
    await writeFile(path, 'version: [');
    await expect(RuleSetReloader.start({ path })).rejects.toMatchObject({
      code: 'INVALID_RULE_SET',
    });
    expect(await readFile(path, 'utf8')).toBe('version: [');
  });
});

describe('default rule set scenarios (reference store)', () => {
  const run = async (events: ScoredEvent[]) => {
    const ruleSet = await loadRuleSetFile(DEFAULT_FILE.pathname);
    const store = new InMemoryFeatureStore();
    const out = [];
    for (const scored of events) {
      const [result] = await store.computeBatch([
        {
          eventId: scored.event.eventId,
          accountId: scored.event.accountId,
          at: eventTime(scored),
          requests: requiredFeatures(ruleSet, scored),
        },
      ]);
      out.push(evaluate(scored, result!.values, ruleSet, eventTime(scored)));
    }
    return out;
  };
  const T = Date.parse('2026-11-24T00:00:00.000Z');
  const base = {
    schemaVersion: 1 as const,
    accountId: 'acct-s',
    channel: 'ecommerce' as const,
    type: 'payment' as const,
  };

  it('an ordinary payment from a known device is allowed', async () => {
    const pay = (i: number) => ({
      kind: 'transaction' as const,
      event: {
        ...base,
        eventId: `ok-${i}`,
        transactionId: `t-${i}`,
        occurredAt: new Date(T + i * 86_400_000).toISOString(),
        status: 'approved' as const,
        amount: { minor: 2_500, currency: 'USD' },
        device: { id: 'home' },
        account: { country: 'US', tier: 'verified' as const },
      },
    });
    const evaluations = await run([pay(0), pay(1)]);
    expect(evaluations[1]).toMatchObject({ outcome: 'allow', score: 0, reasons: [] });
  });

  it('password reset then a large transfer to a new beneficiary is blocked (ATO cash-out)', async () => {
    const reset = {
      kind: 'account_change' as const,
      event: {
        schemaVersion: 1 as const,
        eventId: 'chg-1',
        accountId: 'acct-s',
        occurredAt: new Date(T).toISOString(),
        change: 'password_reset' as const,
      },
    };
    const transfer = {
      kind: 'transaction' as const,
      event: {
        ...base,
        type: 'transfer' as const,
        eventId: 'tx-ato',
        transactionId: 't-ato',
        occurredAt: new Date(T + 3_600_000).toISOString(),
        status: 'approved' as const,
        amount: { minor: 80_000, currency: 'USD' },
        beneficiary: { id: 'mule' },
        account: { country: 'US', tier: 'verified' as const },
      },
    };
    const [, evaluation] = await run([reset, transfer]);
    expect(evaluation?.outcome).toBe('block');
    expect(evaluation?.reasons.map((r) => r.rule)).toContain('ato-cash-out');
  });
});
