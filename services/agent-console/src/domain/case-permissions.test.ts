import { describe, expect, it } from 'vitest';
import { allowedActions } from './case-permissions.ts';
import { caseRow } from '../test-support/case-row.ts';

const row = caseRow;
const ann = { principal: 'agent-ann', role: 'agent' as const };
const sue = { principal: 'sup-sue', role: 'supervisor' as const };

describe('allowedActions', () => {
  it('lets an agent take and resolve an unassigned case but not hand it to someone else', () => {
    expect(allowedActions(ann, row({}))).toMatchObject({
      assignToMe: true,
      assignToOther: false,
      resolve: true,
    });
  });

  it("refuses an agent another agent's case, as case-service does", () => {
    const bobs = row({ assignee: 'agent-bob', status: 'in_progress' });
    expect(allowedActions(ann, bobs)).toMatchObject({ assignToMe: false, resolve: false });
    expect(allowedActions(sue, bobs)).toMatchObject({
      assignToMe: true,
      assignToOther: true,
      resolve: true,
    });
  });

  it('offers no assignment or resolution on a resolved case, to anyone', () => {
    const done = row({ status: 'resolved', disposition: 'false_positive' });
    expect(allowedActions(sue, done)).toMatchObject({
      assignToMe: false,
      assignToOther: false,
      resolve: false,
      addNote: true,
    });
  });

  it('does not offer "assign to me" on a case already mine', () => {
    expect(allowedActions(ann, row({ assignee: 'agent-ann' })).assignToMe).toBe(false);
  });
});
