import type { Principal } from '../domain/case-model.ts';
import { caseError, invalidArgument } from '../domain/case-errors.ts';
import { diffRuleSets, type RuleSetDiff } from '../domain/rule-set-diff.ts';
import { validateRuleSetYaml } from '../domain/rule-set-document.ts';
import {
  mayDecide,
  mayRollback,
  type RuleSetAuditRecord,
  type RuleSetVerdict,
  type RuleSetVersionRecord,
} from '../domain/rule-set-versions.ts';
import type { Clock, RuleSetStore } from './ports.ts';

export interface RuleSetDetail {
  version: RuleSetVersionRecord;
  diff: RuleSetDiff;
  audit: RuleSetAuditRecord[];
}

/**
 * Rule changes with approval: propose, review (diff against what is in force), approve or reject
 * (four eyes), roll back. Every change and its audit rows commit in one transaction, serialised
 * so two approvals cannot both become active. Failures are VigilErrors (INVALID_ARGUMENT,
 * PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION, or classified infrastructure errors).
 */
export interface RuleSetUseCases {
  propose(
    input: { yaml: string; summary?: string | undefined },
    by: Principal,
  ): Promise<RuleSetVersionRecord>;
  list(limit: number): Promise<RuleSetVersionRecord[]>;
  get(version: string): Promise<RuleSetDetail>;
  approve(
    input: { version: string; comment: string },
    by: Principal,
  ): Promise<RuleSetVersionRecord>;
  reject(input: { version: string; comment: string }, by: Principal): Promise<RuleSetVersionRecord>;
  rollback(
    input: { reason: string },
    by: Principal,
  ): Promise<{ rolledBack: RuleSetVersionRecord; active: RuleSetVersionRecord }>;
  active(): Promise<RuleSetVersionRecord | undefined>;
}

function enforce(verdict: RuleSetVerdict): void {
  if (!verdict.allowed)
    throw caseError('code' in verdict ? verdict.code : 'PERMISSION_DENIED', verdict.reason);
}

const notFound = (version: string) => caseError('NOT_FOUND', `no rule-set version ${version}`);

/** The validated document of a stored version; a version that no longer validates has none. */
function documentOf(record: RuleSetVersionRecord | undefined) {
  if (!record) return undefined;
  const validation = validateRuleSetYaml(record.yaml);
  return validation.ok ? { version: record.version, document: validation.document } : undefined;
}

export function createRuleSetUseCases(deps: {
  store: RuleSetStore;
  clock: Clock;
}): RuleSetUseCases {
  const { store, clock } = deps;
  return {
    async propose({ yaml, summary }, by) {
      const validation = validateRuleSetYaml(yaml);
      if (!validation.ok)
        throw invalidArgument(
          validation.problems.map((description) => ({ field: 'yaml', description })),
        );
      const { version, ruleCount } = validation;
      return store.transaction(async (tx) => {
        await tx.lock();
        const existing = await tx.get(version);
        // A retried proposal (same author, same text) is the same version.
        if (existing?.yaml === yaml && existing.author === by.id && existing.status === 'proposed')
          return existing;
        if (existing)
          throw caseError(
            'FAILED_PRECONDITION',
            `rule-set version ${version} already exists (${existing.status}); give the YAML a new version`,
          );
        const created = await tx.insert({ version, author: by.id, yaml, summary, ruleCount });
        await tx.appendAudit({
          version,
          by,
          action: 'proposed',
          details: { sha256: created.sha256, ruleCount, withSummary: summary !== undefined },
        });
        return created;
      });
    },

    list: (limit) => store.list(limit),

    async get(version) {
      const record = await store.get(version);
      if (!record) throw notFound(version);
      // What approving it would change; for the active version, what its approval changed.
      const base =
        record.status === 'active'
          ? record.replaces === undefined
            ? undefined
            : await store.get(record.replaces)
          : await store.active();
      const next = documentOf(record);
      const diff = next
        ? diffRuleSets(documentOf(base), next.document)
        : { baseVersion: base?.version, settings: ['this version no longer validates'], rules: [] };
      return { version: record, diff, audit: await store.audit(version) };
    },

    approve({ version, comment }, by) {
      return store.transaction(async (tx) => {
        await tx.lock();
        const target = await tx.get(version);
        if (!target) throw notFound(version);
        enforce(mayDecide(by, target, 'approve'));
        // Validated at proposal; checked again in case the rule catalog changed since.
        const validation = validateRuleSetYaml(target.yaml);
        if (!validation.ok)
          throw caseError(
            'FAILED_PRECONDITION',
            `${version} no longer validates: ${validation.problems.join('; ')}`,
          );
        const now = clock();
        const previous = await tx.active();
        if (previous) {
          await tx.update(previous.version, { status: 'retired' });
          await tx.appendAudit({
            version: previous.version,
            by,
            action: 'retired',
            details: { replacedBy: version },
          });
        }
        const approved = await tx.update(version, {
          status: 'active',
          decidedBy: by.id,
          decidedAt: now,
          decisionComment: comment === '' ? undefined : comment,
          activatedAt: now,
          replaces: previous?.version ?? null,
        });
        await tx.appendAudit({
          version,
          by,
          action: 'approved',
          details: { comment, sha256: target.sha256 },
        });
        await tx.appendAudit({
          version,
          by,
          action: 'activated',
          details: { replaces: previous?.version ?? null },
        });
        return approved;
      });
    },

    reject({ version, comment }, by) {
      return store.transaction(async (tx) => {
        await tx.lock();
        const target = await tx.get(version);
        if (!target) throw notFound(version);
        enforce(mayDecide(by, target, 'reject'));
        const rejected = await tx.update(version, {
          status: 'rejected',
          decidedBy: by.id,
          decidedAt: clock(),
          decisionComment: comment === '' ? undefined : comment,
        });
        await tx.appendAudit({ version, by, action: 'rejected', details: { comment } });
        return rejected;
      });
    },

    rollback({ reason }, by) {
      return store.transaction(async (tx) => {
        await tx.lock();
        const active = await tx.active();
        const previous = active?.replaces === undefined ? undefined : await tx.get(active.replaces);
        enforce(mayRollback(by, active, previous));
        // Both exist: mayRollback allowed it.
        const from = active!;
        const to = previous!;
        const rolledBack = await tx.update(from.version, { status: 'rolled_back' });
        // The restored version keeps what it replaced, so a second rollback goes one further back.
        const restored = await tx.update(to.version, { status: 'active', activatedAt: clock() });
        await tx.appendAudit({
          version: from.version,
          by,
          action: 'rolled_back',
          details: { reason, restored: to.version },
        });
        await tx.appendAudit({
          version: to.version,
          by,
          action: 'activated',
          details: { reason, rollbackOf: from.version },
        });
        return { rolledBack, active: restored };
      });
    },

    active: () => store.active(),
  };
}
