import { describe, expect, it } from 'vitest';
import { verifyUrlOf } from './configured-verify-url.ts';

function recordingLogger() {
  const warnings: unknown[][] = [];
  return { warnings, logger: { warn: (...args: unknown[]) => void warnings.push(args) } };
}

describe('verifyUrlOf', () => {
  it('uses PUBLIC_VERIFY_URL as it is when set, without a warning', () => {
    const { warnings, logger } = recordingLogger();
    const url = verifyUrlOf(
      { PUBLIC_VERIFY_URL: 'https://verify.example.com/verify' },
      18080,
      logger,
    );
    expect(url).toBe('https://verify.example.com/verify');
    expect(warnings).toEqual([]);
  });

  it('follows the listening port when unset, and warns that only this machine can open it', () => {
    const { warnings, logger } = recordingLogger();
    expect(verifyUrlOf({ PUBLIC_VERIFY_URL: undefined }, 18080, logger)).toBe(
      'http://127.0.0.1:18080/verify',
    );
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.[1])).toContain('PUBLIC_VERIFY_URL unset');
  });
});
