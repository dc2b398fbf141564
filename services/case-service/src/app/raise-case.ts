import type { Principal } from '../domain/case-model.ts';
import type { RaiseCaseCommand, RaiseCaseResult } from '../domain/commands.ts';
import { severityFor } from '../domain/severity.ts';
import type { CaseStore } from './ports.ts';

/**
 * RaiseCase: rate the decision, then file it as an alert on the account's open case (or a new
 * one). The store makes it one transaction, idempotent on decisionId, so the risk engine may
 * retry after a timeout without doubling an alert.
 */
export function raiseCase(
  store: CaseStore,
  command: RaiseCaseCommand,
  by: Principal,
): Promise<RaiseCaseResult> {
  return store.raiseCase(command, severityFor(command.score, command.outcome), by);
}
