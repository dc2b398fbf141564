import { describe, expect, it } from 'vitest';
import { mayAssign, mayCall, mayResolve } from './access-policy.ts';

const ann = { id: 'agent-ann', role: 'agent' } as const;
const sue = { id: 'sup-sue', role: 'supervisor' } as const;
const engine = { id: 'risk-engine', role: 'service' } as const;

describe('access policy', () => {
  it('lets only the service raise cases and only humans act on them', () => {
    expect(mayCall(engine, 'RaiseCase')).toBe(true);
    expect(mayCall(ann, 'RaiseCase')).toBe(false);
    expect(mayCall(sue, 'RaiseCase')).toBe(false);
    expect(mayCall(engine, 'ResolveCase')).toBe(false);
    expect(mayCall(ann, 'LockAccount')).toBe(true);
    expect(mayCall(engine, 'ListCases')).toBe(true);
  });

  it("lets agents take unassigned or own cases but not another agent's", () => {
    expect(mayAssign(ann, undefined).allowed).toBe(true);
    expect(mayAssign(ann, 'agent-ann').allowed).toBe(true);
    expect(mayAssign(ann, 'agent-bob')).toEqual({
      allowed: false,
      reason: expect.stringContaining('agent-bob') as string,
    });
    expect(mayAssign(sue, 'agent-bob').allowed).toBe(true);
  });

  it("lets agents resolve unassigned or own cases; others' need a supervisor", () => {
    expect(mayResolve(ann, undefined).allowed).toBe(true);
    expect(mayResolve(ann, 'agent-ann').allowed).toBe(true);
    expect(mayResolve(ann, 'agent-bob').allowed).toBe(false);
    expect(mayResolve(sue, 'agent-bob').allowed).toBe(true);
  });
});
