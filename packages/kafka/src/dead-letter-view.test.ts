import { describe, expect, it } from 'vitest';
import { buildDeadLetter, DLQ_HEADERS } from './dead-letter.ts';
import { deadLetterJson, deadLetterLine } from './cli/dlq-format.ts';
import { parseDeadLetter, redrivenMessage, REDRIVEN_FROM_HEADER } from './dead-letter-view.ts';

const written = buildDeadLetter(
  {
    topic: 'payments.transactions.v1',
    partition: 2,
    offset: '41',
    key: Buffer.from('acct-1'),
    value: Buffer.from('{"amount":"x"}'),
    headers: { traceparent: '00-abc' },
    timestamp: '1764750000000',
  },
  { code: 'SCHEMA_INVALID', message: 'amount: expected object' },
  new Date('2026-12-03T10:00:00.000Z'),
);
const asRead = (headers: Record<string, Buffer | string | undefined>) => ({
  partition: 0,
  offset: '7',
  key: written.message.key as Buffer,
  value: written.message.value as Buffer,
  headers,
});
const bytes = (headers: object) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(String(v))]));

describe('dead-letter view', () => {
  it('reads back what buildDeadLetter wrote (headers as the broker returns them: bytes)', () => {
    const parsed = parseDeadLetter(asRead(bytes(written.message.headers!)));
    expect(parsed.ok && parsed.letter).toMatchObject({
      partition: 0,
      offset: '7',
      errorCode: 'SCHEMA_INVALID',
      errorMessage: 'amount: expected object',
      sourceTopic: 'payments.transactions.v1',
      sourcePartition: 2,
      sourceOffset: '41',
      failedAt: '2026-12-03T10:00:00.000Z',
    });
    expect(parsed.ok && Object.keys(parsed.letter.headers)).toEqual(['traceparent']);
  });

  it('says why a record is not a dead letter', () => {
    const headers = bytes(written.message.headers!);
    delete headers[DLQ_HEADERS.sourceTopic];
    headers[DLQ_HEADERS.sourceOffset] = Buffer.from('-3');
    const parsed = parseDeadLetter(asRead(headers));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.code).toBe('DLQ_RECORD_INVALID');
    expect(!parsed.ok && parsed.error.retryable).toBe(false);
    expect(!parsed.ok && parsed.error.message).toMatch(
      /vigil-source-topic.*vigil-source-offset|vigil-source-offset.*vigil-source-topic/,
    );
    expect(parseDeadLetter(asRead({})).ok).toBe(false);
  });

  it('redrives the original key, value and headers, naming the dead letter', () => {
    const parsed = parseDeadLetter(asRead(bytes(written.message.headers!)));
    if (!parsed.ok) throw parsed.error;
    const message = redrivenMessage(parsed.letter, 'payments.transactions.v1.dlq');
    expect(message.key).toEqual(Buffer.from('acct-1'));
    expect(message.value).toEqual(Buffer.from('{"amount":"x"}'));
    expect(Object.keys(message.headers!).sort()).toEqual(
      ['traceparent', REDRIVEN_FROM_HEADER].sort(),
    );
    expect(message.headers![REDRIVEN_FROM_HEADER]).toBe('payments.transactions.v1.dlq/0/7');
  });

  it('tells a letter that failed again after a redrive, in both listings', () => {
    const first = parseDeadLetter(asRead(bytes(written.message.headers!)));
    if (!first.ok) throw first.error;
    expect(first.letter.redrivenFrom).toBeUndefined();
    expect(deadLetterLine(first.letter)).not.toContain('failed again');
    expect(deadLetterJson(first.letter)).not.toHaveProperty('redrivenFrom');
    // The redriven record failed again: the engine dead-letters it with its headers, this one too.
    const again = buildDeadLetter(
      {
        topic: 'payments.transactions.v1',
        partition: 2,
        offset: '58',
        key: Buffer.from('acct-1'),
        value: Buffer.from('{"amount":"x"}'),
        headers: redrivenMessage(first.letter, 'payments.transactions.v1.dlq').headers as Record<
          string,
          Buffer | string
        >,
        timestamp: '1764750100000',
      },
      { code: 'SCHEMA_INVALID', message: 'amount: expected object' },
      new Date('2026-12-03T10:05:00.000Z'),
    );
    const parsed = parseDeadLetter(asRead(bytes(again.message.headers!)));
    if (!parsed.ok) throw parsed.error;
    expect(parsed.letter.redrivenFrom).toBe('payments.transactions.v1.dlq/0/7');
    expect(deadLetterLine(parsed.letter).split('\n')[0]).toMatch(
      /from payments\.transactions\.v1\/2\/58 {2}key acct-1 {2}failed again, redriven from payments\.transactions\.v1\.dlq\/0\/7$/,
    );
    expect(deadLetterJson(parsed.letter)).toMatchObject({
      redrivenFrom: 'payments.transactions.v1.dlq/0/7',
    });
  });
});
