import { z } from 'zod';
import {
  ASSIGNEE_FILTERS,
  DISPOSITIONS,
  QUEUE_SORTS,
  SEVERITIES,
  SLA_FILTERS,
  STATUSES,
} from '../domain/console-model.ts';

// Every body, query and path parameter the API reads, validated here before any use.

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .optional()
    .transform((raw) => (raw ? raw.split(',').filter(Boolean) : []))
    .pipe(z.array(z.enum(values)));

export const signInBody = z.object({ token: z.string().min(16).max(512) }).strict();

export const queueQuery = z
  .object({
    status: csv(STATUSES),
    severity: csv(SEVERITIES),
    assignee: z.enum(ASSIGNEE_FILTERS).default('anyone'),
    sla: z.enum(SLA_FILTERS).default('any'),
    sort: z.enum(QUEUE_SORTS).default('severe'),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .strict()
  .transform(({ status, severity, ...rest }) => ({
    ...rest,
    statuses: status,
    severities: severity,
  }));

export const caseParams = z.object({ caseId: z.uuid() }).strict();
export const accountParams = z.object({ accountId: z.string().min(1).max(128) }).strict();

export const assignBody = z
  .object({ assignee: z.string().trim().min(1).max(128).optional() })
  .strict();
export const noteBody = z.object({ body: z.string().trim().min(1).max(4000) }).strict();
export const resolveBody = z
  .object({ disposition: z.enum(DISPOSITIONS), comment: z.string().max(4000).default('') })
  .strict();
export const accountActionBody = z
  .object({ reason: z.string().trim().min(1).max(500), caseId: z.uuid().optional() })
  .strict();
