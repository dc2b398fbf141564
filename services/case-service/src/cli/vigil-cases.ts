// vigil-cases: the support agents' command line for CaseService.
//   VIGIL_CASES_ADDR=host:port VIGIL_CASES_TOKEN=… vigil-cases list --status open --order severe
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { status } from '@grpc/grpc-js';
import { createCasesClient, isCaseServiceError } from '@vigil/protos';
import { runCommand, USAGE } from './commands.ts';
import { runRulesCommand } from './rules-commands.ts';
import { runQualityReport } from './run-quality.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    addr: { type: 'string' },
    token: { type: 'string' },
    status: { type: 'string' },
    severity: { type: 'string' },
    assignee: { type: 'string' },
    account: { type: 'string' },
    after: { type: 'string' },
    before: { type: 'string' },
    order: { type: 'string' },
    limit: { type: 'string' },
    page: { type: 'string' },
    reason: { type: 'string' },
    case: { type: 'string' },
    comment: { type: 'string' },
    days: { type: 'string' },
    summary: { type: 'string' },
    yaml: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, ...args] = positionals;
if (values.help || command === undefined) {
  console.log(USAGE);
  process.exit(command === undefined && !values.help ? 2 : 0);
}
if (command === 'quality') {
  // Read from PostgreSQL (DATABASE_URL), not over gRPC: no token.
  await runQualityReport(values, (line) => console.log(line)).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
} else {
  await runAgentCommand(command);
}

async function runAgentCommand(command: string): Promise<void> {
  // The token comes from the flag or the environment and is sent only as call metadata.
  const token = values.token ?? process.env.VIGIL_CASES_TOKEN;
  if (!token) {
    console.error('no token: pass --token or set VIGIL_CASES_TOKEN');
    process.exit(2);
  }
  const address = values.addr ?? process.env.VIGIL_CASES_ADDR ?? '127.0.0.1:50051';
  const client = createCasesClient({ address, token });
  try {
    const print = (line: string) => console.log(line);
    if (command === 'rules')
      await runRulesCommand(client, args, values, print, (path) => readFile(path, 'utf8'));
    else await runCommand(client, command, args, values, print);
  } catch (error) {
    console.error(`error: ${describeFailure(error, address)}`);
    process.exitCode = 1;
  } finally {
    if (command !== 'watch' || process.exitCode) client.close();
  }
}

/**
 * The server's own words (and the refused fields) for a CaseService refusal; where it was looked
 * for when nothing answered (grpc-js's own text names neither the flag nor the variable); else
 * the message.
 */
function describeFailure(error: unknown, address: string): string {
  if (!isCaseServiceError(error)) return error instanceof Error ? error.message : String(error);
  const { grpcCode, grpcDetails, fieldViolations } = error.details;
  if (grpcCode === (status.UNAVAILABLE as number))
    return `no case-service answers at ${address} (--addr or VIGIL_CASES_ADDR): ${grpcDetails}`;
  return fieldViolations ? `${grpcDetails}\n${JSON.stringify({ fieldViolations })}` : grpcDetails;
}
