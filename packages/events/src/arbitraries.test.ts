import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventArbitraries } from './arbitraries.ts';
import { arbInvalidPayload, INVALID_PAYLOAD_LABELS } from './invalid-arbitraries.ts';
import { topicCatalog, TOPICS, type TopicName } from './topic-catalog.ts';

const topics = Object.values(TOPICS) as TopicName[];
const extraFields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 10 }).map((k) => `x_${k}`),
  fc.jsonValue(),
  { minKeys: 1, maxKeys: 4 },
);

describe.each(topics)('%s', (topic) => {
  const schema = topicCatalog[topic];

  it('valid events parse to themselves', () => {
    fc.assert(
      fc.property(eventArbitraries[topic], (event) => {
        expect(schema.parse(event)).toEqual(event);
      }),
    );
  });

  it('invalid payloads are rejected', () => {
    fc.assert(
      fc.property(arbInvalidPayload(topic), ({ label, field, payload }) => {
        const result = schema.safeParse(payload);
        expect(result.success, `${label} ${field ?? ''} ${JSON.stringify(payload)}`).toBe(false);
      }),
    );
  });

  it('unknown extra fields are accepted and stripped', () => {
    fc.assert(
      fc.property(eventArbitraries[topic], extraFields, (event, extra) => {
        expect(schema.parse({ ...extra, ...event })).toEqual(event);
      }),
    );
  });
});

describe('arbInvalidPayload', () => {
  it('labels every kind of breakage for transactions', () => {
    const labels = new Set(
      fc.sample(arbInvalidPayload(TOPICS.transactions), 2_000).map((p) => p.label),
    );
    expect([...labels].sort()).toEqual([...INVALID_PAYLOAD_LABELS].sort());
  });

  it('breaks disputes the same ways, amount included', () => {
    const labels = new Set(
      fc.sample(arbInvalidPayload(TOPICS.disputes), 2_000).map((p) => p.label),
    );
    expect([...labels].sort()).toEqual([...INVALID_PAYLOAD_LABELS].sort());
  });
});
