import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskDecision } from '@vigil/events';
import { startLocalSinks, type LocalSinks } from '@vigil/devstack';
import {
  compareDecisions,
  computeDetectionReport,
  effectiveOutcomes,
  findInversions,
  renderComparison,
  type SimulateOptions,
} from '@vigil/simulator';
import {
  orderingTraffic,
  plannedRecords,
  runPipeline,
  type RunResult,
} from './support/ordering-runs.ts';

// A fraud engine's output must be a function of the event stream, never of read timing. The same
// simulated traffic (cross-topic attack chains: SIM-swap takeover, credential stuffing → new
// device → reset → cash-out, impossible travel, brute force, card testing; benign new phones and
// trips) goes through the whole pipeline as a backlog read after the fact, paced live, with the
// engine killed (-9) mid-backlog, and with one topic produced minutes late in event time: every
// eventId must get the same decision.

const SEEDS = [11, 29];
// Three topics at three speeds: payments on time, logins 10 min and account changes 20 min
// behind in event time (at this pace, ~0.2 s and ~0.4 s of wall time): longer than a takeover
// chain, so in arrival order the cash-out comes before the phone change that makes it one.
const SKEW = { 'identity.logins.v1': 10 * 60_000, 'identity.account-changes.v1': 20 * 60_000 };
// One fixed start for every run of a seed: same seed + same start → byte-identical events.
const START = Math.floor((Date.now() - 6 * 3_600_000) / 60_000) * 60_000;

function traffic(seed: number, extra: Partial<SimulateOptions> = {}): SimulateOptions {
  return orderingTraffic(seed, START, extra);
}

let sinks: LocalSinks;
beforeAll(async () => {
  sinks = await startLocalSinks();
});
afterAll(async () => {
  await sinks?.close();
});

function expectSame(a: RunResult, b: RunResult, labels: { a: string; b: string }) {
  const comparison = compareDecisions(a.decisions, b.decisions);
  expect(comparison.equal, renderComparison(comparison, labels)).toBe(true);
}

function expectOneDecisionPerEvent(run: RunResult) {
  expect(
    run.repeats,
    `decisions published twice (logs in ${run.logDir}):\n${run.repeats.join('\n')}`,
  ).toEqual([]);
  const originals = run.decisions.filter((d) => d.followUp === undefined);
  expect(new Set(originals.map((d) => d.eventId)).size).toBe(run.events);
  expect(originals).toHaveLength(run.events);
}

const inversions = (decisions: readonly RiskDecision[]) => findInversions(decisions).count;

/** No event decided after a later one of its account; on failure, which and where the logs are. */
function expectInOrder(run: RunResult): void {
  const report = findInversions(run.decisions);
  expect(
    report.count,
    `inversions (logs in ${run.logDir}): ${JSON.stringify(report.examples)}`,
  ).toBe(0);
}

describe.each(SEEDS)('decisions do not depend on arrival timing (seed %i)', (seed) => {
  let backlog: RunResult;

  beforeAll(async () => {
    backlog = await runPipeline({ traffic: traffic(seed), timing: 'backlog', sinks });
  }, 300_000);

  it('a backlog read after the fact: one decision per event, no account scored out of order, every attack chain caught', async () => {
    expectOneDecisionPerEvent(backlog);
    expectInOrder(backlog);
    const labels = (await plannedRecords(traffic(seed))).map((r) => r.label);
    const report = computeDetectionReport(labels, backlog.decisions);
    for (const scenario of report.scenarios.filter((s) => s.episodes > 0))
      expect(scenario.caught, scenario.scenario).toBe(scenario.episodes);
    // The SIM-swap withdrawals come after the phone change in every account's order: blocked.
    const simSwap = report.scenarios.find((s) => s.scenario === 'sim_swap');
    expect(simSwap?.episodes).toBeGreaterThan(0);
  });

  it('the same traffic paced live gives the same decision for every eventId', async () => {
    const paced = await runPipeline({
      traffic: traffic(seed, { mode: 'paced', rate: 250 }),
      timing: 'live',
      sinks,
    });
    expectOneDecisionPerEvent(paced);
    expectInOrder(paced);
    expectSame(backlog, paced, { a: 'backlog', b: 'paced live' });
  });

  it('killing the engine (-9) mid-backlog and starting a new one changes no decision', async () => {
    const crashed = await runPipeline({
      traffic: traffic(seed),
      timing: 'backlog',
      killAt: 0.4,
      sinks,
    });
    expect(crashed.killed).toBe(true);
    expectOneDecisionPerEvent(crashed);
    expectSame(backlog, crashed, { a: 'backlog', b: 'backlog, engine killed at 40%' });
  });

  it('topics produced minutes apart (logins 10 min, account changes 20 min behind), within the idle bound: the same decisions', async () => {
    const skewed = await runPipeline({
      traffic: traffic(seed, {
        mode: 'paced',
        rate: 250,
        delays: SKEW,
      }),
      timing: 'live',
      // The upstream skew is ~0.4 s of wall time at this pace: an idle bound that covers it.
      engineEnv: { ORDER_IDLE_MS: '5000' },
      sinks,
    });
    expectOneDecisionPerEvent(skewed);
    expectInOrder(skewed);
    expectSame(backlog, skewed, { a: 'backlog', b: 'logins 10 min and changes 20 min late' });
  });

  it('a topic that arrives after everything else was decided (within the lateness horizon): late events land in their windows, follow-ups make every verdict at least what it is in order', async () => {
    // The account-changes upstream was down: its events come after every payment and login was
    // decided. Each is late; the SIM-swap withdrawals decided without their phone change must
    // be raised to block by a follow-up, and no event may end up decided more leniently than in order.
    const late = await runPipeline({
      traffic: traffic(seed),
      timing: 'backlog',
      lateTopic: 'identity.account-changes.v1',
      // The changes come up to the traffic's whole 2 h late: a lateness horizon that covers it.
      engineEnv: { LATENESS_HORIZON_MINUTES: '180' },
      sinks,
    });
    expectOneDecisionPerEvent(late);
    expect(inversions(late.decisions)).toBeGreaterThan(0);
    const followUps = late.decisions.filter((d) => d.followUp?.kind === 'late_event');
    expect(followUps.length).toBeGreaterThan(0);
    const inOrder = effectiveOutcomes(backlog.decisions).byEvent;
    const caughtUp = effectiveOutcomes(late.decisions).byEvent;
    const RANK = { allow: 0, challenge: 1, review: 2, block: 3 } as const;
    const lenient = [...inOrder].filter(
      ([eventId, decided]) =>
        RANK[caughtUp.get(eventId)?.outcome ?? 'allow'] < RANK[decided.outcome],
    );
    expect(lenient.map(([eventId]) => eventId)).toEqual([]);
    const records = await plannedRecords(traffic(seed));
    const withdrawals = records.filter(
      (r) => r.label.scenario === 'sim_swap' && r.topic === 'payments.transactions.v1',
    );
    expect(withdrawals.length).toBeGreaterThan(0);
    for (const { event } of withdrawals) expect(caughtUp.get(event.eventId)?.outcome).toBe('block');
    const report = computeDetectionReport(
      records.map((r) => r.label),
      late.decisions,
    );
    for (const scenario of report.scenarios.filter((s) => s.episodes > 0))
      expect(scenario.caught, scenario.scenario).toBe(scenario.episodes);
  });
});

describe('low-and-slow credential stuffing through the pipeline', () => {
  it('one IP, one or two failures per account over hours: by the end at least 90% of the accounts it touched are flagged (retro-hunt follow-ups for those before the crossing)', async () => {
    const slow = {
      ...traffic(7),
      accounts: 300,
      duration: '5h',
      scenarios: ['low_and_slow_stuffing' as const],
      episodesPerScenario: 2,
      chainShare: 0,
      runId: 'slow7',
    };
    const run = await runPipeline({ traffic: slow, timing: 'backlog', sinks });
    expectOneDecisionPerEvent(run);
    const labels = (await plannedRecords(slow)).map((r) => r.label);
    const quality = computeDetectionReport(labels, run.decisions).scenarios.find(
      (s) => s.scenario === 'low_and_slow_stuffing',
    )!;
    expect(quality.episodes).toBe(2);
    expect(quality.accountsTouched).toBeGreaterThan(60);
    expect(quality.accountsFlagged / quality.accountsTouched).toBeGreaterThanOrEqual(0.9);
    expect(run.decisions.filter((d) => d.followUp?.kind === 'retro_hunt').length).toBeGreaterThan(
      0,
    );
  });
});
