import type pg from 'pg';
import { withTransaction } from '@vigil/postgres';
import type { CaseStore } from '../app/ports.ts';
import { countCases, getCase, listCases } from './pg-case-queries.ts';
import { pgCaseTransaction } from './pg-case-transaction.ts';
import { raiseCase } from './pg-raise-case.ts';

/** PostgreSQL implementation of the CaseStore port; `channel` is the NOTIFY channel for changes. */
export function createPgCaseStore(pool: pg.Pool, options: { channel: string }): CaseStore {
  const { channel } = options;
  return {
    transaction: (work) => withTransaction(pool, (tx) => work(pgCaseTransaction(tx, channel))),
    raiseCase: (command, severity, by) => raiseCase(pool, channel, command, severity, by),
    getCase: (caseId) => getCase(pool, caseId),
    listCases: (query) => listCases(pool, query),
    countCases: (query) => countCases(pool, query),
  };
}
