import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeKey, decodeRecord } from './decode-record.ts';

const schema = z.object({ accountId: z.string(), amount: z.number().int() });
const decode = (value: Buffer | null, max = 1_000) => decodeRecord({ value }, schema, max);

describe('decodeRecord', () => {
  it('parses valid JSON and strips unknown fields', () => {
    expect(decode(Buffer.from('{"accountId":"a","amount":3,"extra":true}'))).toEqual({
      ok: true,
      value: { accountId: 'a', amount: 3 },
    });
  });

  it.each([
    ['RECORD_EMPTY', null],
    ['RECORD_EMPTY', Buffer.alloc(0)],
    ['RECORD_NOT_UTF8', Buffer.from([0xc3, 0x28, 0xff, 0xfe])],
    ['RECORD_NOT_JSON', Buffer.from('{"accountId":')],
    ['RECORD_SCHEMA_INVALID', Buffer.from('{"accountId":"a","amount":"3"}')],
    ['RECORD_SCHEMA_INVALID', Buffer.from('{"amount":3}')],
    ['RECORD_SCHEMA_INVALID', Buffer.from('{"accountId":"a","amount":1.5}')],
  ])('rejects with %s', (code, value) => {
    const result = decode(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('rejects records over the byte limit before parsing them', () => {
    const result = decode(Buffer.from(`{"accountId":"${'a'.repeat(2_000)}","amount":1}`));
    expect(result).toMatchObject({ ok: false, code: 'RECORD_TOO_LARGE' });
  });

  it('names the failing field in the schema message', () => {
    const result = decode(Buffer.from('{"accountId":"a","amount":"x"}'));
    expect(!result.ok && result.message).toContain('amount');
  });

  it('decodes keys as UTF-8 text', () => {
    expect(decodeKey(Buffer.from('acc-1'))).toBe('acc-1');
    expect(decodeKey(null)).toBeNull();
  });
});
