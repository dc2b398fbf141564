import type pg from 'pg';
import type { CaseStore } from '../domain/case-store.ts';
import { accountAction, addNote, assignCase, resolveCase } from './pg-case-actions.ts';
import { getCase, listCases } from './pg-case-queries.ts';
import { raiseCase } from './pg-raise-case.ts';

/** PostgreSQL implementation of the CaseStore port; `channel` is the NOTIFY channel for changes. */
export function createPgCaseStore(pool: pg.Pool, options: { channel: string }): CaseStore {
  const { channel } = options;
  return {
    raiseCase: (command, by) => raiseCase(pool, channel, command, by),
    getCase: (caseId) => getCase(pool, caseId),
    listCases: (query) => listCases(pool, query),
    assignCase: (caseId, assignee, by) => assignCase(pool, channel, caseId, assignee, by),
    addNote: (caseId, body, by) => addNote(pool, channel, caseId, body, by),
    resolveCase: (command, by) => resolveCase(pool, channel, command, by),
    accountAction: (command, by) => accountAction(pool, channel, command, by),
  };
}
