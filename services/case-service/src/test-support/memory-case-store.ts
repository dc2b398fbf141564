import type {
  AuditEntry,
  CaseStore,
  CaseTransaction,
  CaseUpdate,
  LatestAlert,
} from '../app/ports.ts';
import {
  SEVERITY_RANK,
  type AlertRecord,
  type CaseChange,
  type CaseSummary,
  type NoteRecord,
} from '../domain/case-model.ts';
import type { CountCasesQuery } from '../domain/commands.ts';
import { alertLabelTarget } from '../domain/dispute-alert.ts';
import type { LabelEvidence } from '../domain/labels.ts';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import { maxSeverity } from '../domain/severity.ts';

// In-memory CaseStore for use-case tests, with the port's contract: a transaction commits all
// of its writes or none, one transaction runs at a time (PostgreSQL's row locks, coarsely), and
// RaiseCase files one alert per decisionId on the account's open case.

interface StoredCase {
  summary: CaseSummary;
  firstActionAt: Date | undefined;
  resolvedBy: string | undefined;
  resolutionComment: string | undefined;
}

interface State {
  cases: Map<string, StoredCase>;
  alerts: (AlertRecord & { caseId: string })[];
  notes: Map<string, NoteRecord[]>;
  audit: (AuditEntry & { at: Date })[];
  outbox: OutboxMessage[];
  announced: CaseChange[];
  labelEvidence: LabelEvidence[];
}

const emptyState = (): State => ({
  cases: new Map(),
  alerts: [],
  notes: new Map(),
  audit: [],
  outbox: [],
  announced: [],
  labelEvidence: [],
});

export interface MemoryCaseStore extends CaseStore {
  /** What has committed (rolled-back work never shows here). */
  readonly committed: State;
}

export function createMemoryCaseStore(clock: () => Date): MemoryCaseStore {
  let state = emptyState();
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${(seq += 1)}`;

  const txOn = (work: State): CaseTransaction => {
    const stored = (caseId: string) => {
      const found = work.cases.get(caseId);
      if (!found) throw new Error(`case ${caseId} vanished inside its own transaction`);
      return found;
    };
    return {
      lockCase: (caseId) => Promise.resolve(work.cases.get(caseId)?.summary),
      updateCase: (caseId: string, update: CaseUpdate) => {
        const current = stored(caseId);
        const now = clock();
        const { resolution } = update;
        const summary: CaseSummary = {
          ...current.summary,
          ...(update.assignee !== undefined ? { assignee: update.assignee } : {}),
          ...(update.status !== undefined ? { status: update.status } : {}),
          ...(resolution ? { disposition: resolution.disposition, resolvedAt: now } : {}),
          updatedAt: now,
        };
        work.cases.set(caseId, {
          summary,
          firstActionAt: current.firstActionAt ?? now,
          resolvedBy: resolution?.resolvedBy ?? current.resolvedBy,
          resolutionComment: resolution ? resolution.comment : current.resolutionComment,
        });
        return Promise.resolve(summary);
      },
      addNote: (caseId, author, body) => {
        const note = { noteId: nextId('note'), author, body, createdAt: clock() };
        work.notes.set(caseId, [...(work.notes.get(caseId) ?? []), note]);
        return Promise.resolve(note);
      },
      latestAlert: (caseId) => {
        const latest = work.alerts.filter((a) => a.caseId === caseId).at(-1);
        const found: LatestAlert | undefined = latest && {
          decisionId: latest.decisionId,
          deviceId: latest.subject.deviceId,
        };
        return Promise.resolve(found);
      },
      appendAudit: (entry) => Promise.resolve(void work.audit.push({ ...entry, at: clock() })),
      appendOutbox: (messages) => {
        for (const message of messages)
          if (!work.outbox.some((m) => m.messageId === message.messageId))
            work.outbox.push(message);
        return Promise.resolve();
      },
      announce: (change) => Promise.resolve(void work.announced.push(change)),
      labelTargets: (caseId) =>
        Promise.resolve(
          work.alerts
            .filter((a) => a.caseId === caseId)
            .flatMap((a) => {
              const target = alertLabelTarget({
                decisionId: a.decisionId,
                transactionId: a.subject.transactionId,
              });
              return target ? [target] : [];
            }),
        ),
      addLabelEvidence: (evidence) => {
        for (const e of evidence)
          if (!work.labelEvidence.some((x) => x.evidenceId === e.evidenceId))
            work.labelEvidence.push(e);
        return Promise.resolve();
      },
    };
  };

  const inTransaction = <T>(work: (tx: CaseTransaction, draft: State) => Promise<T>) => {
    const run = async () => {
      const draft = structuredClone(state);
      const result = await work(txOn(draft), draft);
      state = draft;
      return result;
    };
    const result = queue.then(run);
    queue = result.catch(() => undefined);
    return result;
  };
  const transaction = <T>(work: (tx: CaseTransaction) => Promise<T>): Promise<T> =>
    inTransaction((tx) => work(tx));

  return {
    get committed() {
      return state;
    },
    transaction,
    raiseCase: (command, severity, by) =>
      inTransaction(async (tx, work) => {
        const replayed = work.alerts.find((a) => a.decisionId === command.decisionId);
        if (replayed) {
          const { summary } = work.cases.get(replayed.caseId)!;
          return {
            caseId: replayed.caseId,
            alertId: replayed.alertId,
            caseCreated: false,
            alertCreated: false,
            severity: summary.severity,
          };
        }
        const now = clock();
        const open = [...work.cases.values()].find(
          (c) => c.summary.accountId === command.accountId && c.summary.status !== 'resolved',
        );
        const summary: CaseSummary = open
          ? {
              ...open.summary,
              severity: maxSeverity(open.summary.severity, severity),
              alertCount: open.summary.alertCount + 1,
              updatedAt: now,
            }
          : {
              caseId: nextId('case'),
              accountId: command.accountId,
              status: 'open',
              severity,
              assignee: undefined,
              alertCount: 1,
              createdAt: now,
              updatedAt: now,
              resolvedAt: undefined,
              disposition: undefined,
            };
        const { caseId } = summary;
        const { firstActionAt, resolvedBy, resolutionComment } = open ?? {};
        work.cases.set(caseId, { summary, firstActionAt, resolvedBy, resolutionComment });
        const alertId = nextId('alert');
        work.alerts.push({
          ...command,
          caseId,
          alertId,
          severity,
          occurredAt: new Date(command.occurredAt),
          decidedAt: new Date(command.decidedAt),
          createdAt: now,
        });
        const kind = open ? 'alert_attached' : 'case_opened';
        await tx.appendAudit({
          caseId,
          accountId: command.accountId,
          by,
          action: kind,
          before: null,
          after: { decisionId: command.decisionId, alertId },
        });
        await tx.announce({
          kind,
          caseId,
          accountId: command.accountId,
          status: summary.status,
          severity: summary.severity,
          assignee: summary.assignee,
          actor: by.id,
          at: now.toISOString(),
        });
        return {
          caseId,
          alertId,
          caseCreated: !open,
          alertCreated: true,
          severity: summary.severity,
        };
      }),
    getCase: (caseId) => {
      const found = state.cases.get(caseId);
      if (!found) return Promise.resolve(undefined);
      return Promise.resolve({
        summary: found.summary,
        alerts: state.alerts.filter((a) => a.caseId === caseId),
        notes: state.notes.get(caseId) ?? [],
        audit: state.audit
          .filter((a) => a.caseId === caseId)
          .map((a, i) => ({
            auditId: String(i + 1),
            actor: a.by.id,
            actorRole: a.by.role,
            action: a.action,
            before: a.before,
            after: a.after,
            at: a.at,
          })),
        firstActionAt: found.firstActionAt,
        resolvedBy: found.resolvedBy,
        resolutionComment: found.resolutionComment,
      });
    },
    listCases: (query) => {
      const severe = query.order === 'most_severe';
      const matching = [...state.cases.values()]
        .map((c) => c.summary)
        .filter((c) => matchesFilters(query, c))
        .sort(
          (a, b) =>
            (severe ? SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] : 0) ||
            b.createdAt.getTime() - a.createdAt.getTime() ||
            b.caseId.localeCompare(a.caseId),
        );
      // Paging is the SQL's business (keyset on microsecond timestamps); one page is enough here.
      return Promise.resolve({ cases: matching.slice(0, query.pageSize), next: undefined });
    },
    countCases: (query) => {
      const counts = { low: 0, medium: 0, high: 0, critical: 0 };
      for (const { summary: c } of state.cases.values())
        if (matchesFilters(query, c))
          counts[c.severity] = Math.min(query.cap, counts[c.severity] + 1);
      return Promise.resolve(counts);
    },
  };
}

/** ListCases's and CountCases's filters (those this store honours), for one case. */
function matchesFilters(query: Omit<CountCasesQuery, 'cap'>, c: CaseSummary): boolean {
  return (
    (query.statuses.length === 0 || query.statuses.includes(c.status)) &&
    (query.severities.length === 0 || query.severities.includes(c.severity)) &&
    (query.accountId === undefined || c.accountId === query.accountId) &&
    (query.assignee === undefined || c.assignee === query.assignee)
  );
}
