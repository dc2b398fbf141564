// What the console's use cases need from outside, as interfaces; adapters implement them
// (grpc-case-connection.ts over case-service, memory-session-store.ts) and tests fake them.
import type {
  CaseEvent,
  CaseRow,
  CaseStatus,
  Disposition,
  NoteView,
  Severity,
  CaseDetail,
  Role,
} from '../domain/console-model.ts';
import type { LedgerActivity, NoticeView } from '../domain/activity-model.ts';

export interface CaseListRequest {
  statuses: CaseStatus[];
  severities: Severity[];
  assignee?: string | undefined;
  accountId?: string | undefined;
  /** Only cases opened before this instant (ISO 8601). */
  createdBefore?: string | undefined;
  order: 'newest' | 'oldest' | 'most_severe';
  pageSize: number;
  cursor?: string | undefined;
}

/** ListCases's filters, counted per severity up to `cap`. */
export type CaseCountRequest = Omit<CaseListRequest, 'order' | 'pageSize' | 'cursor'> & {
  cap: number;
};

/** A case as case-service returns it; the console adds lock state and allowed actions. */
export type CaseRecord = Omit<CaseDetail, 'lock' | 'allowed' | 'slaClock' | 'accountCases'>;

export interface AccountAction {
  accountId: string;
  reason: string;
  caseId?: string | undefined;
}

export interface CaseWatchHandlers {
  /** The server has subscribed this watcher: no later change is missed. */
  onReady(): void;
  onEvent(event: CaseEvent): void;
  /** The stream ended (case-service restarted, or the watcher fell behind). */
  onEnd(error: unknown): void;
}

/**
 * case-service as one signed-in caller sees it: every call carries that caller's own token, so
 * case-service authorizes and audits the agent, never the console. Failures are ConsoleErrors.
 */
export interface CaseConnection {
  whoAmI(): Promise<{ principal: string; role: Role | 'service' }>;
  listCases(request: CaseListRequest): Promise<{ cases: CaseRow[]; nextCursor: string | null }>;
  /** Per severity asked for (all when none), the cases matching the filters, up to `cap`. */
  countCases(request: CaseCountRequest): Promise<Record<Severity, number>>;
  getCase(caseId: string): Promise<CaseRecord>;
  assign(caseId: string, assignee: string): Promise<CaseRow>;
  addNote(caseId: string, body: string): Promise<NoteView>;
  resolve(caseId: string, disposition: Disposition, comment: string): Promise<CaseRow>;
  lockAccount(action: AccountAction): Promise<{ commandId: string }>;
  unlockAccount(action: AccountAction): Promise<{ commandId: string }>;
  watch(handlers: CaseWatchHandlers): { stop(): void };
  /** The account's recent flagged decisions, customer answers and disputes (at most `limit` each). */
  accountActivity(accountId: string, limit: number): Promise<LedgerActivity>;
  /** Channel-level readiness (the console's /readyz). */
  ready(): Promise<boolean>;
  close(): void;
}

/**
 * The notices sent to an account's customer (the notifier's read API, with the console's own
 * read token: notices are not per agent). Failures are ConsoleErrors.
 */
export interface NoticeReader {
  /** Newest first, at most `limit`. */
  accountNotices(accountId: string, limit: number): Promise<NoticeView[]>;
}

/** Opens a connection that speaks for the holder of `token`. */
export type ConnectCases = (token: string) => CaseConnection;

/** A session as a store keeps it: the agent's token, not a connection (any replica opens one). */
export interface SessionRecord {
  id: string;
  csrfToken: string;
  principal: string;
  role: Role;
  token: string;
  createdAtMs: number;
  lastSeenMs: number;
}

/** A session in use on this replica: its record (without the token) and its case connection. */
export interface Session extends Omit<SessionRecord, 'token'> {
  connection: CaseConnection;
}

/**
 * Where sessions live: this process's memory, or Redis shared by every replica. A record is
 * kept until the given instant and forgotten after it. Failures are VigilErrors.
 */
export interface SessionStore {
  put(record: SessionRecord, expiresAtMs: number): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  delete(id: string): Promise<void>;
}

export type Clock = () => number;

/** How the console judges time on cases: the SLA target and the clock to read it against. */
export interface CaseTiming {
  slaSeconds: number;
  clock: Clock;
}
/** Unguessable identifiers (session ids, CSRF tokens). */
export type RandomToken = () => string;
