import { classifyError } from '@vigil/errors';
import type { LockClaim, LockLedger } from '../app/ports.ts';
import type { RedisClient } from './redis-client.ts';
import { execPipelined, valuesOrThrow, type PipelinedCall } from './redis-pipelines.ts';

/**
 * One key per account (`lock:{accountId}`, in the account's slot) holding the decision whose
 * lock command was sent, for `holdMs`. SET NX then GET in one pipeline: the decision owns the
 * lock if the key holds its id afterwards, so a replay of the owning decision still sends its
 * (idempotent, same commandId) command and every other block within the hold is suppressed.
 * After the hold a new block sends a fresh lock, in case the account was unlocked elsewhere.
 */
export class RedisLockLedger implements LockLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: { keyPrefix: string; holdMs: number },
  ) {}

  private key(accountId: string): string {
    return `${this.options.keyPrefix}lock:{${accountId}}`;
  }

  async claim(locks: readonly LockClaim[]): Promise<Set<string>> {
    if (locks.length === 0) return new Set();
    const calls: PipelinedCall[] = [];
    for (const lock of locks) {
      const key = this.key(lock.accountId);
      calls.push({
        key,
        queue: (pipeline) => pipeline.set(key, lock.decisionId, 'PX', this.options.holdMs, 'NX'),
      });
      calls.push({ key, queue: (pipeline) => pipeline.get(key) });
    }
    const values = valuesOrThrow(await execPipelined(this.redis, calls));
    const claimed = new Set<string>();
    locks.forEach((lock, i) => {
      if (values[2 * i + 1] === lock.decisionId) claimed.add(lock.decisionId);
    });
    return claimed;
  }

  async release(accountId: string): Promise<void> {
    await this.redis.del(this.key(accountId)).catch((error: unknown) => {
      throw classifyError(error);
    });
  }
}
