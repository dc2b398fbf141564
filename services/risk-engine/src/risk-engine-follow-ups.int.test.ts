import { describe, expect, it } from 'vitest';
import type {
  AccountChangeEvent,
  AccountCommand,
  LoginEvent,
  RiskDecision,
  RiskFeedback,
  TransactionEvent,
} from '@vigil/events';
import { parseRuleSet } from '@vigil/rules';
import { uniqueName, waitFor } from '@vigil/testing';
import { RecordingCases, useEngineHarness } from './test-support/engine-harness.ts';

// Follow-up decisions through the real Kafka broker and Redis: a late event raising what its
// account decided after it, a retro-hunt when an IP crosses a stuffing threshold, and one when
// fraud feedback deny-lists a device. Each published with its cause, in one transaction.
const RULES = parseRuleSet(`
version: "it-follow-ups"
timezone: UTC
combination: noisy_or
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: deny-list, type: deny-list, mode: enforce, score: 100, params: { entities: [device, card, ip, account], outcome: block } }
  - { id: ato-cash-out, type: ato-cash-out, mode: enforce, score: 90, params: { within: 24h, minAmount: { JPY: 50000 }, newBeneficiary: false, outcome: block } }
  - { id: stuffing, type: login-spread, mode: enforce, score: 75, params: { window: 1h, minAccounts: 4, minAttempts: 4, maxPerAccount: 2 } }
retroHunt:
  triggers: [{ rule: stuffing, entity: ip, lookback: 1h }]
  denyList: { entities: [device, card], lookback: 3d }
`);

const T0 = Date.parse('2026-11-24T08:00:00.000Z');
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

function withdrawal(
  accountId: string,
  minute: number,
  device = `${accountId}-phone`,
): TransactionEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-wd-${minute}`,
    occurredAt: iso(minute),
    accountId,
    transactionId: `${accountId}-t-${minute}`,
    type: 'withdrawal',
    status: 'approved',
    amount: { minor: 120_000, currency: 'JPY' },
    channel: 'app',
    device: { id: device, platform: 'android' },
  };
}

function phoneChange(accountId: string, minute: number): AccountChangeEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-chg-${minute}`,
    occurredAt: iso(minute),
    accountId,
    change: 'phone_changed',
  };
}

function login(
  accountId: string,
  minute: number,
  ip: string,
  outcome: 'success' | 'failure',
): LoginEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-login-${minute}`,
    occurredAt: iso(minute),
    accountId,
    outcome,
    ...(outcome === 'failure' ? { failureReason: 'bad_password' as const } : {}),
    method: 'password',
    ip,
  };
}

describe('risk engine follow-ups (real Kafka and Redis)', () => {
  const h = useEngineHarness(RULES);
  const decisionsOf = (account: string, count: number, what: string) =>
    h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, count, { what });

  it('a phone change arriving after the withdrawal was decided: a follow-up blocks the withdrawal, with its case and lock', async () => {
    const cases = new RecordingCases();
    const engine = await h.start(cases);
    const account = uniqueName('swap');
    await h.produce(h.env.TOPIC_TRANSACTIONS, [withdrawal(account, 5)]);
    const [first] = await decisionsOf(account, 1, 'the withdrawal decided');
    expect(first).toMatchObject({ eventId: `${account}-wd-5`, outcome: 'allow' });

    // The account-changes upstream was behind: the change 5 minutes before arrives now.
    await h.produce(h.env.TOPIC_ACCOUNT_CHANGES, [phoneChange(account, 0)]);
    const all = await decisionsOf(account, 3, 'the change and a follow-up');
    const followUp = all.find((d) => d.followUp !== undefined)!;
    expect(followUp).toMatchObject({
      outcome: 'block',
      eventType: 'transaction',
      occurredAt: iso(5),
      followUp: {
        kind: 'late_event',
        eventId: `${account}-wd-5`,
        decisionId: `dec-${account}-wd-5`,
        triggerEventId: `${account}-chg-0`,
        triggeredAt: iso(0),
      },
      context: { amount: { minor: 120_000, currency: 'JPY' } },
    });
    expect(followUp.reasons.map((r) => r.rule)).toEqual(['ato-cash-out']);
    expect(
      all
        .filter((d) => d.followUp === undefined)
        .map((d) => d.eventId)
        .sort(),
    ).toEqual([`${account}-chg-0`, `${account}-wd-5`]);
    // Its case is raised from the decisions topic, after the follow-up was published.
    await waitFor(
      () => (cases.raised.some((d) => d.decisionId === followUp.decisionId) ? true : undefined),
      { timeoutMs: 30_000, what: 'the case of the follow-up block' },
    );
    const commands = await h.waitForAccount<AccountCommand>(
      h.env.TOPIC_ACCOUNT_COMMANDS,
      account,
      1,
      {
        what: 'the lock for the follow-up block',
      },
    );
    expect(commands).toMatchObject([{ action: 'lock', decisionId: followUp.decisionId }]);
    expect(await h.metric(engine, 'vigil_risk_follow_ups_total')).toBe(1);
    expect(await h.metric(engine, 'vigil_risk_late_events_total')).toBe(1);
    await h.stop(engine);
  });

  it('an IP crossing the stuffing threshold: the accounts it touched before get one retro-hunt follow-up each, also one whose use is read after the crossing', async () => {
    const engine = await h.start(new RecordingCases());
    const run = uniqueName('stuff');
    const ip = '198.51.100.77';
    const victims = [1, 2, 3].map((n) => `${run}-v${n}`);
    await h.produce(h.env.TOPIC_LOGINS, [
      login(victims[0]!, 0, ip, 'failure'),
      login(victims[1]!, 5, ip, 'failure'),
      login(victims[2]!, 10, ip, 'success'),
      login(victims[2]!, 11, ip, 'failure'),
    ]);
    const crossing = `${run}-v4`;
    await h.produce(h.env.TOPIC_LOGINS, [login(crossing, 20, ip, 'failure')]);
    const [own] = await decisionsOf(crossing, 1, 'the crossing attempt decided');
    expect(own!.reasons.map((r) => r.rule)).toEqual(['stuffing']);
    const followUps = await waitFor(
      async () => {
        const decisions = (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter(
          (d) => d.followUp?.kind === 'retro_hunt' && d.accountId.startsWith(run),
        );
        return decisions.length >= 3 ? decisions : undefined;
      },
      { timeoutMs: 60_000, what: 'three retro-hunt follow-ups' },
    );
    const byAccount = new Map(followUps.map((d) => [d.accountId, d]));
    expect([...byAccount.keys()].sort()).toEqual(victims);
    expect(byAccount.get(victims[0]!)).toMatchObject({
      outcome: 'challenge',
      subject: { ip },
      followUp: {
        eventId: `${victims[0]}-login-0`,
        triggerRule: 'stuffing',
        entity: { type: 'ip', value: ip },
      },
    });
    // Signed in from the IP: possibly taken over, so an agent looks.
    expect(byAccount.get(victims[2]!)?.outcome).toBe('review');
    expect(followUps).toHaveLength(3);

    // An account that signed in from the IP before the crossing, read only now (its partition or
    // upstream behind): the sweep has passed its time, and it gets the follow-up it gets in order.
    const behind = `${run}-v5`;
    await h.produce(h.env.TOPIC_LOGINS, [login(behind, 8, ip, 'success')]);
    const belated = (await decisionsOf(behind, 2, 'the belated sign-in and its follow-up')).find(
      (d) => d.followUp,
    );
    expect(belated).toMatchObject({
      outcome: 'review',
      followUp: {
        kind: 'retro_hunt',
        eventId: `${behind}-login-8`,
        triggerRule: 'stuffing',
        triggeredAt: iso(20),
      },
    });
    expect(belated!.reasons[0]!.message).toContain(own!.reasons[0]!.message.slice(0, 40));
    await h.stop(engine);
  });

  it('another account’s failure read late: a sign-in after the crossing it makes, decided before, is reviewed by a follow-up', async () => {
    const engine = await h.start(new RecordingCases());
    const run = uniqueName('others');
    const ip = '198.51.100.78';
    const earlier = [1, 2, 3].map((n) => `${run}-f${n}`);
    await h.produce(h.env.TOPIC_LOGINS, [
      login(earlier[0]!, 0, ip, 'failure'),
      login(earlier[1]!, 5, ip, 'failure'),
      login(earlier[2]!, 10, ip, 'failure'),
    ]);
    // Three accounts: under the threshold of four when this sign-in is decided.
    const signedIn = `${run}-s`;
    await h.produce(h.env.TOPIC_LOGINS, [login(signedIn, 30, ip, 'success')]);
    const [first] = await decisionsOf(signedIn, 1, 'the sign-in decided');
    expect(first).toMatchObject({ outcome: 'allow' });

    // A fourth account's failure at minute 20, read only now (another replica or upstream behind):
    // in event order the IP crossed there, and the sign-in after it was caught by the rule itself.
    const late = `${run}-f4`;
    await h.produce(h.env.TOPIC_LOGINS, [login(late, 20, ip, 'failure')]);
    const [, followUp] = await decisionsOf(signedIn, 2, 'a follow-up about the sign-in');
    expect(followUp).toMatchObject({
      outcome: 'review',
      followUp: {
        kind: 'late_event',
        eventId: `${signedIn}-login-30`,
        triggerEventId: `${late}-login-20`,
        triggeredAt: iso(20),
      },
    });
    expect(followUp!.reasons.map((r) => r.rule)).toEqual(['stuffing']);
    expect(await h.metric(engine, 'vigil_risk_late_for_others_events_total')).toBe(1);
    await h.stop(engine);
  });

  it('fraud feedback deny-lists a device: the other accounts that used it get a follow-up, published with the feedback offset', async () => {
    const engine = await h.start(new RecordingCases());
    const run = uniqueName('deny');
    const device = `${run}-shared-device`;
    const [fraudster, other] = [`${run}-a`, `${run}-b`];
    await h.produce(h.env.TOPIC_TRANSACTIONS, [
      { ...withdrawal(other, 0, device), amount: { minor: 900, currency: 'JPY' } },
      { ...withdrawal(fraudster, 1, device), amount: { minor: 900, currency: 'JPY' } },
    ]);
    await decisionsOf(fraudster, 1, 'the fraudster decided');
    await h.produce(h.env.TOPIC_FEEDBACK, [
      {
        schemaVersion: 1,
        feedbackId: `${run}-fb`,
        accountId: fraudster,
        source: 'case_resolution',
        verdict: 'fraud',
        deviceId: device,
        occurredAt: iso(30),
      } satisfies RiskFeedback,
    ]);
    const decisions = await decisionsOf(other, 2, "the other account's follow-up");
    const followUp = decisions.find((d) => d.followUp)!;
    expect(followUp).toMatchObject({
      outcome: 'challenge',
      subject: { deviceId: device },
      followUp: { kind: 'retro_hunt', triggerRule: 'deny-list', eventId: `${other}-wd-0` },
    });
    // What the customer is asked about: that withdrawal, with its amount and the device's platform.
    expect(followUp.context).toEqual({
      amount: { minor: 900, currency: 'JPY' },
      device: { platform: 'android' },
    });
    // The fraudster's own account is not swept (its feedback is the finding).
    expect(
      (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter(
        (d) => d.accountId === fraudster && d.followUp,
      ),
    ).toEqual([]);
    await waitFor(
      async () =>
        (await h.metric(engine, 'vigil_risk_feedback_applied_total')) === 1 ? true : undefined,
      { timeoutMs: 20_000, what: 'the feedback counted' },
    );
    await h.stop(engine);
  });
});
