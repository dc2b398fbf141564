import fc from 'fast-check';
import { eventArbitraries } from './arbitraries.ts';
import { TOPICS, type TopicName } from './topic-catalog.ts';

export const INVALID_PAYLOAD_LABELS = [
  'not an object',
  'missing required field',
  'wrong type',
  'bad enum',
  'bad timestamp',
  'wrong schemaVersion',
  'float amount',
  'negative amount',
  'bad currency',
  'control character in id',
] as const;
export type InvalidPayloadLabel = (typeof INVALID_PAYLOAD_LABELS)[number];

/** A payload that must be rejected, labelled with what is wrong (for test names and DLQ checks). */
export interface InvalidPayload {
  label: InvalidPayloadLabel;
  /** The field that was broken, when one was. */
  field?: string;
  payload: unknown;
}

// What each topic's contract requires; the generators break exactly one of these at a time.
const REQUIRED: Record<TopicName, readonly string[]> = {
  [TOPICS.transactions]: [
    'eventId',
    'occurredAt',
    'accountId',
    'transactionId',
    'type',
    'status',
    'amount',
    'channel',
  ],
  [TOPICS.logins]: ['eventId', 'occurredAt', 'accountId', 'outcome', 'method'],
  [TOPICS.accountChanges]: ['eventId', 'occurredAt', 'accountId', 'change'],
  [TOPICS.decisions]: [
    'decisionId',
    'eventId',
    'eventType',
    'accountId',
    'occurredAt',
    'decidedAt',
    'score',
    'outcome',
    'reasons',
    'shadowReasons',
    'ruleSetVersion',
    'subject',
  ],
  [TOPICS.accountCommands]: ['commandId', 'accountId', 'action', 'reason', 'issuedAt', 'issuedBy'],
  [TOPICS.feedback]: ['feedbackId', 'accountId', 'source', 'verdict', 'occurredAt'],
  [TOPICS.disputes]: [
    'disputeId',
    'accountId',
    'transactionId',
    'occurredAt',
    'reasonFamily',
    'amount',
    'status',
  ],
};
const ENUMS: Record<TopicName, readonly string[]> = {
  [TOPICS.transactions]: ['type', 'status', 'channel'],
  [TOPICS.logins]: ['outcome', 'method'],
  [TOPICS.accountChanges]: ['change'],
  [TOPICS.decisions]: ['eventType', 'outcome'],
  [TOPICS.accountCommands]: ['action'],
  [TOPICS.feedback]: ['source', 'verdict'],
  [TOPICS.disputes]: ['reasonFamily', 'status'],
};
const TIMESTAMPS: Record<TopicName, string> = {
  [TOPICS.transactions]: 'occurredAt',
  [TOPICS.logins]: 'occurredAt',
  [TOPICS.accountChanges]: 'occurredAt',
  [TOPICS.decisions]: 'decidedAt',
  [TOPICS.accountCommands]: 'issuedAt',
  [TOPICS.feedback]: 'occurredAt',
  [TOPICS.disputes]: 'occurredAt',
};

// No required field of any topic accepts a boolean, null or a non-empty array of numbers.
const wrongTypeValue = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
);
const badEnumValue = fc.string({ maxLength: 12 }).map((s) => `not-a-value:${s}`);
const badTimestamp = fc.constantFrom(
  '2026-11-24T16:00:00+09:00',
  'yesterday',
  '2026-13-01T00:00:00Z',
  '',
  '1732431600000',
);

type Row = Record<string, unknown>;
const withField = (event: object, field: string, value: unknown): Row => ({
  ...(event as Row),
  [field]: value,
});

/** Invalid payloads for `topic`: a valid event with exactly one thing broken, labelled. */
export function arbInvalidPayload(topic: TopicName): fc.Arbitrary<InvalidPayload> {
  const valid = eventArbitraries[topic] as fc.Arbitrary<object>;
  const required = fc.constantFrom(...(REQUIRED[topic] as [string, ...string[]]));
  const variants: fc.Arbitrary<InvalidPayload>[] = [
    fc
      .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()))
      .map((payload) => ({ label: 'not an object', payload })),
    fc.tuple(valid, required).map(([event, field]) => {
      const { [field]: _removed, ...rest } = event as Row;
      return { label: 'missing required field', field, payload: rest };
    }),
    fc.tuple(valid, required, wrongTypeValue).map(([event, field, value]) => ({
      label: 'wrong type',
      field,
      payload: withField(event, field, value),
    })),
    fc
      .tuple(valid, fc.constantFrom(...(ENUMS[topic] as [string, ...string[]])), badEnumValue)
      .map(([event, field, value]) => ({
        label: 'bad enum',
        field,
        payload: withField(event, field, value),
      })),
    fc.tuple(valid, fc.integer({ min: 0, max: 0x20 })).map(([event, code]) => ({
      label: 'control character in id',
      field: 'accountId',
      payload: withField(
        event,
        'accountId',
        `acct${String.fromCharCode(code === 0x20 ? 0x7f : code)}1`,
      ),
    })),
    fc.tuple(valid, badTimestamp).map(([event, value]) => ({
      label: 'bad timestamp',
      field: TIMESTAMPS[topic],
      payload: withField(event, TIMESTAMPS[topic], value),
    })),
    fc
      .tuple(valid, fc.oneof(fc.constantFrom(0, 2, '1'), fc.integer({ min: 2 })))
      .map(([event, value]) => ({
        label: 'wrong schemaVersion',
        field: 'schemaVersion',
        payload: withField(event, 'schemaVersion', value),
      })),
  ];
  // Both topics carry a required amount: break it the ways upstream producers do.
  if (topic === TOPICS.transactions || topic === TOPICS.disputes) {
    const amountWith = (label: InvalidPayloadLabel, patch: fc.Arbitrary<Row>) =>
      fc.tuple(valid, patch).map(([event, p]) => ({
        label,
        field: 'amount',
        payload: withField(event, 'amount', { ...((event as Row).amount as Row), ...p }),
      }));
    variants.push(
      amountWith(
        'float amount',
        fc
          .double({ min: 0.001, max: 1e9, noNaN: true })
          .filter((n) => !Number.isInteger(n))
          .map((minor) => ({ minor })),
      ),
      amountWith(
        'negative amount',
        fc.integer({ min: -1e9, max: -1 }).map((minor) => ({ minor })),
      ),
      amountWith(
        'bad currency',
        fc
          .oneof(
            fc.constantFrom('jpy', 'JP', 'JPYY', 'usd', '12A', ''),
            fc.string({ maxLength: 5 }).filter((s) => !/^[A-Z]{3}$/.test(s)),
          )
          .map((currency) => ({ currency })),
      ),
    );
  }
  return fc.oneof(...variants);
}
