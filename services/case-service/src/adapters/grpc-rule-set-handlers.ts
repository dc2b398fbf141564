import type {
  CaseServiceHandlers,
  DecideRuleSetRequest__Output,
  GetActiveRuleSetRequest__Output,
  GetActiveRuleSetResponse,
  GetRuleSetRequest__Output,
  ListRuleSetsRequest__Output,
  ListRuleSetsResponse,
  ProposeRuleSetRequest__Output,
  RollbackRuleSetRequest__Output,
  RollbackRuleSetResponse,
  RuleSetDetail,
  RuleSetStatus__Output,
  RuleSetVersion,
} from '@vigil/protos';
import { z } from 'zod';
import type { RuleSetUseCases } from '../app/rule-set-use-cases.ts';
import type { RuleSetStatus, RuleSetVersionRecord } from '../domain/rule-set-versions.ts';
import { parseRequest } from './grpc-request-schemas.ts';
import type { RpcContext } from './grpc-rpc-context.ts';
import { unary } from './grpc-unary-call.ts';

type RuleSetHandlers = Pick<
  CaseServiceHandlers,
  | 'ProposeRuleSet'
  | 'ListRuleSets'
  | 'GetRuleSet'
  | 'ApproveRuleSet'
  | 'RejectRuleSet'
  | 'RollbackRuleSet'
  | 'GetActiveRuleSet'
>;

const versionId = z.string().trim().min(1, 'is required').max(64);
const proposeRequest = z.object({
  // The YAML is kept byte for byte (its SHA-256 is what engines verify): not trimmed.
  yaml: z
    .string()
    .min(1, 'is required')
    .max(512 * 1024),
  summary: z
    .string()
    .max(256 * 1024)
    .optional(),
});
const listRequest = z.object({
  limit: z
    .number()
    .int()
    .min(0)
    .max(200, 'must be at most 200')
    .transform((n) => (n === 0 ? 50 : n)),
});
const getRequest = z.object({ version: versionId });
const decideRequest = z.object({ version: versionId, comment: z.string().max(4_000) });
const rollbackRequest = z.object({ reason: z.string().trim().min(1, 'is required').max(4_000) });

const toWireStatus = (s: RuleSetStatus) =>
  `RULE_SET_STATUS_${s.toUpperCase()}` as `RULE_SET_STATUS_${Uppercase<RuleSetStatus>}` satisfies RuleSetStatus__Output;

/** A version on the wire; `withYaml` false leaves the text out (listings). */
export function toWireRuleSet(record: RuleSetVersionRecord, withYaml = true): RuleSetVersion {
  return {
    version: record.version,
    status: toWireStatus(record.status),
    author: record.author,
    proposedAt: record.proposedAt.toISOString(),
    sha256: record.sha256,
    ...(record.summary !== undefined ? { summary: record.summary } : {}),
    ...(record.decidedBy !== undefined ? { decidedBy: record.decidedBy } : {}),
    ...(record.decidedAt ? { decidedAt: record.decidedAt.toISOString() } : {}),
    ...(record.decisionComment !== undefined ? { decisionComment: record.decisionComment } : {}),
    ...(record.activatedAt ? { activatedAt: record.activatedAt.toISOString() } : {}),
    ...(record.replaces !== undefined ? { replaces: record.replaces } : {}),
    yaml: withYaml ? record.yaml : '',
    ruleCount: record.ruleCount,
  };
}

/** ProposeRuleSet … GetActiveRuleSet: parse, call the rule-set use case, map the answer. */
export function createRuleSetHandlers(
  deps: RpcContext & { ruleSets: RuleSetUseCases },
): RuleSetHandlers {
  const { ruleSets } = deps;
  const decide = (method: 'ApproveRuleSet' | 'RejectRuleSet') =>
    unary<DecideRuleSetRequest__Output, RuleSetVersion>(
      deps,
      method,
      async (request, principal, logger) => {
        const input = parseRequest(decideRequest, request);
        const decided =
          method === 'ApproveRuleSet'
            ? await ruleSets.approve(input, principal)
            : await ruleSets.reject(input, principal);
        logger.info({ version: decided.version, status: decided.status }, 'rule set decided');
        return toWireRuleSet(decided);
      },
    );
  return {
    ProposeRuleSet: unary<ProposeRuleSetRequest__Output, RuleSetVersion>(
      deps,
      'ProposeRuleSet',
      async (request, principal, logger) => {
        const proposed = await ruleSets.propose(parseRequest(proposeRequest, request), principal);
        logger.info({ version: proposed.version, sha256: proposed.sha256 }, 'rule set proposed');
        return toWireRuleSet(proposed);
      },
    ),
    ListRuleSets: unary<ListRuleSetsRequest__Output, ListRuleSetsResponse>(
      deps,
      'ListRuleSets',
      async (request) => {
        const { limit } = parseRequest(listRequest, request);
        const versions = await ruleSets.list(limit);
        return { versions: versions.map((v) => toWireRuleSet(v, false)) };
      },
    ),
    GetRuleSet: unary<GetRuleSetRequest__Output, RuleSetDetail>(
      deps,
      'GetRuleSet',
      async (request) => {
        const { version } = parseRequest(getRequest, request);
        const detail = await ruleSets.get(version);
        return {
          version: toWireRuleSet(detail.version),
          diff: {
            baseVersion: detail.diff.baseVersion ?? '',
            settings: detail.diff.settings,
            rules: detail.diff.rules,
          },
          audit: detail.audit.map((entry) => ({
            auditId: entry.auditId,
            version: entry.version,
            actor: entry.actor,
            actorRole: entry.actorRole,
            action: entry.action,
            detailsJson: JSON.stringify(entry.details),
            at: entry.at.toISOString(),
          })),
        };
      },
    ),
    ApproveRuleSet: decide('ApproveRuleSet'),
    RejectRuleSet: decide('RejectRuleSet'),
    RollbackRuleSet: unary<RollbackRuleSetRequest__Output, RollbackRuleSetResponse>(
      deps,
      'RollbackRuleSet',
      async (request, principal, logger) => {
        const result = await ruleSets.rollback(parseRequest(rollbackRequest, request), principal);
        logger.warn(
          { rolledBack: result.rolledBack.version, active: result.active.version },
          'rule set rolled back',
        );
        return {
          rolledBack: toWireRuleSet(result.rolledBack),
          active: toWireRuleSet(result.active),
        };
      },
    ),
    GetActiveRuleSet: unary<GetActiveRuleSetRequest__Output, GetActiveRuleSetResponse>(
      deps,
      'GetActiveRuleSet',
      async () => {
        const active = await ruleSets.active();
        return active ? { active: toWireRuleSet(active) } : {};
      },
    ),
  };
}
