import { describe, expect, it } from 'vitest';
import { decisionIdFor } from './decision.ts';

describe('decisionIdFor', () => {
  it('is the event id with a prefix when it fits', () => {
    expect(decisionIdFor('evt-1')).toBe('dec-evt-1');
  });

  it('stays within 128 characters and distinct for long ids sharing a prefix', () => {
    const base = 'x'.repeat(125);
    const a = decisionIdFor(`${base}aaa`);
    const b = decisionIdFor(`${base}bbb`);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(b.length).toBeLessThanOrEqual(128);
    expect(a).not.toBe(b);
    expect(decisionIdFor(`${base}aaa`)).toBe(a);
  });
});
