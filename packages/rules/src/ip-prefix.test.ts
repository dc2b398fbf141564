import { describe, expect, it } from 'vitest';
import { ipPrefix } from './ip-prefix.ts';

describe('ipPrefix', () => {
  it('IPv4: the /24 the address is in', () => {
    expect(ipPrefix('126.12.7.201')).toBe('126.12.7.0/24');
    expect(ipPrefix('126.12.7.9')).toBe(ipPrefix('126.12.7.201'));
    expect(ipPrefix('126.12.8.9')).not.toBe(ipPrefix('126.12.7.9'));
    expect(ipPrefix('::ffff:126.12.7.9')).toBe('126.12.7.0/24');
  });

  it('IPv6: the /48, whatever the notation', () => {
    expect(ipPrefix('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(ipPrefix('2001:0db8:0001:ffff:0:0:0:1')).toBe('2001:db8:1::/48');
    expect(ipPrefix('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(ipPrefix('::1')).toBe('0:0:0::/48');
    expect(ipPrefix('2001:db8:2::1')).not.toBe(ipPrefix('2001:db8:1::1'));
  });

  it('anything else is its own prefix', () => {
    expect(ipPrefix('not-an-ip')).toBe('not-an-ip');
  });
});
