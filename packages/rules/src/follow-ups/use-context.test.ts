import { describe, expect, it } from 'vitest';
import { MAX_USE_TEXT, decodeUseContext, encodeUseContext } from './use-context.ts';

describe('a use’s context', () => {
  it('round-trips a payment’s and a sign-in’s context', () => {
    const payment = {
      amount: { minor: 125_000, currency: 'EUR' },
      merchantName: 'Café "Ring" \u001e 東京',
      geo: { country: 'FR', city: 'Paris' },
      device: { platform: 'ios' },
    };
    const signIn = { geo: { country: 'NG' }, device: { platform: 'android' } };
    expect(decodeUseContext(encodeUseContext(payment))).toEqual(payment);
    expect(decodeUseContext(encodeUseContext(signIn))).toEqual(signIn);
    // The memory's separators never appear raw: JSON escapes control characters.
    expect(encodeUseContext(payment)).not.toContain('\u001e');
    expect(encodeUseContext(payment)).not.toContain('\u001f');
  });

  it('is positional and short: ~40 bytes for a payment, ~20 for a sign-in', () => {
    expect(
      encodeUseContext({
        amount: { minor: 25_000, currency: 'EUR' },
        merchantName: 'ACME',
        geo: { country: 'DE', city: 'Berlin' },
        device: { platform: 'ios' },
      }),
    ).toBe('["DE","Berlin","ios",25000,"EUR","ACME"]');
    expect(encodeUseContext({ geo: { country: 'DE' }, device: { platform: 'ios' } })).toBe(
      '["DE",null,"ios"]',
    );
  });

  it('keeps nothing when there is nothing to tell', () => {
    expect(encodeUseContext({})).toBe('');
    expect(decodeUseContext('')).toBeUndefined();
    expect(decodeUseContext(undefined)).toBeUndefined();
  });

  it('cuts free text to MAX_USE_TEXT characters', () => {
    const long = 'M'.repeat(MAX_USE_TEXT + 40);
    const decoded = decodeUseContext(
      encodeUseContext({ merchantName: long, geo: { country: 'US', city: long } }),
    );
    expect(decoded?.merchantName).toHaveLength(MAX_USE_TEXT);
    expect(decoded?.geo?.city).toHaveLength(MAX_USE_TEXT);
  });

  it('says nothing, rather than failing, for text that is not a context', () => {
    for (const text of ['{', '[1,2]', '{"amount":1}', '[null,null,null,1,"eur"]', '[1]', 'null'])
      expect(decodeUseContext(text)).toBeUndefined();
  });
});
