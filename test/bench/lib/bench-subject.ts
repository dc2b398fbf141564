import { z } from 'zod';

const tuning = {
  partitionsConcurrency: z.number().int().positive(),
  maxBatchRecords: z.number().int().positive(),
};
const inputTopics = z.object({
  transactions: z.string(),
  logins: z.string(),
  accountChanges: z.string(),
});

/**
 * What a benchmark subject process runs (passed as JSON in BENCH_SUBJECT): the risk engine, or a
 * pass-through consumer on the same runner. Each runs in a process of its own, as deployed, so
 * the load generator and the output readers never share its thread.
 */
export const benchSubject = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('engine'),
    brokers: z.array(z.string()).min(1),
    groupId: z.string(),
    transactionalIdPrefix: z.string(),
    topics: inputTopics.extend({
      decisions: z.string(),
      commands: z.string(),
      feedback: z.string(),
    }),
    partitions: z.number().int().positive(),
    redisUrl: z.string(),
    redisKeyPrefix: z.string(),
    rulesFile: z.string(),
    /** Extra engine settings (ORDER_IDLE_MS …), as the service reads them from its env. */
    env: z.record(z.string(), z.string()).default({}),
    /**
     * RaiseCase at a real case-service, each call `delayMs` later (case-service slowed). Absent:
     * acknowledged at once in the subject (InstantCases), case-service out of the measurement.
     */
    cases: z
      .object({
        address: z.string(),
        token: z.string(),
        deadlineMs: z.number().int().positive(),
        delayMs: z.number().int().nonnegative().default(0),
      })
      .optional(),
    ...tuning,
  }),
  z.object({
    kind: z.literal('pass-through'),
    mode: z.enum(['plain', 'transactional', 'ordered']),
    brokers: z.array(z.string()).min(1),
    groupId: z.string(),
    transactionalIdPrefix: z.string(),
    topics: inputTopics,
    outputTopic: z.string(),
    ...tuning,
  }),
]);
export type BenchSubject = z.infer<typeof benchSubject>;
/** What a benchmark passes to spawnSubject (defaults not yet applied). */
export type BenchSubjectInput = z.input<typeof benchSubject>;
