import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmail, maskPhone } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts tokens, card data, emails and phones at any of the first three levels', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 't', destination: stream });
    logger.info(
      {
        authorization: 'Bearer abc',
        contact: { email: 'a@b.c', phone: '+81901234' },
        req: { card: { pan: '4111' } },
      },
      'hello',
    );
    const line = lines.join('');
    expect(line).not.toContain('Bearer abc');
    expect(line).not.toContain('a@b.c');
    expect(line).not.toContain('+81901234');
    expect(line).not.toContain('4111');
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ service: 't', level: 'info', msg: 'hello' });
  });

  it('logs binary values as their size, at any depth the redaction walks, without throwing', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 't', level: 'debug', destination: stream });
    const error = new Error('kept');
    // The shapes of kafkajs's debug lines: a request's payload at the top and nested.
    logger.debug(
      {
        payload: Buffer.from('4111 1111'),
        request: { body: { bytes: new Uint8Array(5) } },
        error,
        list: [Buffer.alloc(2)],
      },
      'sent',
    );
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      payload: '[9 bytes]',
      request: { body: { bytes: '[5 bytes]' } },
      list: ['[2 bytes]'],
      msg: 'sent',
    });
    expect(JSON.stringify(line)).not.toContain('4111');
  });
});

describe('masking', () => {
  it('keeps only enough to recognise the contact', () => {
    expect(maskEmail('john@example.com')).toBe('***hn@example.com');
    expect(maskEmail('broken')).toBe('***');
    expect(maskPhone('+81 90-1234-5678')).toBe('***5678');
  });
});
