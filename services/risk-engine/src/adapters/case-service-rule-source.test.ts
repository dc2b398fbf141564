import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import type { GetActiveRuleSetResponse__Output, RuleSetVersion__Output } from '@vigil/protos';
import { parseRuleSet } from '@vigil/rules';
import { oneRuleSet } from '@vigil/case-service/src/test-support/rule-set-yaml.ts';
import { CaseServiceRuleSource } from './case-service-rule-source.ts';

const logger = pino({ level: 'silent' });

function version(name: string, yaml = oneRuleSet(name)): RuleSetVersion__Output {
  return {
    version: name,
    status: 'RULE_SET_STATUS_ACTIVE',
    author: 'agent-ann',
    proposedAt: '2026-11-24T07:00:00.000Z',
    sha256: createHash('sha256').update(yaml).digest('hex'),
    yaml,
    ruleCount: 1,
  };
}

/** case-service as the engine sees it: whatever `active` holds, or an outage. */
class FakeCaseService {
  active: RuleSetVersion__Output | null = null;
  down = 0;
  getActiveRuleSet(): Promise<GetActiveRuleSetResponse__Output> {
    if (this.down > 0) {
      this.down -= 1;
      return Promise.reject(
        new VigilError('CASE_SERVICE_UNAVAILABLE', 'connection refused', { retryable: true }),
      );
    }
    return Promise.resolve({ active: this.active });
  }
}

const sources: CaseServiceRuleSource[] = [];
afterEach(async () => {
  for (const source of sources.splice(0)) await source.close();
});

async function start(
  fake: FakeCaseService,
  extra: Partial<Parameters<typeof CaseServiceRuleSource.start>[0]> = {},
) {
  const events: string[] = [];
  const source = await CaseServiceRuleSource.start({
    client: fake,
    pollMs: 60_000,
    logger,
    onReload: (next, previous) => events.push(`reloaded ${previous.version} → ${next.version}`),
    onError: (error) => events.push(`refused ${error.code}`),
    ...extra,
  });
  sources.push(source);
  return { source, events };
}

describe('rule set from case-service', () => {
  it('refuses to start when no version is active and no fallback is given', async () => {
    await expect(start(new FakeCaseService())).rejects.toMatchObject({
      code: 'NO_ACTIVE_RULE_SET',
      retryable: false,
    });
  });

  it('runs the fallback until a version is approved, then swaps to it', async () => {
    const fake = new FakeCaseService();
    const { source, events } = await start(fake, {
      fallback: () => Promise.resolve(parseRuleSet(oneRuleSet('fallback'))),
    });
    expect(source.current().version).toBe('fallback');
    await expect(source.poll()).resolves.toBe(false);
    fake.active = version('v1');
    await expect(source.poll()).resolves.toBe(true);
    expect(source.current().version).toBe('v1');
    expect(events).toEqual(['reloaded fallback → v1']);
  });

  it('waits out an outage at start-up, swaps on approval and rollback, keeps the last good set otherwise', async () => {
    const fake = new FakeCaseService();
    fake.active = version('v1');
    fake.down = 1;
    const { source, events } = await start(fake);
    expect(source.current().version).toBe('v1');
    await expect(source.poll()).resolves.toBe(false);

    fake.active = version('v2');
    await source.poll();
    expect(source.current().version).toBe('v2');
    // A version whose text does not match its digest, or that does not validate, is refused once.
    fake.active = { ...version('v3'), sha256: '0'.repeat(64) };
    await expect(source.poll()).resolves.toBe(false);
    await expect(source.poll()).resolves.toBe(false);
    fake.active = version('v4', oneRuleSet('v4', { score: 500 }));
    await source.poll();
    // case-service down: the poll fails (the loop backs off) and v2 stays in force.
    fake.down = 1;
    await expect(source.poll()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(source.current().version).toBe('v2');
    fake.active = version('v1');
    await source.poll();
    expect(source.current().version).toBe('v1');
    expect(events).toEqual([
      'reloaded v1 → v2',
      'refused RULE_SET_DIGEST_MISMATCH',
      'refused INVALID_RULE_SET',
      'reloaded v2 → v1',
    ]);
  });
});
