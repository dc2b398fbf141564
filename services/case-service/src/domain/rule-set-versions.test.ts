import { describe, expect, it } from 'vitest';
import { mayCall } from './access-policy.ts';
import { mayDecide, mayRollback } from './rule-set-versions.ts';

const ann = { id: 'agent-ann', role: 'agent' } as const;
const sue = { id: 'sup-sue', role: 'supervisor' } as const;
const sam = { id: 'sup-sam', role: 'supervisor' } as const;
const engine = { id: 'risk-engine', role: 'service' } as const;
const proposedBySue = { version: 'v2', author: 'sup-sue', status: 'proposed' } as const;

describe('rule-set approval policy', () => {
  it('lets people propose, supervisors decide and the engine read the active version', () => {
    expect(mayCall(ann, 'ProposeRuleSet')).toBe(true);
    expect(mayCall(engine, 'ProposeRuleSet')).toBe(false);
    expect(mayCall(ann, 'ApproveRuleSet')).toBe(false);
    expect(mayCall(ann, 'RollbackRuleSet')).toBe(false);
    expect(mayCall(sue, 'RollbackRuleSet')).toBe(true);
    expect(mayCall(engine, 'GetActiveRuleSet')).toBe(true);
  });

  it('refuses a supervisor approving or rejecting their own proposal, and agents altogether', () => {
    expect(mayDecide(sue, proposedBySue, 'approve')).toEqual({
      allowed: false,
      code: 'PERMISSION_DENIED',
      reason: 'v2 was proposed by sup-sue; another supervisor must approve it',
    });
    expect(mayDecide(sue, proposedBySue, 'reject').allowed).toBe(false);
    expect(mayDecide(ann, { ...proposedBySue, author: 'agent-bob' }, 'approve')).toMatchObject({
      allowed: false,
      code: 'PERMISSION_DENIED',
    });
    expect(mayDecide(sam, proposedBySue, 'approve')).toEqual({ allowed: true });
    expect(mayDecide(sam, proposedBySue, 'reject')).toEqual({ allowed: true });
  });

  it('decides only versions still proposed', () => {
    for (const status of ['active', 'rejected', 'retired', 'rolled_back'] as const)
      expect(mayDecide(sam, { ...proposedBySue, status }, 'approve')).toEqual({
        allowed: false,
        code: 'FAILED_PRECONDITION',
        reason: `v2 is ${status}, not proposed`,
      });
  });

  it('rolls back only to the retired version the active one replaced, and only as a supervisor', () => {
    const active = { version: 'v2', replaces: 'v1' };
    const v1 = { version: 'v1', status: 'retired' } as const;
    expect(mayRollback(sam, active, v1)).toEqual({ allowed: true });
    // The author of the active version may roll it back: taking out a change is never unsafe.
    expect(mayRollback(sue, active, v1)).toEqual({ allowed: true });
    expect(mayRollback(ann, active, v1)).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(mayRollback(sam, undefined, undefined)).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'no rule-set version is active',
    });
    expect(mayRollback(sam, { version: 'v1', replaces: undefined }, undefined)).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'v1 replaced no earlier version; there is nothing to roll back to',
    });
    expect(mayRollback(sam, active, { ...v1, status: 'rolled_back' })).toMatchObject({
      code: 'FAILED_PRECONDITION',
    });
  });
});
