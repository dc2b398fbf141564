import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '@vigil/events';
import type { GroundTruth, ScenarioName } from '../ground-truth.ts';
import { computeDetectionReport, type DecisionView } from './detection-report.ts';
import { renderMarkdown } from './render-markdown.ts';

const at = (hhmmss: string) => `2026-11-20T${hhmmss}.000Z`;
const benign = (eventId: string, accountId: string, time: string, warmup = false): GroundTruth => ({
  eventId, accountId, topic: 'identity.logins.v1', occurredAt: at(time), label: 'benign', scenario: 'benign', episodeId: null, ...(warmup ? { warmup } : {}),
});
const attack = (eventId: string, accountId: string, time: string, scenario: ScenarioName, episodeId: string): GroundTruth => ({
  eventId, accountId, topic: 'payments.transactions.v1', occurredAt: at(time), label: 'attack', scenario, episodeId,
});
const d = (eventId: string, outcome: DecisionOutcome, ...rules: string[]): DecisionView => ({
  eventId, outcome, reasons: rules.map((rule) => ({ rule })),
});

const labels: GroundTruth[] = [
  benign('w0', 'B1', '00:00:00', true),
  benign('b1', 'B1', '00:01:00'), benign('b2', 'B1', '00:02:00'),
  benign('b3', 'B2', '00:03:00'), benign('b4', 'B2', '00:04:00'),
  benign('b5', 'B3', '00:05:00'), benign('b6', 'B3', '00:06:00'),
  benign('v1', 'V1', '00:07:00'),
  attack('a1', 'C1', '00:00:00', 'card_testing', 'E1'), attack('a2', 'C1', '00:01:00', 'card_testing', 'E1'), attack('a3', 'C1', '00:02:00', 'card_testing', 'E1'),
  attack('a4', 'C2', '00:10:00', 'card_testing', 'E2'), attack('a5', 'C2', '00:10:30', 'card_testing', 'E2'),
  attack('a6', 'C3', '01:00:00', 'card_testing', 'E3'),
  attack('x1', 'S1', '00:05:00', 'ato', 'E4'), attack('x2', 'V1', '00:20:00', 'ato', 'E4'),
];
const decisions: DecisionView[] = [
  d('w0', 'block'),
  d('b1', 'allow'), d('b2', 'challenge', 'new-device-login'), d('b3', 'allow'), d('b4', 'allow'),
  d('b5', 'review', 'new-device-login', 'unusual-amount'),
  d('v1', 'review', 'impossible-travel'),
  d('a1', 'allow'), d('a2', 'block', 'card-testing', 'velocity'), d('a3', 'block', 'card-testing'), d('a2', 'allow'),
  d('a4', 'allow'), d('a5', 'allow'), d('a6', 'challenge', 'bin-attack', 'card-testing'),
  d('x1', 'allow'), d('x2', 'review', 'ato-cash-out'),
  d('zzz', 'block'),
];

describe('computeDetectionReport', () => {
  const report = computeDetectionReport(labels, decisions);

  it('counts episodes, catches, recall and time to catch per scenario (nearest-rank percentiles)', () => {
    expect(report.scenarios).toEqual([
      {
        scenario: 'card_testing', episodes: 3, caught: 2, recall: 2 / 3, medianTimeToCatchMs: 0, p90TimeToCatchMs: 60_000, attackEvents: 6, attackEventsFlagged: 3,
        topRules: [{ rule: 'card-testing', events: 3 }, { rule: 'bin-attack', events: 1 }, { rule: 'velocity', events: 1 }],
      },
      {
        scenario: 'ato', episodes: 1, caught: 1, recall: 1, medianTimeToCatchMs: 900_000, p90TimeToCatchMs: 900_000, attackEvents: 2, attackEventsFlagged: 1,
        topRules: [{ rule: 'ato-cash-out', events: 1 }],
      },
    ]);
    expect(report.overall).toEqual({ episodes: 4, caught: 3, recall: 0.75 });
  });

  it('measures false positives on accounts no attack touched, outside warm-up', () => {
    expect(report.benign).toEqual({
      events: 6, flaggedEvents: 2, eventFalsePositiveRate: 2 / 6,
      accounts: 3, flaggedAccounts: 2, accountFalsePositiveRate: 2 / 3,
      flaggedByOutcome: { challenge: 1, review: 1, block: 0 },
      // v1's impossible-travel is not here: V1 was attacked, so its events are not benign.
      flaggedByRule: [{ rule: 'new-device-login', events: 2 }, { rule: 'unusual-amount', events: 1 }],
    });
  });

  it('reports coverage: missing, unlabelled and duplicate decisions (the first decision counts)', () => {
    expect(report.coverage).toEqual({ labelledEvents: 15, decidedEvents: 14, missingDecisions: 1, unlabelledDecisions: 1, duplicateDecisions: 1 });
  });

  it('has no rates when there is nothing to measure', () => {
    const empty = computeDetectionReport([], []);
    expect(empty.scenarios).toEqual([]);
    expect(empty.overall.recall).toBeNull();
    expect(empty.benign.eventFalsePositiveRate).toBeNull();
  });

  it('renders one markdown row per scenario and the false-positive rates', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| card_testing | 3 | 2 | 66.7% | 0s | 1m 00s | 3/6 | card-testing 3, bin-attack 1, velocity 1 |');
    expect(md).toContain('| ato | 1 | 1 | 100.0% | 15m 00s | 15m 00s | 1/2 | ato-cash-out 1 |');
    expect(md).toContain('| **all** | 4 | 3 | 75.0% | | | | |');
    expect(md).toContain('Rules behind benign flags (events): new-device-login 2, unusual-amount 1.');
    expect(md).toContain('| benign events with a non-allow outcome | 2 | 6 | 33.3% |');
    expect(md).toContain('| benign accounts with any non-allow outcome | 2 | 3 | 66.7% |');
    expect(md).toContain('14 of 15 measured events have a decision (1 missing)');
  });
});
