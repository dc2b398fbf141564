import { describe, expect, it } from 'vitest';
import type { CaseSummary } from './case-model.ts';
import {
  checkAccountActionCase,
  mayMove,
  planAssignment,
  planResolution,
} from './case-transitions.ts';

const ann = { id: 'agent-ann', role: 'agent' } as const;
const bob = { id: 'agent-bob', role: 'agent' } as const;
const sue = { id: 'sup-sue', role: 'supervisor' } as const;

const at = new Date('2026-11-24T07:00:00.000Z');
const summary = (overrides: Partial<CaseSummary> = {}): CaseSummary => ({
  caseId: 'c-1',
  accountId: 'acct-1',
  status: 'open',
  severity: 'high',
  assignee: undefined,
  alertCount: 1,
  createdAt: at,
  updatedAt: at,
  resolvedAt: undefined,
  disposition: undefined,
  ...overrides,
});

describe('status transitions', () => {
  it('moves open cases forward and never out of resolved', () => {
    expect(mayMove('open', 'in_progress')).toBe(true);
    expect(mayMove('open', 'resolved')).toBe(true);
    expect(mayMove('in_progress', 'in_progress')).toBe(true);
    expect(mayMove('in_progress', 'resolved')).toBe(true);
    expect(mayMove('in_progress', 'open')).toBe(false);
    for (const to of ['open', 'in_progress', 'resolved'] as const)
      expect(mayMove('resolved', to)).toBe(false);
  });
});

describe('planAssignment', () => {
  it('puts the case in progress with the new assignee', () => {
    expect(planAssignment(summary(), 'agent-ann', ann)).toEqual({
      assignee: 'agent-ann',
      status: 'in_progress',
    });
  });

  it('refuses a resolved case before asking who is calling', () => {
    expect(() => planAssignment(summary({ status: 'resolved' }), 'agent-ann', sue)).toThrow(
      expect.objectContaining({ code: 'FAILED_PRECONDITION', message: 'case c-1 is resolved' }),
    );
  });

  it("refuses an agent taking another agent's case; a supervisor may", () => {
    const owned = summary({ status: 'in_progress', assignee: 'agent-ann' });
    expect(() => planAssignment(owned, 'agent-bob', bob)).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        retryable: false,
        message: expect.stringContaining('assigned to agent-ann') as string,
      }),
    );
    expect(planAssignment(owned, 'agent-bob', sue).assignee).toBe('agent-bob');
    expect(planAssignment(owned, 'agent-bob', ann).assignee).toBe('agent-bob');
  });
});

describe('planResolution', () => {
  it('resolves once only', () => {
    expect(planResolution(summary(), ann)).toEqual({ status: 'resolved' });
    expect(() => planResolution(summary({ status: 'resolved' }), sue)).toThrow(
      expect.objectContaining({
        code: 'FAILED_PRECONDITION',
        message: 'case c-1 is already resolved',
      }),
    );
  });

  it("refuses an agent resolving another agent's case; a supervisor may", () => {
    const owned = summary({ status: 'in_progress', assignee: 'agent-ann' });
    expect(() => planResolution(owned, bob)).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }),
    );
    expect(planResolution(owned, sue).status).toBe('resolved');
  });
});

describe('checkAccountActionCase', () => {
  it("accepts the account's own case and refuses another account's with a field violation", () => {
    expect(() => checkAccountActionCase(summary(), 'acct-1')).not.toThrow();
    expect(() => checkAccountActionCase(summary(), 'acct-2')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        details: {
          fieldViolations: [{ field: 'caseId', description: 'case c-1 is about another account' }],
        },
      }),
    );
  });
});
