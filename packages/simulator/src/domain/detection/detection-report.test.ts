import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '@vigil/events';
import type { GroundTruth, ScenarioName } from '../ground-truth.ts';
import { computeDetectionReport, type DecisionView } from './detection-report.ts';
import { renderMarkdown } from './render-markdown.ts';

const at = (hhmmss: string) => `2026-11-20T${hhmmss}.000Z`;
const benign = (eventId: string, accountId: string, time: string, warmup = false): GroundTruth => ({
  eventId,
  accountId,
  topic: 'identity.logins.v1',
  occurredAt: at(time),
  label: 'benign',
  scenario: 'benign',
  episodeId: null,
  ...(warmup ? { warmup } : {}),
});
const attack = (
  eventId: string,
  accountId: string,
  time: string,
  scenario: ScenarioName,
  episodeId: string,
): GroundTruth => ({
  eventId,
  accountId,
  topic: 'payments.transactions.v1',
  occurredAt: at(time),
  label: 'attack',
  scenario,
  episodeId,
});
const d = (eventId: string, outcome: DecisionOutcome, ...rules: string[]): DecisionView => ({
  eventId,
  outcome,
  reasons: rules.map((rule) => ({ rule })),
});

const labels: GroundTruth[] = [
  benign('w0', 'B1', '00:00:00', true),
  benign('b1', 'B1', '00:01:00'),
  benign('b2', 'B1', '00:02:00'),
  benign('b3', 'B2', '00:03:00'),
  benign('b4', 'B2', '00:04:00'),
  benign('b5', 'B3', '00:05:00'),
  benign('b6', 'B3', '00:06:00'),
  benign('v1', 'V1', '00:07:00'),
  attack('a1', 'C1', '00:00:00', 'card_testing', 'E1'),
  attack('a2', 'C1', '00:01:00', 'card_testing', 'E1'),
  attack('a3', 'C1', '00:02:00', 'card_testing', 'E1'),
  attack('a4', 'C2', '00:10:00', 'card_testing', 'E2'),
  attack('a5', 'C2', '00:10:30', 'card_testing', 'E2'),
  attack('a6', 'C3', '01:00:00', 'card_testing', 'E3'),
  attack('x1', 'S1', '00:05:00', 'ato', 'E4'),
  attack('x2', 'V1', '00:20:00', 'ato', 'E4'),
];
const decisions: DecisionView[] = [
  d('w0', 'block'),
  d('b1', 'allow'),
  d('b2', 'challenge', 'new-device-login'),
  d('b3', 'allow'),
  d('b4', 'allow'),
  d('b5', 'review', 'new-device-login', 'unusual-amount'),
  d('v1', 'review', 'impossible-travel'),
  d('a1', 'allow'),
  d('a2', 'block', 'card-testing', 'velocity'),
  d('a3', 'block', 'card-testing'),
  d('a2', 'allow'),
  d('a4', 'allow'),
  d('a5', 'allow'),
  d('a6', 'challenge', 'bin-attack', 'card-testing'),
  d('x1', 'allow'),
  d('x2', 'review', 'ato-cash-out'),
  d('zzz', 'block'),
];

describe('computeDetectionReport', () => {
  const report = computeDetectionReport(labels, decisions);

  it('counts episodes, catches, recall and time to catch per scenario (nearest-rank percentiles)', () => {
    expect(report.scenarios).toEqual([
      {
        scenario: 'card_testing',
        episodes: 3,
        caught: 2,
        caughtByFollowUpOnly: 0,
        recall: 2 / 3,
        medianTimeToCatchMs: 0,
        p90TimeToCatchMs: 60_000,
        attackEvents: 6,
        attackEventsFlagged: 3,
        attackEventsFlaggedByFollowUpOnly: 0,
        accountsTouched: 3,
        accountsFlagged: 2,
        accountsFlaggedByFollowUpOnly: 0,
        topRules: [
          { rule: 'card-testing', events: 3 },
          { rule: 'bin-attack', events: 1 },
          { rule: 'velocity', events: 1 },
        ],
      },
      {
        scenario: 'ato',
        episodes: 1,
        caught: 1,
        caughtByFollowUpOnly: 0,
        recall: 1,
        medianTimeToCatchMs: 900_000,
        p90TimeToCatchMs: 900_000,
        attackEvents: 2,
        attackEventsFlagged: 1,
        attackEventsFlaggedByFollowUpOnly: 0,
        accountsTouched: 2,
        accountsFlagged: 1,
        accountsFlaggedByFollowUpOnly: 0,
        topRules: [{ rule: 'ato-cash-out', events: 1 }],
      },
    ]);
    expect(report.overall).toEqual({
      episodes: 4,
      caught: 3,
      caughtByFollowUpOnly: 0,
      recall: 0.75,
    });
  });

  it('measures false positives on accounts no attack touched, outside warm-up', () => {
    expect(report.benign).toEqual({
      events: 6,
      flaggedEvents: 2,
      eventFalsePositiveRate: 2 / 6,
      accounts: 3,
      flaggedAccounts: 2,
      accountFalsePositiveRate: 2 / 3,
      flaggedByOutcome: { challenge: 1, review: 1, block: 0 },
      flaggedByFollowUpOnly: 0,
      // v1's impossible-travel is not here: V1 was attacked, so its events are not benign.
      flaggedByRule: [
        { rule: 'new-device-login', events: 2 },
        { rule: 'unusual-amount', events: 1 },
      ],
      outsideChains: { events: 6, flaggedEvents: 2, eventFalsePositiveRate: 2 / 6 },
      chains: [],
      byMarket: [],
    });
  });

  it('reports coverage: missing, unlabelled and duplicate decisions (the first decision counts)', () => {
    expect(report.coverage).toEqual({
      labelledEvents: 15,
      decidedEvents: 14,
      missingDecisions: 1,
      unlabelledDecisions: 1,
      duplicateDecisions: 1,
      repeatedDeliveries: 0,
    });
  });

  it('has no rates when there is nothing to measure', () => {
    const empty = computeDetectionReport([], []);
    expect(empty.scenarios).toEqual([]);
    expect(empty.overall.recall).toBeNull();
    expect(empty.benign.eventFalsePositiveRate).toBeNull();
  });

  it('renders one markdown row per scenario and the false-positive rates', () => {
    const md = renderMarkdown(report);
    expect(md).toContain(
      '| card_testing | 3 | 2 | 66.7% | 0s | 1m 00s | 3/6 | card-testing 3, bin-attack 1, velocity 1 |',
    );
    expect(md).toContain('| ato | 1 | 1 | 100.0% | 15m 00s | 15m 00s | 1/2 | ato-cash-out 1 |');
    expect(md).toContain('| **all** | 4 | 3 | 75.0% | | | | |');
    expect(md).toContain(
      'Rules behind benign flags (events): new-device-login 2, unusual-amount 1.',
    );
    expect(md).toContain('| benign events with a non-allow outcome | 2 | 6 | 33.3% |');
    expect(md).toContain('| benign accounts with any non-allow outcome | 2 | 3 | 66.7% |');
    expect(md).toContain('14 of 15 measured events have a decision (1 missing)');
  });
});

describe('computeDetectionReport per market', () => {
  const inMarket = (
    eventId: string,
    accountId: string,
    time: string,
    market: string,
    chain?: 'new_phone',
  ): GroundTruth => ({
    ...benign(eventId, accountId, time),
    market,
    ...(chain ? { chain } : {}),
  });
  const labels: GroundTruth[] = [
    inMarket('j1', 'J1', '00:01:00', 'JP'),
    inMarket('j2', 'J2', '00:02:00', 'JP'),
    inMarket('j3', 'J3', '00:03:00', 'JP', 'new_phone'),
    inMarket('j4', 'J4', '00:04:00', 'JP'),
    inMarket('u1', 'U1', '00:05:00', 'US'),
    inMarket('u2', 'U2', '00:06:00', 'US'),
    benign('o1', 'O1', '00:07:00'),
  ];
  const decisions: DecisionView[] = [
    d('j1', 'challenge', 'unusual-amount'),
    d('j2', 'challenge', 'new-device-login'),
    d('j3', 'challenge', 'new-device-login'),
    d('j4', 'allow'),
    d('u1', 'allow'),
    d('u2', 'allow'),
    d('o1', 'challenge', 'new-device-login'),
  ];
  const report = computeDetectionReport(labels, decisions, {
    amountRules: new Set(['unusual-amount', 'tx-amount-account-1h']),
  });

  it("counts each market's benign accounts: flagged at all, outside chains, and by amount rules; labels without a market stay out", () => {
    expect(report.benign.byMarket).toEqual([
      {
        market: 'JP',
        accounts: 4,
        flaggedAccounts: 3,
        accountFalsePositiveRate: 3 / 4,
        flaggedOutsideChains: 2,
        outsideChainsRate: 2 / 4,
        flaggedByAmountRules: 1,
        amountRulesRate: 1 / 4,
        topRules: [
          { rule: 'new-device-login', events: 2 },
          { rule: 'unusual-amount', events: 1 },
        ],
      },
      {
        market: 'US',
        accounts: 2,
        flaggedAccounts: 0,
        accountFalsePositiveRate: 0,
        flaggedOutsideChains: 0,
        outsideChainsRate: 0,
        flaggedByAmountRules: 0,
        amountRulesRate: 0,
        topRules: [],
      },
    ]);
    expect(report.benign.accounts).toBe(7);
  });

  it('leaves the amount-rule column empty when the report is not told which rules read amounts', () => {
    const plain = computeDetectionReport(labels, decisions);
    expect(plain.benign.byMarket[0]).toMatchObject({
      market: 'JP',
      flaggedByAmountRules: null,
      amountRulesRate: null,
    });
    expect(renderMarkdown(plain)).toContain(
      '| JP | 4 | 3 | 75.0% | 2 | 50.0% | — | — | new-device-login 2, unusual-amount 1 |',
    );
    expect(renderMarkdown(report)).toContain('| US | 2 | 0 | 0.0% | 0 | 0.0% | 0 | 0.0% | — |');
  });
});

describe('decisions read again', () => {
  const first = { ...d('a1', 'block', 'card-testing'), decisionId: 'd-a1' };
  const md = (views: DecisionView[]) => renderMarkdown(computeDetectionReport(labels, views));

  it('counts a repeated delivery (same decisionId and outcome) apart from duplicates, and says what it is', () => {
    const report = computeDetectionReport(labels, [first, { ...first }]);
    expect(report.coverage).toMatchObject({ duplicateDecisions: 0, repeatedDeliveries: 1 });
    expect(md([first, { ...first }])).toContain(
      '1 decision read again with their decisionId and outcome (not counted again): an at-least-once publisher',
    );
  });

  it('says nothing of repeats when there are none', () => {
    expect(md([first])).not.toContain('read again');
  });
});

describe('computeDetectionReport with follow-ups and chains', () => {
  const lowAndSlow = (
    eventId: string,
    accountId: string,
    time: string,
    episodeId: string,
  ): GroundTruth => ({
    eventId,
    accountId,
    topic: 'identity.logins.v1',
    occurredAt: at(time),
    label: 'attack',
    scenario: 'low_and_slow_stuffing',
    episodeId,
  });
  const step = (
    eventId: string,
    accountId: string,
    time: string,
    chain: 'new_phone' | 'travel',
  ): GroundTruth => ({ ...benign(eventId, accountId, time), chain });
  const followUp = (
    eventId: string,
    kind: 'late_event' | 'retro_hunt',
    target: string,
    outcome: DecisionOutcome,
    time: string,
    ...rules: string[]
  ): DecisionView => ({
    ...d(eventId, outcome, ...rules),
    occurredAt: at(time),
    followUp: { kind, eventId: target },
  });
  const labels: GroundTruth[] = [
    lowAndSlow('l1', 'A1', '01:00:00', 'L1'),
    lowAndSlow('l2', 'A2', '01:05:00', 'L1'),
    lowAndSlow('l3', 'A3', '01:10:00', 'L1'),
    lowAndSlow('l4', 'A4', '01:15:00', 'L1'),
    lowAndSlow('m1', 'A5', '02:00:00', 'L2'),
    benign('b7', 'B4', '01:00:00'),
    step('n1', 'B5', '02:00:00', 'new_phone'),
    step('n2', 'B5', '02:05:00', 'new_phone'),
    step('t1', 'B6', '03:00:00', 'travel'),
    step('t2', 'B6', '03:10:00', 'travel'),
  ];
  const decisions: DecisionView[] = [
    d('l1', 'allow'),
    d('l2', 'allow'),
    d('l3', 'allow'),
    d('l4', 'challenge', 'new-device-login'),
    d('m1', 'allow'),
    d('b7', 'allow'),
    followUp('f1', 'retro_hunt', 'l1', 'review', '01:20:00', 'credential-stuffing-ip'),
    followUp('f2', 'retro_hunt', 'l2', 'review', '01:20:00', 'credential-stuffing-ip'),
    followUp('f3', 'late_event', 'b7', 'challenge', '01:30:00', 'new-device-login'),
    followUp('f4', 'retro_hunt', 'l1', 'block', '01:18:00', 'deny-list'),
    followUp('f1', 'retro_hunt', 'l1', 'review', '01:20:00', 'credential-stuffing-ip'),
    followUp('f5', 'retro_hunt', 'm1', 'review', '02:30:00', 'credential-stuffing-ip'),
    d('n1', 'challenge', 'new-device-login'),
    d('n2', 'allow'),
    d('t1', 'challenge', 'new-country-login'),
    d('t2', 'challenge', 'country-mismatch'),
  ];
  const report = computeDetectionReport(labels, decisions);

  it('counts a follow-up for the event it revisits: effective outcome, catches only through follow-ups, time to catch at the follow-up', () => {
    expect(report.scenarios).toEqual([
      {
        scenario: 'low_and_slow_stuffing',
        episodes: 2,
        caught: 2,
        caughtByFollowUpOnly: 1,
        recall: 1,
        // L1: l4's own flag at 01:15 (15 min); L2: m1 only by f5 at 02:30 (30 min after m1).
        medianTimeToCatchMs: 15 * 60_000,
        p90TimeToCatchMs: 30 * 60_000,
        attackEvents: 5,
        attackEventsFlagged: 4,
        attackEventsFlaggedByFollowUpOnly: 3,
        // The low-and-slow metric: accounts the IP touched, flagged by the end.
        accountsTouched: 5,
        accountsFlagged: 4,
        accountsFlaggedByFollowUpOnly: 3,
        topRules: [
          { rule: 'credential-stuffing-ip', events: 3 },
          { rule: 'deny-list', events: 1 },
          { rule: 'new-device-login', events: 1 },
        ],
      },
    ]);
    expect(report.overall).toEqual({ episodes: 2, caught: 2, caughtByFollowUpOnly: 1, recall: 1 });
  });

  it('lists follow-ups by kind, never as duplicates or unlabelled decisions; a repeated follow-up eventId is a duplicate', () => {
    expect(report.followUps).toEqual({
      total: 5,
      byKind: { late_event: 1, retro_hunt: 4 },
      events: 4,
      raised: 5,
      withoutOriginal: 0,
    });
    expect(report.coverage).toEqual({
      labelledEvents: 10,
      decidedEvents: 10,
      missingDecisions: 0,
      unlabelledDecisions: 0,
      duplicateDecisions: 1,
      repeatedDeliveries: 0,
    });
    expect(report.benign.flaggedByFollowUpOnly).toBe(1);
  });

  it('follows benign chains step by step and keeps them out of the outside-chains false-positive rate', () => {
    expect(report.benign.chains).toEqual([
      {
        chain: 'new_phone',
        customers: 1,
        firstSteps: 1,
        firstStepsFlagged: 1,
        laterSteps: 1,
        laterStepsFlagged: 0,
        laterStepRules: [],
      },
      {
        chain: 'travel',
        customers: 1,
        firstSteps: 1,
        firstStepsFlagged: 1,
        laterSteps: 1,
        laterStepsFlagged: 1,
        laterStepRules: [{ rule: 'country-mismatch', events: 1 }],
      },
    ]);
    expect(report.benign).toMatchObject({
      events: 5,
      flaggedEvents: 4,
      outsideChains: { events: 1, flaggedEvents: 1, eventFalsePositiveRate: 1 },
    });
  });

  it('counts inversions in decision order, taking account and time from the labels when a decision lacks them', () => {
    expect(report.inversions).toMatchObject({ checked: 10, count: 0 });
    const late = computeDetectionReport(labels, [d('n2', 'allow'), d('n1', 'challenge')]);
    expect(late.inversions).toMatchObject({
      checked: 2,
      count: 1,
      accounts: 1,
      maxLagMs: 5 * 60_000,
    });
  });

  it('renders follow-ups, accounts touched, chains and inversions', () => {
    const md = renderMarkdown(report).split('\n');
    expect(md).toEqual(
      expect.arrayContaining([
        '| low_and_slow_stuffing | 5 | 4 | 80.0% | 3 |',
        '5 follow-up decisions (late_event 1, retro_hunt 4) about 4 earlier events; 5 raised an outcome. Each counts for the event it revisits (most severe outcome wins), never as a decision of its own.',
        'Caught only through follow-ups: 1 episode, 3 attack events; benign events flagged only by follow-ups: 1.',
        '| new_phone | 1 | 1/1 | 0/1 | — |',
        '| travel | 1 | 1/1 | 1/1 | country-mismatch 1 |',
        '| benign events outside chains with a non-allow outcome | 1 | 1 | 100.0% |',
        'Inversions: 0 of 10 decisions were for an event older than one of the same account decided before it (decisions-topic order, follow-ups excluded; should be 0).',
      ]),
    );
  });
});
