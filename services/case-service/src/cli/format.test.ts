import { describe, expect, it } from 'vitest';
import { age, caseTable, table } from './format.ts';

describe('cli formatting', () => {
  it('pads columns to the widest cell', () => {
    expect(
      table(
        ['A', 'LONGER'],
        [
          ['xxxx', 'y'],
          ['z', ''],
        ],
      ),
    ).toBe(['A     LONGER', '----  ------', 'xxxx  y', 'z'].join('\n'));
  });

  it('renders a case list with short enum names and ages', () => {
    const now = new Date('2026-11-24T08:00:00Z');
    const out = caseTable(
      [
        {
          caseId: 'c-1',
          accountId: 'acct-1',
          status: 'CASE_STATUS_IN_PROGRESS',
          severity: 'SEVERITY_CRITICAL',
          assignee: 'agent-ann',
          alertCount: 3,
          createdAt: '2026-11-24T06:30:00Z',
          updatedAt: '2026-11-24T07:00:00Z',
          disposition: 'DISPOSITION_UNSPECIFIED',
        },
      ],
      now,
    );
    expect(out.split('\n')[2]).toBe(
      'c-1   acct-1   critical  in_progress  agent-ann  3       1h30m',
    );
  });

  it('formats ages from seconds to days', () => {
    const now = new Date('2026-11-24T08:00:00Z');
    expect(age('2026-11-24T07:59:30Z', now)).toBe('30s');
    expect(age('2026-11-24T07:15:00Z', now)).toBe('45m');
    expect(age('2026-11-21T06:00:00Z', now)).toBe('3d2h');
  });
});
