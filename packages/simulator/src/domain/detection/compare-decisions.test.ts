import { describe, expect, it } from 'vitest';
import type { RiskDecision } from '@vigil/events';
import { compareDecisions } from './compare-decisions.ts';
import { renderComparison } from './render-comparison.ts';

const decision = (eventId: string, outcome: RiskDecision['outcome'], score: number, rules: string[] = [], shadow: string[] = [], extra: Partial<RiskDecision> = {}): RiskDecision => ({
  schemaVersion: 1, decisionId: `d-${eventId}-${Math.random()}`, eventId, eventType: 'login', accountId: 'acct-1',
  occurredAt: '2026-11-20T00:00:00.000Z', decidedAt: new Date().toISOString(), score, outcome,
  reasons: rules.map((rule) => ({ rule, score, message: rule })), shadowReasons: shadow.map((rule) => ({ rule, score: 40, message: rule })),
  ruleSetVersion: 'test', subject: {}, ...extra,
});
const followUp = (eventId: string, target: string, outcome: RiskDecision['outcome'], kind: 'late_event' | 'retro_hunt' = 'retro_hunt') =>
  decision(eventId, outcome, 70, ['credential-stuffing-ip'], [], { followUp: { kind, eventId: target } });

describe('compareDecisions', () => {
  it('finds two runs equal whatever the decisionId, decidedAt, reason order and read order', () => {
    const a = [decision('e1', 'allow', 0), decision('e2', 'challenge', 45, ['new-device-login', 'new-country-login'], ['new-card-on-customer']), followUp('f1', 'e1', 'review')];
    const b = [followUp('f1', 'e1', 'review'), decision('e2', 'challenge', 45, ['new-country-login', 'new-device-login'], ['new-card-on-customer']), decision('e1', 'allow', 0)];
    const c = compareDecisions(a, b);
    expect(c.equal).toBe(true);
    expect(c.decisions).toEqual({ compared: 2, identical: 2, onlyInA: [], onlyInB: [], differing: [] });
    expect(c.followUps).toMatchObject({ compared: 1, identical: 1 });
    expect(c.effective).toEqual({ compared: 2, identical: 2, differing: [] });
    expect(renderComparison(c, { a: 'backlog', b: 'paced' })).toContain('backlog and paced decided every event the same.');
  });

  it('reports missing decisions on either side, differing fields, follow-ups and effective outcomes', () => {
    const a = [
      decision('e1', 'allow', 0), decision('e2', 'challenge', 45, ['new-device-login']), decision('e3', 'block', 90, ['ato-cash-out']), decision('e4', 'allow', 10, [], ['new-card-on-customer']),
      decision('only-a', 'allow', 0), followUp('f1', 'e1', 'review'),
    ];
    const b = [
      decision('e1', 'allow', 0), decision('e2', 'challenge', 50, ['new-device-login']), decision('e3', 'allow', 0), decision('e4', 'allow', 10),
      decision('only-b', 'allow', 0), decision('only-b', 'allow', 0), followUp('f2', 'e3', 'block', 'late_event'),
    ];
    const c = compareDecisions(a, b);
    expect(c.equal).toBe(false);
    expect(c.decisions.onlyInA).toEqual(['only-a']);
    expect(c.decisions.onlyInB).toEqual(['only-b']);
    expect(c.decisions.compared).toBe(4);
    expect(c.decisions.identical).toBe(1);
    expect(c.decisions.differing.map((x) => [x.eventId, x.fields])).toEqual([['e2', ['score']], ['e3', ['outcome', 'score', 'rules']], ['e4', ['shadowRules']]]);
    expect(c.decisions.differing[1]).toMatchObject({ accountId: 'acct-1', a: { outcome: 'block', score: 90, rules: ['ato-cash-out'], shadowRules: [] }, b: { outcome: 'allow', rules: [] } });
    expect(c.followUps).toMatchObject({ compared: 0, onlyInA: ['f1'], onlyInB: ['f2'] });
    // e1: review through a's follow-up only; e3: block on both sides, by its decision in a and a follow-up in b.
    expect(c.effective.differing).toEqual([{ eventId: 'e1', a: 'review', b: 'allow' }, { eventId: 'only-a', a: 'allow', b: null }, { eventId: 'only-b', a: null, b: 'allow' }]);
    expect(c.duplicates).toEqual({ a: 0, b: 1 });
    expect(compareDecisions(a, b, { scoreTolerance: 5 }).decisions.differing.map((x) => x.eventId)).toEqual(['e3', 'e4']);

    expect(renderComparison(c, { a: 'backlog', b: 'paced', limit: 2 })).toBe(
      [
        'backlog and paced differ.',
        'Decisions: 1 identical of 4 on both sides; 3 differing; 1 only in backlog; 1 only in paced.',
        '  only in backlog: only-a',
        '  only in paced: only-b',
        '  e2 (acct-1) score: backlog challenge 45 [new-device-login] | paced challenge 50 [new-device-login]',
        '  e3 (acct-1) outcome+score+rules: backlog block 90 [ato-cash-out] | paced allow 0 []',
        '  … 1 more differing',
        'Follow-ups: 0 identical of 0 on both sides; 0 differing; 1 only in backlog; 1 only in paced.',
        '  only in backlog: f1',
        '  only in paced: f2',
        'Effective outcomes (with follow-ups): 3 identical of 6 events; 3 differing.',
        '  e1: backlog review | paced allow',
        '  only-a: backlog allow | paced no decision',
        '  … 1 more differing',
        'Duplicate eventIds: 0 in backlog, 1 in paced (the first counts).',
        '',
      ].join('\n'),
    );
  });
});
