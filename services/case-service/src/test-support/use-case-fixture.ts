import { createCaseUseCases, type CaseUseCases } from '../app/case-use-cases.ts';
import type { Principal } from '../domain/case-model.ts';
import type { RaiseCaseCommand } from '../domain/commands.ts';
import { createMemoryCaseStore, type MemoryCaseStore } from './memory-case-store.ts';

export const engine: Principal = { id: 'risk-engine', role: 'service' };
export const ann: Principal = { id: 'agent-ann', role: 'agent' };
export const bob: Principal = { id: 'agent-bob', role: 'agent' };
export const sue: Principal = { id: 'sup-sue', role: 'supervisor' };

export interface UseCaseFixture {
  cases: CaseUseCases;
  store: MemoryCaseStore;
  /** How often the use cases woke the outbox relay. */
  outboxPokes: () => number;
  /** Opens a case for a fresh account (the risk engine raising a review). */
  openCase: (overrides?: Partial<RaiseCaseCommand>) => Promise<string>;
}

let decisions = 0;

/** A decision as RaiseCase receives it once validated; override what the test is about. */
export function raiseCommand(overrides: Partial<RaiseCaseCommand> = {}): RaiseCaseCommand {
  decisions += 1;
  return {
    decisionId: `dec-${decisions}`,
    eventId: `evt-${decisions}`,
    eventType: 'transaction',
    accountId: `acct-${decisions}`,
    score: 75,
    outcome: 'review',
    reasons: [{ rule: 'velocity.card', score: 40, message: '6 payments in 10 min' }],
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.050Z',
    subject: { transactionId: `tx-${decisions}`, deviceId: `dev-${decisions}` },
    ...overrides,
  };
}

/** The use cases over an in-memory store, a fixed clock and counted ids. */
export function useCaseFixture(): UseCaseFixture {
  const clock = () => new Date('2026-11-24T08:00:00.000Z');
  const store = createMemoryCaseStore(clock);
  let ids = 0;
  let pokes = 0;
  const cases = createCaseUseCases({
    store,
    clock,
    newId: () => `id-${(ids += 1)}`,
    onOutboxWrite: () => void (pokes += 1),
  });
  return {
    cases,
    store,
    outboxPokes: () => pokes,
    openCase: async (overrides) => (await cases.raiseCase(raiseCommand(overrides), engine)).caseId,
  };
}
