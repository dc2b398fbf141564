import type { ListCasesRequest } from '@vigil/protos';
import type { CasesClient } from '@vigil/protos';
import { caseDetail, caseTable, changeLine, table } from './format.ts';
import { RULES_USAGE } from './rules-commands.ts';

export const USAGE = `usage: vigil-cases <command> [options]   (--addr host:port, --token T or VIGIL_CASES_ADDR / VIGIL_CASES_TOKEN)

  list     [--status open,in_progress,resolved] [--severity low,medium,high,critical] [--assignee ID]
           [--account ID] [--after ISO] [--before ISO] [--order newest|oldest|severe] [--limit N] [--page TOKEN]
  show     <caseId>
  assign   <caseId> <assignee>
  note     <caseId> <text…>
  resolve  <caseId> confirmed_fraud|false_positive|inconclusive [--comment TEXT]
  lock     <accountId> --reason TEXT [--case caseId]
  unlock   <accountId> --reason TEXT [--case caseId]
  watch    [--account ID] [--assignee ID]
${RULES_USAGE}
  quality  [--days 7]   per-rule precision, flagged share, "it was me" answers, chargeback rates per
           BIN and merchant (reads DATABASE_URL, DATABASE_SCHEMA; no token)
  add --json to print raw responses`;

export interface CommandOptions {
  status?: string | undefined;
  severity?: string | undefined;
  assignee?: string | undefined;
  account?: string | undefined;
  after?: string | undefined;
  before?: string | undefined;
  order?: string | undefined;
  limit?: string | undefined;
  page?: string | undefined;
  reason?: string | undefined;
  case?: string | undefined;
  comment?: string | undefined;
  json?: boolean | undefined;
}

const list = (value: string | undefined, prefix: string) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => `${prefix}${v.toUpperCase()}`);

function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new Error(`missing ${what}\n\n${USAGE}`);
  return value;
}

export function listRequest(o: CommandOptions): ListCasesRequest {
  return {
    statuses: list(o.status, 'CASE_STATUS_') as ListCasesRequest['statuses'],
    severities: list(o.severity, 'SEVERITY_') as ListCasesRequest['severities'],
    ...(o.assignee ? { assignee: o.assignee } : {}),
    ...(o.account ? { accountId: o.account } : {}),
    ...(o.after ? { createdAfter: o.after } : {}),
    ...(o.before ? { createdBefore: o.before } : {}),
    order:
      o.order === 'severe'
        ? 'LIST_ORDER_MOST_SEVERE_FIRST'
        : o.order === 'oldest'
          ? 'LIST_ORDER_OLDEST_FIRST'
          : 'LIST_ORDER_NEWEST_FIRST',
    pageSize: o.limit ? Number(o.limit) : 20,
    pageToken: o.page ?? '',
  };
}

/** Runs one CLI command; `print` receives each output line (stdout in the binary, an array in tests). */
export async function runCommand(
  client: CasesClient,
  command: string,
  args: readonly string[],
  o: CommandOptions,
  print: (line: string) => void,
): Promise<void> {
  const now = new Date();
  const emit = (value: unknown, text: () => string) =>
    print(o.json ? JSON.stringify(value, null, 2) : text());
  switch (command) {
    case 'list': {
      const page = await client.listCases(listRequest(o));
      emit(page, () => {
        const more = page.nextPageToken ? `\nmore: --page ${page.nextPageToken}` : '';
        const n = page.cases.length;
        return `${caseTable(page.cases, now)}\n(${n} ${n === 1 ? 'case' : 'cases'})${more}`;
      });
      return;
    }
    case 'show': {
      const found = await client.getCase({ caseId: need(args[0], '<caseId>') });
      emit(found, () => caseDetail(found, now));
      return;
    }
    case 'assign': {
      const summary = await client.assignCase({
        caseId: need(args[0], '<caseId>'),
        assignee: need(args[1], '<assignee>'),
      });
      emit(summary, () => `case ${summary.caseId} assigned to ${summary.assignee ?? '-'}`);
      return;
    }
    case 'note': {
      const note = await client.addNote({
        caseId: need(args[0], '<caseId>'),
        body: need(args.slice(1).join(' '), '<text>'),
      });
      emit(note, () => `note ${note.noteId} added`);
      return;
    }
    case 'resolve': {
      const disposition = `DISPOSITION_${need(args[1], 'disposition').toUpperCase()}` as const;
      const summary = await client.resolveCase({
        caseId: need(args[0], '<caseId>'),
        disposition: disposition as 'DISPOSITION_INCONCLUSIVE',
        comment: o.comment ?? '',
      });
      emit(summary, () => `case ${summary.caseId} resolved: ${args[1] ?? ''}`);
      return;
    }
    case 'lock':
    case 'unlock': {
      const request = {
        accountId: need(args[0], '<accountId>'),
        reason: need(o.reason, '--reason'),
        ...(o.case ? { caseId: o.case } : {}),
      };
      const result =
        command === 'lock'
          ? await client.lockAccount(request)
          : await client.unlockAccount(request);
      emit(result, () =>
        table(['ACCOUNT', 'ACTION', 'COMMAND'], [[request.accountId, command, result.commandId]]),
      );
      return;
    }
    case 'watch': {
      const stream = client.watchCases({
        ...(o.account ? { accountId: o.account } : {}),
        ...(o.assignee ? { assignee: o.assignee } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (change: Parameters<typeof changeLine>[0]) =>
          emit(change, () => changeLine(change)),
        );
        stream.on('error', reject);
        stream.on('end', resolve);
      });
      return;
    }
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}
