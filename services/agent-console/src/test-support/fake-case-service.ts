import { caseRow } from './case-row.ts';
import { consoleError } from '../domain/console-errors.ts';
import type { CaseEvent, CaseRow, NoteView, Role } from '../domain/console-model.ts';
import type { LedgerActivity } from '../domain/activity-model.ts';
import type {
  CaseConnection,
  CaseCountRequest,
  CaseListRequest,
  CaseRecord,
  CaseWatchHandlers,
  ConnectCases,
} from '../app/ports.ts';

// An in-memory case-service for the API's unit tests: the same access rules (an agent works
// unassigned cases and their own; resolved is final) and the same error codes as the real one.

export interface FakeCaseService {
  connect: ConnectCases;
  cases: Map<string, CaseRecord>;
  /** What each call received, to check the console passed the right caller and filters. */
  calls: { method: string; principal: string; args: unknown }[];
  /** Makes every call fail as if case-service were down. */
  down: boolean;
  /** What GetAccountActivity answers per account (an account not here has none). */
  activity: Map<string, LedgerActivity>;
  openConnections(): number;
  emit(event: CaseEvent): void;
  addCase(row: Partial<CaseRow> & { caseId: string }): CaseRecord;
}

export function createFakeCaseService(
  callers: Record<string, { principal: string; role: Role | 'service' }>,
): FakeCaseService {
  const cases = new Map<string, CaseRecord>();
  const calls: FakeCaseService['calls'] = [];
  const watchers = new Set<CaseWatchHandlers>();
  let open = 0;
  const fake: FakeCaseService = {
    cases,
    calls,
    down: false,
    activity: new Map(),
    openConnections: () => open,
    emit: (event) => watchers.forEach((w) => w.onEvent(event)),
    addCase(row) {
      const record: CaseRecord = {
        summary: caseRow(row),
        alerts: [],
        notes: [],
        audit: [],
        sla: { ageSeconds: 60, firstActionAt: null },
        resolutionComment: null,
        resolvedBy: null,
      };
      cases.set(row.caseId, record);
      return record;
    },
    connect(token): CaseConnection {
      open += 1;
      const caller = callers[token];
      const call = async <T>(method: string, args: unknown, run: () => T): Promise<T> => {
        await Promise.resolve();
        if (fake.down) throw consoleError('UNAVAILABLE', 'case-service is unavailable');
        if (!caller) throw consoleError('UNAUTHENTICATED', 'unknown bearer token');
        calls.push({ method, principal: caller.principal, args });
        return run();
      };
      const existing = (caseId: string) => {
        const found = cases.get(caseId);
        if (!found) throw consoleError('NOT_FOUND', `case ${caseId} not found`);
        return found;
      };
      const mayWork = (record: CaseRecord, action: string) => {
        if (record.summary.status === 'resolved')
          throw consoleError('CONFLICT', `case ${record.summary.caseId} is already resolved`);
        const assignee = record.summary.assignee;
        if (caller!.role !== 'supervisor' && assignee !== null && assignee !== caller!.principal)
          throw consoleError(
            'PERMISSION_DENIED',
            `case is assigned to ${assignee}; ${action} it needs a supervisor`,
          );
      };
      return {
        whoAmI: () => call('WhoAmI', {}, () => ({ ...caller! })),
        listCases: (request: CaseListRequest) =>
          call('ListCases', request, () => ({
            cases: [...cases.values()]
              .map((c) => c.summary)
              .filter((s) => matchesFilters(request, s))
              .slice(0, request.pageSize),
            nextCursor: null,
          })),
        countCases: (request: CaseCountRequest) =>
          call('CountCases', request, () => {
            const counts = { low: 0, medium: 0, high: 0, critical: 0 };
            for (const { summary: s } of cases.values())
              if (matchesFilters(request, s))
                counts[s.severity] = Math.min(request.cap, counts[s.severity] + 1);
            return counts;
          }),
        getCase: (caseId) => call('GetCase', { caseId }, () => existing(caseId)),
        assign: (caseId, assignee) =>
          call('AssignCase', { caseId, assignee }, () => {
            const record = existing(caseId);
            mayWork(record, 'reassigning');
            record.summary = { ...record.summary, assignee, status: 'in_progress' };
            return record.summary;
          }),
        addNote: (caseId, body) =>
          call('AddNote', { caseId, body }, () => {
            const note: NoteView = {
              noteId: `note-${existing(caseId).notes.length + 1}`,
              author: caller!.principal,
              body,
              createdAt: '2026-12-01T00:01:00.000Z',
            };
            existing(caseId).notes.push(note);
            return note;
          }),
        resolve: (caseId, disposition, comment) =>
          call('ResolveCase', { caseId, disposition, comment }, () => {
            const record = existing(caseId);
            mayWork(record, 'resolving');
            record.summary = { ...record.summary, status: 'resolved', disposition };
            return record.summary;
          }),
        accountActivity: (accountId, limit) =>
          call('GetAccountActivity', { accountId, limit }, () => {
            if (caller!.role === 'service')
              throw consoleError('PERMISSION_DENIED', 'service may not call GetAccountActivity');
            const found = fake.activity.get(accountId);
            return {
              decisions: found?.decisions.slice(0, limit) ?? [],
              answers: found?.answers.slice(0, limit) ?? [],
              disputes: found?.disputes.slice(0, limit) ?? [],
              onlyFlaggedDecisions: true,
              retentionDays: found?.retentionDays ?? 120,
            };
          }),
        lockAccount: (action) => call('LockAccount', action, () => ({ commandId: 'cmd-lock' })),
        unlockAccount: (action) =>
          call('UnlockAccount', action, () => ({ commandId: 'cmd-unlock' })),
        watch(handlers) {
          watchers.add(handlers);
          queueMicrotask(() => handlers.onReady());
          return { stop: () => void watchers.delete(handlers) };
        },
        ready: () => Promise.resolve(!fake.down),
        close: () => {
          open -= 1;
        },
      };
    },
  };
  return fake;
}

/** ListCases's and CountCases's filters, as case-service applies them, for one case. */
function matchesFilters(request: Omit<CaseCountRequest, 'cap'>, s: CaseRow): boolean {
  return (
    (request.statuses.length === 0 || request.statuses.includes(s.status)) &&
    (request.severities.length === 0 || request.severities.includes(s.severity)) &&
    (request.assignee === undefined || s.assignee === request.assignee) &&
    (request.accountId === undefined || s.accountId === request.accountId) &&
    (request.createdBefore === undefined || s.createdAt < request.createdBefore)
  );
}
