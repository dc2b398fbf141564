import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskDecision } from '@vigil/events';
import { createCasesClient, type CasesClient } from '@vigil/protos';
import { uniqueName, waitFor } from '@vigil/testing';
import {
  startCaseHarness,
  type CaseHarness,
} from '@vigil/case-service/src/test-support/case-harness.ts';
import { oneRuleSet } from '@vigil/case-service/src/test-support/rule-set-yaml.ts';
import { CaseServiceRuleSource } from './adapters/case-service-rule-source.ts';
import { RecordingCases, useEngineHarness } from './test-support/engine-harness.ts';
import { tx } from './test-support/test-payments.ts';

// Rule changes with approval end to end: a real case-service (PostgreSQL, gRPC) holds the
// versions, the engine polls the active one with its service token and scores the real broker's
// events with it. v1 blocks every payment; v2 runs the same rule in shadow (allow).
describe('rule set approved at case-service (real case-service, Kafka and Redis)', () => {
  let cs: CaseHarness;
  let source: CaseServiceRuleSource;
  let engineClient: CasesClient;
  const v1 = uniqueName('approved-v1');
  const v2 = uniqueName('approved-v2');
  const h = useEngineHarness(() => source.current());

  beforeAll(async () => {
    cs = await startCaseHarness();
    await cs.client('sup-sue').proposeRuleSet({ yaml: oneRuleSet(v1) });
    await cs.client('sup-sam').approveRuleSet({ version: v1, comment: 'baseline' });
    engineClient = createCasesClient({ address: cs.address, token: cs.tokens['risk-engine'] });
    source = await CaseServiceRuleSource.start({
      client: engineClient,
      pollMs: 200,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await source?.close();
    engineClient?.close();
    await cs?.close();
  });

  const inForce = (version: string) =>
    waitFor(() => (source.current().version === version ? true : undefined), {
      timeoutMs: 10_000,
      what: `rule set ${version} in force`,
    });

  it('scores with the approved version, switches on the next approval and back after one rollback; every decision names its version', async () => {
    const account = uniqueName('approved');
    await h.start(new RecordingCases());
    const decided = async (n: number) => {
      const decisions = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, n, {
        what: `decision ${n} of ${account}`,
      });
      const last = decisions.find((d) => d.eventId === `${account}-evt-${n}`);
      return last && { version: last.ruleSetVersion, outcome: last.outcome };
    };

    await h.produce(h.env.TOPIC_TRANSACTIONS, [tx(account, 1, 0)]);
    expect(await decided(1)).toEqual({ version: v1, outcome: 'block' });

    await cs.client('agent-ann').proposeRuleSet({ yaml: oneRuleSet(v2, { mode: 'shadow' }) });
    // Proposed is not approved: the engine stays on v1.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(source.current().version).toBe(v1);
    await cs.client('sup-sue').approveRuleSet({ version: v2, comment: 'try it in shadow' });
    await inForce(v2);
    await h.produce(h.env.TOPIC_TRANSACTIONS, [tx(account, 2, 1)]);
    expect(await decided(2)).toEqual({ version: v2, outcome: 'allow' });

    await cs.client('sup-sam').rollbackRuleSet({ reason: 'shadow lets card testing through' });
    await inForce(v1);
    await h.produce(h.env.TOPIC_TRANSACTIONS, [tx(account, 3, 2)]);
    expect(await decided(3)).toEqual({ version: v1, outcome: 'block' });
  });
});
