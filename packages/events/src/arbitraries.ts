import fc from 'fast-check';
import {
  ACCOUNT_CHANGES,
  ACCOUNT_TIERS,
  CHANNELS,
  DISPUTE_REASON_FAMILIES,
  DISPUTE_STATUSES,
  LOGIN_FAILURE_REASONS,
  LOGIN_METHODS,
  PAYMENT_STATUSES,
  TRANSACTION_TYPES,
  type AccountChangeEvent,
  type DisputeEvent,
  type LoginEvent,
  type TransactionEvent,
} from './inbound-events.ts';
import {
  DECISION_OUTCOMES,
  EVENT_TYPES,
  type AccountCommand,
  type DecisionReason,
  type RiskDecision,
  type RiskFeedback,
} from './outbound-events.ts';
import type { Device, Geo, Money } from './primitives.ts';
import { TOPICS, type TopicEvent, type TopicName } from './topic-catalog.ts';

// Generators of VALID events, for property tests of every consumer and producer of the contract.
const id = (max = 128) => fc.string({ minLength: 1, maxLength: Math.min(max, 40) });
const text = (max: number) => fc.string({ maxLength: Math.min(max, 60) });
export const arbIsoInstant = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
export const arbCountry = fc.stringMatching(/^[A-Z]{2}$/);
export const arbMoney: fc.Arbitrary<Money> = fc.record({
  minor: fc.maxSafeNat(),
  currency: fc.stringMatching(/^[A-Z]{3}$/),
});
export const arbDevice: fc.Arbitrary<Device> = fc.record(
  { id: id(256), userAgent: text(1024), platform: text(64) },
  { requiredKeys: ['id'] },
);
export const arbGeo: fc.Arbitrary<Geo> = fc.record(
  {
    country: arbCountry,
    city: text(128),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
  },
  { requiredKeys: ['country'] },
);
const hexGroup = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
export const arbIp = fc.oneof(
  fc.ipV4(),
  fc.array(hexGroup, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
);
const arbBin = fc.stringMatching(/^\d{6,8}$/);

const optionalContext = { device: arbDevice, ip: arbIp, geo: arbGeo };

export const arbTransactionEvent = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    eventId: id(),
    occurredAt: arbIsoInstant,
    accountId: id(),
    transactionId: id(),
    type: fc.constantFrom(...TRANSACTION_TYPES),
    status: fc.constantFrom(...PAYMENT_STATUSES),
    declineReason: text(128),
    amount: arbMoney,
    channel: fc.constantFrom(...CHANNELS),
    merchant: fc.record(
      { id: id(), name: text(256), mcc: fc.stringMatching(/^\d{4}$/), country: arbCountry },
      { requiredKeys: ['id'] },
    ),
    beneficiary: fc.record({ id: id(), name: text(256) }, { requiredKeys: ['id'] }),
    card: fc.record(
      {
        fingerprint: id(),
        bin: arbBin,
        last4: fc.stringMatching(/^\d{4}$/),
        country: arbCountry,
      },
      { requiredKeys: ['fingerprint'] },
    ),
    ...optionalContext,
    account: fc.record(
      { country: arbCountry, tier: fc.constantFrom(...ACCOUNT_TIERS), createdAt: arbIsoInstant },
      { requiredKeys: [] },
    ),
  },
  {
    requiredKeys: [
      'schemaVersion',
      'eventId',
      'occurredAt',
      'accountId',
      'transactionId',
      'type',
      'status',
      'amount',
      'channel',
    ],
  },
) satisfies fc.Arbitrary<TransactionEvent>;

export const arbLoginEvent = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    eventId: id(),
    occurredAt: arbIsoInstant,
    accountId: id(),
    outcome: fc.constantFrom('success' as const, 'failure' as const),
    failureReason: fc.constantFrom(...LOGIN_FAILURE_REASONS),
    method: fc.constantFrom(...LOGIN_METHODS),
    ...optionalContext,
  },
  { requiredKeys: ['schemaVersion', 'eventId', 'occurredAt', 'accountId', 'outcome', 'method'] },
) satisfies fc.Arbitrary<LoginEvent>;

export const arbAccountChangeEvent = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    eventId: id(),
    occurredAt: arbIsoInstant,
    accountId: id(),
    change: fc.constantFrom(...ACCOUNT_CHANGES),
    ...optionalContext,
  },
  { requiredKeys: ['schemaVersion', 'eventId', 'occurredAt', 'accountId', 'change'] },
) satisfies fc.Arbitrary<AccountChangeEvent>;

const arbScore = fc.integer({ min: 0, max: 100 });
const arbObserved = fc.oneof(fc.integer(), text(256));
export const arbDecisionReason = fc.record(
  {
    rule: id(),
    score: arbScore,
    message: text(512),
    observed: arbObserved,
    threshold: arbObserved,
  },
  { requiredKeys: ['rule', 'score', 'message'] },
) satisfies fc.Arbitrary<DecisionReason>;

export const arbRiskDecision = fc.record({
  schemaVersion: fc.constant(1 as const),
  decisionId: id(),
  eventId: id(),
  eventType: fc.constantFrom(...EVENT_TYPES),
  accountId: id(),
  occurredAt: arbIsoInstant,
  decidedAt: arbIsoInstant,
  score: arbScore,
  outcome: fc.constantFrom(...DECISION_OUTCOMES),
  reasons: fc.array(arbDecisionReason, { maxLength: 4 }),
  shadowReasons: fc.array(arbDecisionReason, { maxLength: 2 }),
  ruleSetVersion: id(64),
  subject: fc.record(
    {
      transactionId: text(128),
      deviceId: text(256),
      ip: arbIp,
      bin: arbBin,
      merchantId: id(),
      paymentStatus: fc.constantFrom(...PAYMENT_STATUSES),
    },
    { requiredKeys: [] },
  ),
}) satisfies fc.Arbitrary<RiskDecision>;

export const arbAccountCommand = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    commandId: id(),
    accountId: id(),
    action: fc.constantFrom('lock' as const, 'unlock' as const),
    reason: id(512),
    caseId: text(128),
    decisionId: text(128),
    issuedAt: arbIsoInstant,
    issuedBy: id(),
  },
  {
    requiredKeys: [
      'schemaVersion',
      'commandId',
      'accountId',
      'action',
      'reason',
      'issuedAt',
      'issuedBy',
    ],
  },
) satisfies fc.Arbitrary<AccountCommand>;

export const arbRiskFeedback = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    feedbackId: id(),
    accountId: id(),
    source: fc.constantFrom('customer_verification' as const, 'case_resolution' as const),
    verdict: fc.constantFrom('legit' as const, 'fraud' as const),
    decisionId: text(128),
    deviceId: text(256),
    occurredAt: arbIsoInstant,
  },
  { requiredKeys: ['schemaVersion', 'feedbackId', 'accountId', 'source', 'verdict', 'occurredAt'] },
) satisfies fc.Arbitrary<RiskFeedback>;

export const arbDisputeEvent = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    disputeId: id(),
    accountId: id(),
    transactionId: id(),
    occurredAt: arbIsoInstant,
    reasonFamily: fc.constantFrom(...DISPUTE_REASON_FAMILIES),
    amount: arbMoney,
    status: fc.constantFrom(...DISPUTE_STATUSES),
    merchantId: id(),
    bin: arbBin,
  },
  {
    requiredKeys: [
      'schemaVersion',
      'disputeId',
      'accountId',
      'transactionId',
      'occurredAt',
      'reasonFamily',
      'amount',
      'status',
    ],
  },
) satisfies fc.Arbitrary<DisputeEvent>;

/** A valid-event generator per topic of the catalog. */
export const eventArbitraries: { [T in TopicName]: fc.Arbitrary<TopicEvent<T>> } = {
  [TOPICS.transactions]: arbTransactionEvent,
  [TOPICS.logins]: arbLoginEvent,
  [TOPICS.accountChanges]: arbAccountChangeEvent,
  [TOPICS.decisions]: arbRiskDecision,
  [TOPICS.accountCommands]: arbAccountCommand,
  [TOPICS.feedback]: arbRiskFeedback,
  [TOPICS.disputes]: arbDisputeEvent,
};
