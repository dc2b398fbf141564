import type { ChainableCommander } from 'ioredis';
import { VigilError, classifyError } from '@vigil/errors';
import { isCluster, type RedisClient } from './redis-client.ts';
import { keySlot } from './redis-key-slot.ts';

/** One command of a pipelined batch: the key that routes it, and how to queue it. */
export interface PipelinedCall<P extends ChainableCommander = ChainableCommander> {
  /** A key of the command; every key it names must share this key's slot. */
  key: string;
  queue(pipeline: P): void;
}

export type PipelineReply = [Error | null, unknown];

/**
 * Sends the calls in pipelines and returns their replies in call order. On one node: one
 * pipeline (one round trip). On a cluster, a pipeline may only hold keys its one node serves:
 * the calls are grouped by the nodes serving their slot (by slot while the slot map is not
 * known yet), one pipeline per group, all sent at once, so a batch costs one round trip to
 * each primary it touches, in parallel. Within a group the calls keep their order, and calls of
 * one slot always share a group, so every key sees the calls in the order they were made.
 * `onPipeline` is told of each pipeline sent (round trips). Throws only when a whole pipeline
 * failed; a failed call is its reply's error.
 */
export async function execPipelined<P extends ChainableCommander>(
  client: RedisClient,
  calls: readonly PipelinedCall<P>[],
  onPipeline?: () => void,
): Promise<PipelineReply[]> {
  if (calls.length === 0) return [];
  if (!isCluster(client)) {
    const pipeline = client.pipeline() as P;
    for (const call of calls) call.queue(pipeline);
    onPipeline?.();
    return checked(await pipeline.exec().catch(rethrow), calls.length);
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < calls.length; i += 1) {
    const slot = keySlot(calls[i]!.key);
    // The nodes serving the slot (primary first): what ioredis requires one pipeline to share.
    const group = client.slots[slot]?.join(',') ?? `slot:${slot}`;
    const members = groups.get(group);
    if (members) members.push(i);
    else groups.set(group, [i]);
  }
  const replies = new Array<PipelineReply>(calls.length);
  // Every pipeline settles before this returns or throws: a caller retrying at once must not
  // overtake calls still on their way (see decideBatch).
  const sent = await Promise.allSettled(
    [...groups.values()].map(async (members) => {
      const pipeline = client.pipeline() as P;
      for (const i of members) calls[i]!.queue(pipeline);
      onPipeline?.();
      const results = checked(await pipeline.exec().catch(rethrow), members.length);
      members.forEach((i, j) => (replies[i] = results[j]!));
    }),
  );
  const failed = sent.find((outcome) => outcome.status === 'rejected');
  // ioredis follows a pipeline's redirection itself only when every command got the same one
  // (calls of several slots get one each), and does not re-send after a closed connection (see
  // createRedisClient). After any failure the slot map is refreshed before the caller retries,
  // so the retry goes to the slots' new primaries (a failover, a resharding) once they serve.
  if (failed || replies.some(([error]) => error))
    await new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
  if (failed) throw failed.reason;
  return replies;
}

function rethrow(error: unknown): never {
  throw classifyError(error);
}

/** A pipeline's replies, one per call (each call queues exactly one command). */
function checked(results: PipelineReply[] | null, expected: number): PipelineReply[] {
  if (!results || results.length !== expected)
    throw new VigilError(
      'REDIS_PIPELINE_FAILED',
      `Redis pipeline returned ${results?.length ?? 'no'} replies for ${expected} calls`,
      { retryable: true },
    );
  return results;
}

/** The replies' values, or the first failed call's error (classified). */
export function valuesOrThrow(replies: readonly PipelineReply[]): unknown[] {
  return replies.map(([error, value]) => {
    if (error) throw classifyError(error);
    return value;
  });
}
