import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withTransaction, type Tx } from '@vigil/postgres';
import type { RuleSetStore, RuleSetTransaction, RuleSetVersionUpdate } from '../app/ports.ts';
import {
  RULE_SET_ACTIONS,
  RULE_SET_STATUSES,
  type RuleSetAuditRecord,
  type RuleSetVersionRecord,
} from '../domain/rule-set-versions.ts';

interface VersionRow {
  version: string;
  status: string;
  yaml: string;
  sha256: string;
  rule_count: number;
  summary: string | null;
  author: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  activated_at: Date | null;
  replaces: string | null;
}

interface AuditRow {
  id: string;
  version: string;
  actor: string;
  actor_role: string;
  action: string;
  details: Record<string, unknown>;
  at: Date;
}

const COLUMNS =
  'version, status, yaml, sha256, rule_count, summary, author, proposed_at, decided_by, decided_at, decision_comment, activated_at, replaces';

const oneOf = <T extends string>(values: readonly T[], value: string, what: string): T => {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`unknown rule-set ${what} ${value} in PostgreSQL`);
  return found;
};

function toRecord(row: VersionRow): RuleSetVersionRecord {
  return {
    version: row.version,
    status: oneOf(RULE_SET_STATUSES, row.status, 'status'),
    yaml: row.yaml,
    sha256: row.sha256,
    ruleCount: row.rule_count,
    summary: row.summary ?? undefined,
    author: row.author,
    proposedAt: row.proposed_at,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: row.decided_at ?? undefined,
    decisionComment: row.decision_comment ?? undefined,
    activatedAt: row.activated_at ?? undefined,
    replaces: row.replaces ?? undefined,
  };
}

function toAudit(row: AuditRow): RuleSetAuditRecord {
  return {
    auditId: row.id,
    version: row.version,
    actor: row.actor,
    actorRole: row.actor_role,
    action: oneOf(RULE_SET_ACTIONS, row.action, 'audit action'),
    details: row.details,
    at: row.at,
  };
}

type Queryable = Pick<Tx, 'query'>;

async function getVersion(db: Queryable, version: string, forUpdate = false) {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${COLUMNS} FROM rule_set_versions WHERE version = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [version],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

async function activeVersion(db: Queryable) {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${COLUMNS} FROM rule_set_versions WHERE status = 'active'`,
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

function updateSql(version: string, update: RuleSetVersionUpdate) {
  const values: unknown[] = [version];
  const param = (value: unknown) => `$${values.push(value)}`;
  const sets = [`status = ${param(update.status)}`];
  if (update.decidedBy !== undefined) sets.push(`decided_by = ${param(update.decidedBy)}`);
  if (update.decidedAt !== undefined) sets.push(`decided_at = ${param(update.decidedAt)}`);
  if ('decisionComment' in update)
    sets.push(`decision_comment = ${param(update.decisionComment ?? null)}`);
  if (update.activatedAt !== undefined) sets.push(`activated_at = ${param(update.activatedAt)}`);
  if (update.replaces !== undefined) sets.push(`replaces = ${param(update.replaces)}`);
  return {
    text: `UPDATE rule_set_versions SET ${sets.join(', ')} WHERE version = $1 RETURNING ${COLUMNS}`,
    values,
  };
}

function pgRuleSetTransaction(tx: Tx): RuleSetTransaction {
  return {
    // One writer at a time per schema (replicas included): approvals and rollbacks read the
    // active version and change it, so they must not interleave.
    lock: async () => {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.rule_set_versions'))`,
      );
    },
    get: (version) => getVersion(tx, version, true),
    active: () => activeVersion(tx),
    insert: async (version) => {
      const sha256 = createHash('sha256').update(version.yaml, 'utf8').digest('hex');
      const { rows } = await tx.query<VersionRow>(
        `INSERT INTO rule_set_versions (version, status, yaml, sha256, rule_count, summary, author)
         VALUES ($1, 'proposed', $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [
          version.version,
          version.yaml,
          sha256,
          version.ruleCount,
          version.summary ?? null,
          version.author,
        ],
      );
      return toRecord(rows[0]!);
    },
    update: async (version, update) => {
      const { rows } = await tx.query<VersionRow>(updateSql(version, update));
      if (!rows[0])
        throw new Error(`rule-set version ${version} vanished inside its own transaction`);
      return toRecord(rows[0]);
    },
    appendAudit: async (entry) => {
      await tx.query(
        `INSERT INTO rule_set_audit (version, actor, actor_role, action, details) VALUES ($1, $2, $3, $4, $5)`,
        [entry.version, entry.by.id, entry.by.role, entry.action, entry.details],
      );
    },
  };
}

/** PostgreSQL implementation of the RuleSetStore port (tables of migration 1797000000000_rule-sets). */
export function createPgRuleSetStore(pool: pg.Pool): RuleSetStore {
  return {
    transaction: (work) => withTransaction(pool, (tx) => work(pgRuleSetTransaction(tx))),
    list: async (limit) => {
      const { rows } = await pool.query<VersionRow>(
        `SELECT ${COLUMNS} FROM rule_set_versions ORDER BY proposed_at DESC, version DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toRecord);
    },
    get: (version) => getVersion(pool, version),
    active: () => activeVersion(pool),
    audit: async (version) => {
      const { rows } = await pool.query<AuditRow>(
        `SELECT id::text AS id, version, actor, actor_role, action, details, at
         FROM rule_set_audit WHERE version = $1 ORDER BY id`,
        [version],
      );
      return rows.map(toAudit);
    },
  };
}
