import { describe, expect, it } from 'vitest';
import { buildDeadLetter, DLQ_HEADERS } from './dead-letter.ts';

describe('buildDeadLetter', () => {
  const raw = {
    topic: 'payments.transactions.v1',
    partition: 2,
    offset: '41',
    key: Buffer.from('acc-1'),
    value: Buffer.from([0xff, 0x00, 0x7b]),
    headers: { 'trace-id': Buffer.from('abc') },
    timestamp: '0',
  };

  it('keeps original bytes, key and headers and names the failure and source', () => {
    const { topic, message } = buildDeadLetter(
      raw,
      { code: 'RECORD_NOT_UTF8', message: 'bad' },
      new Date(0),
    );
    expect(topic).toBe('payments.transactions.v1.dlq');
    expect(message.value).toBe(raw.value);
    expect(message.key).toBe(raw.key);
    expect(message.headers).toMatchObject({
      'trace-id': raw.headers['trace-id'],
      [DLQ_HEADERS.errorCode]: 'RECORD_NOT_UTF8',
      [DLQ_HEADERS.errorMessage]: 'bad',
      [DLQ_HEADERS.sourceTopic]: 'payments.transactions.v1',
      [DLQ_HEADERS.sourcePartition]: '2',
      [DLQ_HEADERS.sourceOffset]: '41',
      [DLQ_HEADERS.failedAt]: '1970-01-01T00:00:00.000Z',
    });
  });

  it('truncates long error messages so the dead letter stays producible', () => {
    const { message } = buildDeadLetter(
      raw,
      { code: 'X', message: 'y'.repeat(50_000) },
      new Date(0),
    );
    expect(String(message.headers?.[DLQ_HEADERS.errorMessage]).length).toBe(1_000);
  });
});
