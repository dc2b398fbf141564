import { createCasesClient } from '@vigil/protos';
import { ROLES, type Role } from '../domain/console-model.ts';
import type { CaseConnection, CaseCountRequest, ConnectCases } from '../app/ports.ts';
import { toLedgerActivity } from './grpc-activity-mapping.ts';
import { toConsoleError } from './grpc-case-errors.ts';
import {
  toCaseEvent,
  toCaseRecord,
  toCaseRow,
  toNote,
  toSeverity,
  WIRE_DISPOSITION,
  WIRE_SEVERITY,
  WIRE_STATUS,
} from './grpc-case-mapping.ts';

/** ListCases's and CountCases's filters on the wire. */
function wireFilters(request: Omit<CaseCountRequest, 'cap'>) {
  return {
    statuses: request.statuses.map((s) => WIRE_STATUS[s]),
    severities: request.severities.map((s) => WIRE_SEVERITY[s]),
    ...(request.assignee === undefined ? {} : { assignee: request.assignee }),
    ...(request.accountId === undefined ? {} : { accountId: request.accountId }),
    ...(request.createdBefore === undefined ? {} : { createdBefore: request.createdBefore }),
  };
}

const ORDER = {
  newest: 'LIST_ORDER_NEWEST_FIRST',
  oldest: 'LIST_ORDER_OLDEST_FIRST',
  most_severe: 'LIST_ORDER_MOST_SEVERE_FIRST',
} as const;

const mapped = <T>(call: Promise<T>): Promise<T> =>
  call.catch((error: unknown) => {
    throw toConsoleError(error);
  });

/**
 * One CaseService client per signed-in caller, carrying that caller's token (grpc-js shares the
 * underlying connection between clients of the same address, so this costs a few objects).
 */
export function grpcCaseConnector(options: { address: string; deadlineMs: number }): ConnectCases {
  return (token): CaseConnection => {
    const client = createCasesClient({ ...options, token });
    return {
      whoAmI: () =>
        mapped(client.whoAmI()).then(({ principal, role }) => ({
          principal,
          // Anything but a human role is treated as a service (and refused sign-in).
          role: (ROLES as readonly string[]).includes(role) ? (role as Role) : 'service',
        })),
      listCases: async (request) => {
        const page = await mapped(
          client.listCases({
            ...wireFilters(request),
            order: ORDER[request.order],
            pageSize: request.pageSize,
            pageToken: request.cursor ?? '',
          }),
        );
        return { cases: page.cases.map(toCaseRow), nextCursor: page.nextPageToken || null };
      },
      countCases: async (request) => {
        const answer = await mapped(
          client.countCases({
            ...wireFilters(request),
            cap: request.cap,
          }),
        );
        const counts = { low: 0, medium: 0, high: 0, critical: 0 };
        for (const { severity, count } of answer.counts) {
          const known = toSeverity(severity);
          if (known !== undefined) counts[known] = count;
        }
        return counts;
      },
      getCase: async (caseId) => toCaseRecord(await mapped(client.getCase({ caseId }))),
      assign: async (caseId, assignee) =>
        toCaseRow(await mapped(client.assignCase({ caseId, assignee }))),
      addNote: async (caseId, body) => toNote(await mapped(client.addNote({ caseId, body }))),
      resolve: async (caseId, disposition, comment) =>
        toCaseRow(
          await mapped(
            client.resolveCase({ caseId, disposition: WIRE_DISPOSITION[disposition], comment }),
          ),
        ),
      accountActivity: async (accountId, limit) =>
        toLedgerActivity(await mapped(client.getAccountActivity({ accountId, limit }))),
      lockAccount: async (action) => mapped(client.lockAccount(action)),
      unlockAccount: async (action) => mapped(client.unlockAccount(action)),
      watch: (handlers) => {
        const stream = client.watchCases({});
        let ended = false;
        const end = (error: unknown) => {
          if (ended) return;
          ended = true;
          handlers.onEnd(error);
        };
        stream.once('metadata', () => handlers.onReady());
        stream.on('data', (change) => handlers.onEvent(toCaseEvent(change)));
        stream.on('error', (error) => end(toConsoleError(error)));
        stream.on('end', () => end(undefined));
        return {
          stop: () => {
            ended = true;
            stream.cancel();
          },
        };
      },
      ready: () => client.ready(),
      close: () => client.close(),
    };
  };
}
