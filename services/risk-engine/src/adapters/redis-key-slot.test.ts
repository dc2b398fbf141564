import { describe, expect, it } from 'vitest';
import { CLUSTER_SLOTS, keySlot, slotTag } from './redis-key-slot.ts';

describe('keySlot', () => {
  it('matches the slots Redis Cluster documents (CLUSTER KEYSLOT)', () => {
    // Values of CLUSTER KEYSLOT on redis-server 7.0.
    expect(keySlot('123456789')).toBe(12_739);
    expect(keySlot('foo')).toBe(12_182);
    expect(keySlot('somekey')).toBe(11_058);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(8_363);
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
  });

  it('hashes only the first non-empty {tag}', () => {
    expect(keySlot('vigil:risk:v1:dd:{acct-1}')).toBe(keySlot('{acct-1}:other'));
    expect(keySlot('a{}b')).not.toBe(keySlot('b'));
  });
});

describe('slotTag', () => {
  it('gives, for every slot, a tag that hashes to it', () => {
    for (const slot of [0, 1, 42, 8_191, 12_739, CLUSTER_SLOTS - 1])
      expect(keySlot(`x:{${slotTag(slot)}}:y`)).toBe(slot);
    expect(() => slotTag(CLUSTER_SLOTS)).toThrow(RangeError);
  });
});
