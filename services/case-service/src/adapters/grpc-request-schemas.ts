import { z } from 'zod';
import { DECISION_OUTCOMES, EVENT_TYPES } from '@vigil/events';
import { ACCOUNT_ACTIVITY_MAX } from '../domain/account-activity.ts';
import { CASE_STATUSES, DISPOSITIONS, SEVERITIES } from '../domain/case-model.ts';
import { invalidArgument } from '../domain/case-errors.ts';
import { fromWire } from './grpc-wire-enums.ts';

// grpc-js hands handlers objects shaped by the generated __Output types (defaults filled in:
// an unset string is "", an unset enum is *_UNSPECIFIED, an unset message is null). These
// schemas turn them into domain commands and reject what the domain cannot act on.

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const caseId = z.uuid({ message: 'must be a case id (UUID)' });
const isoUtc = z.iso.datetime({
  offset: false,
  message: 'must be an ISO 8601 UTC time like 2026-11-24T07:00:00Z',
});
const optionalIsoUtc = isoUtc.optional();

function wireEnum<T extends string>(prefix: string, values: readonly T[]) {
  return z.unknown().transform((wire, ctx): T => {
    const value = fromWire(prefix, values, wire);
    if (value === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be one of ${values.map((v) => prefix + v.toUpperCase()).join(', ')}`,
      });
      return z.NEVER;
    }
    return value;
  });
}

const reason = z.object({
  rule: text(128),
  score: z.number().min(0).max(100),
  message: z.string().max(512),
  observed: z.string().max(256).optional(),
  threshold: z.string().max(256).optional(),
});

const subject = z
  .object({
    transactionId: z.string().max(128).optional(),
    deviceId: z.string().max(256).optional(),
    ip: z.string().max(64).optional(),
  })
  .nullable()
  .transform((value) => value ?? {});

export const raiseCaseRequest = z.object({
  decisionId: text(128),
  eventId: text(128),
  eventType: z.enum(EVENT_TYPES),
  accountId: text(128),
  score: z.number().min(0).max(100),
  outcome: wireEnum('DECISION_OUTCOME_', DECISION_OUTCOMES),
  reasons: z.array(reason).max(64),
  occurredAt: isoUtc,
  decidedAt: isoUtc,
  subject,
});

export const getCaseRequest = z.object({ caseId });

export const listCasesRequest = z.object({
  statuses: z.array(wireEnum('CASE_STATUS_', CASE_STATUSES)),
  severities: z.array(wireEnum('SEVERITY_', SEVERITIES)),
  assignee: z.string().min(1).max(128).optional(),
  accountId: z.string().min(1).max(128).optional(),
  createdAfter: optionalIsoUtc,
  createdBefore: optionalIsoUtc,
  order: z
    .enum([
      'LIST_ORDER_UNSPECIFIED',
      'LIST_ORDER_NEWEST_FIRST',
      'LIST_ORDER_MOST_SEVERE_FIRST',
      'LIST_ORDER_OLDEST_FIRST',
    ])
    .transform((o) =>
      o === 'LIST_ORDER_MOST_SEVERE_FIRST'
        ? ('most_severe' as const)
        : o === 'LIST_ORDER_OLDEST_FIRST'
          ? ('oldest' as const)
          : ('newest' as const),
    ),
  pageSize: z
    .number()
    .int()
    .min(0)
    .max(200, 'must be at most 200')
    .transform((n) => (n === 0 ? 50 : n)),
  pageToken: z.string().max(512),
});

export const countCasesRequest = listCasesRequest
  .pick({
    statuses: true,
    severities: true,
    assignee: true,
    accountId: true,
    createdAfter: true,
    createdBefore: true,
  })
  .extend({
    cap: z
      .number()
      .int()
      .min(0)
      .max(1_000, 'must be at most 1000')
      .transform((n) => (n === 0 ? 200 : n)),
  });

export const assignCaseRequest = z.object({ caseId, assignee: text(128) });
export const addNoteRequest = z.object({ caseId, body: text(4_000) });
export const resolveCaseRequest = z.object({
  caseId,
  disposition: wireEnum('DISPOSITION_', DISPOSITIONS),
  comment: z.string().max(4_000),
});
export const accountActionRequest = z.object({
  accountId: text(128),
  reason: text(512),
  caseId: caseId.optional(),
});
export const getAccountActivityRequest = z.object({
  accountId: text(128),
  limit: z
    .number()
    .int()
    .min(0)
    .max(ACCOUNT_ACTIVITY_MAX, `must be at most ${ACCOUNT_ACTIVITY_MAX}`)
    .transform((n) => (n === 0 ? ACCOUNT_ACTIVITY_MAX : n)),
});
export const watchCasesRequest = z.object({
  accountId: z.string().min(1).max(128).optional(),
  assignee: z.string().min(1).max(128).optional(),
});

/** Validates a request; failures become INVALID_ARGUMENT with one violation per bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown): z.infer<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  throw invalidArgument(
    result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(request)',
      description: issue.message,
    })),
  );
}
