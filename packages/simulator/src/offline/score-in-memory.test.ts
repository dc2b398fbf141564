import { describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import { generateTraffic } from '../domain/generate-traffic.ts';
import type { SimulatedRecord } from '../domain/ground-truth.ts';
import { delayTopics } from '../domain/topic-delay.ts';
import type { TrafficOptionsInput } from '../domain/traffic-options.ts';
import { loadRuleSet, scoreInMemory } from './score-in-memory.ts';

const ruleSet = loadRuleSet();
const traffic = (options: Partial<TrafficOptionsInput>) =>
  [
    ...generateTraffic({
      seed: 13,
      accounts: 200,
      start: '2026-11-20T00:00:00.000Z',
      duration: '6h',
      warmup: '1d',
      scenarios: [],
      ...options,
    }).records,
  ].map((p) => p.record);
const rulesOf = (decisions: Awaited<ReturnType<typeof scoreInMemory>>) =>
  new Map(
    decisions.map((d) => [
      d.eventId,
      { outcome: d.outcome, rules: d.reasons?.map((r) => r.rule) ?? [] },
    ]),
  );

/** The default rule set on the simulator's chains: what order does to them. */
describe('default rules on the cross-topic chains', () => {
  const swaps = traffic({ scenarios: ['sim_swap'], episodesPerScenario: 6 });
  const withdrawals = swaps
    .filter((r) => r.label.scenario === 'sim_swap' && r.topic === TOPICS.transactions)
    .map((r) => r.event.eventId);

  it('sim_swap: scored in event order, ato-cash-out blocks every withdrawal', async () => {
    const decided = rulesOf(await scoreInMemory(swaps, ruleSet));
    expect(withdrawals).toHaveLength(6);
    for (const id of withdrawals)
      expect(decided.get(id)).toMatchObject({
        outcome: 'block',
        rules: expect.arrayContaining(['ato-cash-out']) as unknown,
      });
  });

  it('sim_swap: scored in production order with account changes 10 minutes late, no withdrawal is blocked on arrival, and a follow-up blocks each once its change arrives', async () => {
    const decisions = await scoreInMemory(
      delayTopics(swaps, { [TOPICS.accountChanges]: 10 * 60_000 }),
      ruleSet,
    );
    const decided = rulesOf(decisions);
    for (const id of withdrawals) {
      expect(decided.get(id)?.rules).not.toContain('ato-cash-out');
      const followUps = decisions.filter(
        (d) => d.followUp?.kind === 'late_event' && d.followUp.eventId === id,
      );
      expect(
        followUps.map((d) => [d.outcome, d.reasons?.map((r) => r.rule).includes('ato-cash-out')]),
      ).toContainEqual(['block', true]);
    }
  });

  it("new phone: remembered on the account's own network, challenged on another; in order its purchases are not new-device purchases", async () => {
    const records = traffic({ chainShare: 0.3 });
    const chains = new Map<string, SimulatedRecord[]>();
    for (const r of records)
      if (r.label.chain === 'new_phone')
        chains.set(r.event.accountId, [...(chains.get(r.event.accountId) ?? []), r]);
    const decided = rulesOf(await scoreInMemory(records, ruleSet));
    // An account with no login history learns its first device (noHistory: learn): only those with one are judged.
    const known = [...chains.values()].filter(([login]) =>
      records.some(
        (r) =>
          r.topic === TOPICS.logins &&
          r.event.accountId === login!.event.accountId &&
          r.event.outcome === 'success' &&
          r.event.occurredAt < login!.event.occurredAt,
      ),
    );
    expect(known.length).toBeGreaterThan(10);
    // The network (IPv4 /24) of a successful sign-in or approved payment of the account before the new phone's sign-in.
    const network = (ip: string | undefined) => ip?.split('.').slice(0, 3).join('.');
    const ownNetwork = (login: SimulatedRecord) =>
      records.some(
        (r) =>
          r.event.accountId === login.event.accountId &&
          r.event.occurredAt < login.event.occurredAt &&
          network(r.event.ip) === network(login.event.ip) &&
          (r.topic === TOPICS.logins
            ? r.event.outcome === 'success'
            : r.topic === TOPICS.transactions && r.event.status === 'approved'),
      );
    let remembered = 0;
    for (const [login, ...payments] of known) {
      if (ownNetwork(login!)) {
        remembered += 1;
        expect(decided.get(login!.event.eventId)).toEqual({ outcome: 'allow', rules: [] });
      } else
        expect(decided.get(login!.event.eventId)).toMatchObject({
          outcome: 'challenge',
          rules: expect.arrayContaining(['new-device-login']) as unknown,
        });
      for (const p of payments)
        expect(
          decided.get(p.event.eventId)?.rules.filter((r) => r.startsWith('new-device')),
        ).toEqual([]);
    }
    expect(remembered).toBeGreaterThan(10);
  });

  it('low_and_slow_stuffing: no per-account or short-window rule fires; the day-long stuffing rule from its 20th account, and a retro-hunt follow-up for every account before', async () => {
    const records = traffic({
      scenarios: ['low_and_slow_stuffing'],
      episodesPerScenario: 3,
      accounts: 300,
    });
    const decisions = await scoreInMemory(records, ruleSet);
    const decided = rulesOf(decisions);
    const failures = records.filter(
      (r) =>
        r.label.scenario === 'low_and_slow_stuffing' &&
        r.topic === TOPICS.logins &&
        r.event.outcome === 'failure',
    );
    expect(failures.length).toBeGreaterThan(120);
    for (const f of failures)
      expect(
        decided.get(f.event.eventId)?.rules.filter((rule) => rule !== 'credential-stuffing-ip-24h'),
      ).toEqual([]);
    const retro = new Set(
      decisions.flatMap((d) => (d.followUp?.kind === 'retro_hunt' ? [d.accountId] : [])),
    );
    const flaggedOnArrival = new Set(
      failures
        .filter((f) => decided.get(f.event.eventId)?.outcome !== 'allow')
        .map((f) => f.event.accountId),
    );
    for (const f of failures)
      expect(
        retro.has(f.event.accountId) || flaggedOnArrival.has(f.event.accountId),
        f.event.accountId,
      ).toBe(true);
    // The accounts before each crossing (about 19 per episode, fewer where one was flagged on its own).
    expect(retro.size).toBeGreaterThan(40);
  });
});
