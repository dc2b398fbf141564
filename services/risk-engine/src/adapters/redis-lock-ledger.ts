import type { Redis } from 'ioredis';
import { classifyError, VigilError } from '@vigil/errors';
import type { LockClaim, LockLedger } from '../app/ports.ts';

/**
 * One key per account (`lock:{accountId}`, in the account's slot) holding the decision whose
 * lock command was sent, for `holdMs`. SET NX then GET in one pipeline: the decision owns the
 * lock if the key holds its id afterwards, so a replay of the owning decision still sends its
 * (idempotent, same commandId) command and every other block within the hold is suppressed.
 * After the hold a new block sends a fresh lock, in case the account was unlocked elsewhere.
 */
export class RedisLockLedger implements LockLedger {
  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string; holdMs: number },
  ) {}

  private key(accountId: string): string {
    return `${this.options.keyPrefix}lock:{${accountId}}`;
  }

  async claim(locks: readonly LockClaim[]): Promise<Set<string>> {
    if (locks.length === 0) return new Set();
    const pipeline = this.redis.pipeline();
    for (const lock of locks) {
      const key = this.key(lock.accountId);
      pipeline.set(key, lock.decisionId, 'PX', this.options.holdMs, 'NX');
      pipeline.get(key);
    }
    const results = await pipeline.exec().catch((error: unknown) => {
      throw classifyError(error);
    });
    if (!results)
      throw new VigilError('LOCK_LEDGER_FAILED', 'Redis pipeline was discarded', {
        retryable: true,
      });
    const failed = results.find(([error]) => error !== null);
    if (failed?.[0]) throw classifyError(failed[0]);
    const claimed = new Set<string>();
    locks.forEach((lock, i) => {
      if (results[2 * i + 1]?.[1] === lock.decisionId) claimed.add(lock.decisionId);
    });
    return claimed;
  }

  async release(accountId: string): Promise<void> {
    await this.redis.del(this.key(accountId)).catch((error: unknown) => {
      throw classifyError(error);
    });
  }
}
