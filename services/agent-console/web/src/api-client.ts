// The typed client of the console's JSON API. Types come from the server's own model, so a
// change there fails this build. The CSRF token lives in memory only (never localStorage).
import type {
  ApiErrorBody,
  ApiErrorCode,
  CaseDetail,
  CaseRow,
  Disposition,
  NoteView,
  QueuePage,
  QueueQuery,
  SessionView,
} from '../../src/domain/console-model.ts';

import type { AccountActivityView } from '../../src/domain/activity-model.ts';

export type * from '../../src/domain/console-model.ts';
export type * from '../../src/domain/activity-model.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSessionEnded: () => void = () => {};

/** Called when the server says the session is over (expired, or signed out elsewhere). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError('UNAVAILABLE', 'the console cannot be reached', 0);
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as Partial<ApiErrorBody>;
  if (!response.ok) {
    const error = json.error;
    // A wrong token at sign-in is not a session ending: the form shows it.
    if (error?.code === 'UNAUTHENTICATED' && path !== '/api/session') onSessionEnded();
    throw new ApiError(
      error?.code ?? 'INTERNAL',
      error?.message ?? response.statusText,
      response.status,
    );
  }
  return json as T;
}

function remember(session: SessionView): SessionView {
  csrfToken = session.csrfToken;
  return session;
}

export function queueSearch(query: QueueQuery): string {
  const params = new URLSearchParams();
  if (query.statuses.length) params.set('status', query.statuses.join(','));
  if (query.severities.length) params.set('severity', query.severities.join(','));
  params.set('assignee', query.assignee);
  params.set('sla', query.sla);
  params.set('sort', query.sort);
  params.set('pageSize', String(query.pageSize));
  if (query.cursor) params.set('cursor', query.cursor);
  return params.toString();
}

export const api = {
  session: () => request<SessionView>('GET', '/api/session').then(remember),
  signIn: (token: string) => request<SessionView>('POST', '/api/session', { token }).then(remember),
  signOut: () => request<void>('DELETE', '/api/session'),
  queue: (query: QueueQuery) => request<QueuePage>('GET', `/api/cases?${queueSearch(query)}`),
  getCase: (caseId: string) =>
    request<CaseDetail>('GET', `/api/cases/${encodeURIComponent(caseId)}`),
  assign: (caseId: string, assignee?: string) =>
    request<CaseRow>(
      'POST',
      `/api/cases/${encodeURIComponent(caseId)}/assign`,
      assignee ? { assignee } : {},
    ),
  addNote: (caseId: string, body: string) =>
    request<NoteView>('POST', `/api/cases/${encodeURIComponent(caseId)}/notes`, { body }),
  resolve: (caseId: string, disposition: Disposition, comment: string) =>
    request<CaseRow>('POST', `/api/cases/${encodeURIComponent(caseId)}/resolve`, {
      disposition,
      comment,
    }),
  accountActivity: (accountId: string) =>
    request<AccountActivityView>('GET', `/api/accounts/${encodeURIComponent(accountId)}/activity`),
  accountAction: (action: 'lock' | 'unlock', accountId: string, reason: string, caseId: string) =>
    request<{ commandId: string }>(
      'POST',
      `/api/accounts/${encodeURIComponent(accountId)}/${action}`,
      {
        reason,
        caseId,
      },
    ),
};
