import { z } from 'zod';
import { classifyError } from '@vigil/errors';
import type { DecisionSubject, DecisionSubjectStore } from '../app/ports.ts';
import type { RedisClient } from './redis-client.ts';
import { execPipelined, valuesOrThrow, type PipelinedCall } from './redis-pipelines.ts';

const storedSubject = z.object({
  deviceId: z.string().optional(),
  ip: z.string().optional(),
  cardFingerprint: z.string().optional(),
});

/**
 * Subjects of flagged decisions, one small hash per decision under the account's hash tag,
 * kept as long as feedback can plausibly arrive (customers answer within days, agents within
 * weeks). Written in one pipeline per batch (per primary on a cluster) and only for non-allow
 * decisions.
 */
export class RedisDecisionSubjects implements DecisionSubjectStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: { keyPrefix: string; ttlMs: number },
  ) {}

  private key(accountId: string, decisionId: string): string {
    return `${this.options.keyPrefix}subject:{${accountId}}:${decisionId}`;
  }

  async remember(subjects: readonly DecisionSubject[]): Promise<void> {
    const calls: PipelinedCall[] = [];
    for (const subject of subjects) {
      const fields = Object.entries({
        deviceId: subject.deviceId,
        ip: subject.ip,
        cardFingerprint: subject.cardFingerprint,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const key = this.key(subject.accountId, subject.decisionId);
      const values = fields.length > 0 ? Object.fromEntries(fields) : { none: '1' };
      calls.push({ key, queue: (pipeline) => pipeline.hset(key, values) });
      calls.push({ key, queue: (pipeline) => pipeline.pexpire(key, this.options.ttlMs) });
    }
    valuesOrThrow(await execPipelined(this.redis, calls));
  }

  async lookup(accountId: string, decisionId: string): Promise<DecisionSubject | undefined> {
    const raw = await this.redis
      .hgetall(this.key(accountId, decisionId))
      .catch((error: unknown) => {
        throw classifyError(error);
      });
    if (Object.keys(raw).length === 0) return undefined;
    const parsed = storedSubject.parse(raw);
    return { decisionId, accountId, ...parsed };
  }
}
