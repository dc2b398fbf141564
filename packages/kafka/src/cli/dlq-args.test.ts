import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseDlqArgs } from './dlq-args.ts';
import { deadLetterJson, deadLetterLine } from './dlq-format.ts';

describe('vigil-dlq arguments', () => {
  it('parses both commands, brokers from the flag, $KAFKA_BROKERS or the default', () => {
    expect(parseDlqArgs(['list', 'payments.transactions.v1.dlq', '--limit', '5'], {})).toEqual({
      command: 'list',
      topic: 'payments.transactions.v1.dlq',
      brokers: ['127.0.0.1:9092'],
      limit: 5,
      json: false,
    });
    expect(
      parseDlqArgs(['redrive', 'risk.decisions.v1.dlq', '--to', 'parking'], {
        KAFKA_BROKERS: 'k1:9092,k2:9092',
      }),
    ).toEqual({
      command: 'redrive',
      topic: 'risk.decisions.v1.dlq',
      brokers: ['k1:9092', 'k2:9092'],
      to: 'parking',
    });
    expect(parseDlqArgs([], {})).toBe('help');
  });

  it('refuses a topic that is not a dead-letter topic and an unknown command', () => {
    expect(() => parseDlqArgs(['redrive', 'payments.transactions.v1'], {})).toThrowError(ZodError);
    expect(() => parseDlqArgs(['delete', 'x.dlq'], {})).toThrowError(ZodError);
    expect(() => parseDlqArgs(['list', 'x.dlq', '--brokers', 'nohost'], {})).toThrowError(
      /host:port/,
    );
  });
});

describe('vigil-dlq output', () => {
  const letter = {
    partition: 1,
    offset: '9',
    errorCode: 'NOT_JSON',
    errorMessage: 'Unexpected token',
    sourceTopic: 'identity.logins.v1',
    sourcePartition: 0,
    sourceOffset: '120',
    failedAt: '2026-12-03T10:00:00.000Z',
    key: Buffer.from('acct-9'),
    value: Buffer.from([0xff, 0xfe]),
    headers: {},
  };

  it('shows binary values as base64 in JSON and by size in text; text values as text', () => {
    expect(deadLetterJson(letter)).toMatchObject({
      valueBase64: '//4=',
      key: 'acct-9',
      source: { offset: '120' },
    });
    expect(deadLetterLine(letter)).toContain('(binary, 2 bytes)');
    const text = { ...letter, value: Buffer.from('{"a":1}') };
    expect(deadLetterJson(text)).toMatchObject({ value: '{"a":1}' });
    expect(deadLetterLine(text)).toContain(
      '1/9  2026-12-03T10:00:00.000Z  NOT_JSON  from identity.logins.v1/0/120  key acct-9',
    );
  });
});
