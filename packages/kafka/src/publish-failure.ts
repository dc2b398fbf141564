import type { Logger } from '@vigil/observability';
import type { FailureEpisode } from './failure-episode.ts';

/** Why a publish failed, for the consumer's retry metrics and the operator's log line. */
export const PUBLISH_FAILURE_CODES = [
  'PRODUCER_FENCED',
  'GROUP_MEMBER_STALE',
  'OUTPUT_REFUSED',
  'COORDINATOR_BUSY',
  'TRANSACTION_ABORTED',
] as const;
export type PublishFailureCode = (typeof PUBLISH_FAILURE_CODES)[number];

/**
 * Once per episode (same code in a row) at a level an operator acts on, then debug: the
 * consumer retries every few hundred milliseconds while a topic config waits to be fixed.
 */
export function logPublishFailure(
  logger: Logger,
  episode: FailureEpisode,
  fields: { err: unknown; source: string; code: PublishFailureCode; topics: string[] },
): void {
  if (!episode.failed(fields.code)) logger.debug(fields, 'transaction aborted again');
  else if (fields.code === 'OUTPUT_REFUSED')
    logger.error(
      fields,
      'outputs refused by the broker because of the output topic (e.g. max.message.bytes): the units wait and are retried until the topic is fixed',
    );
  // A warning, not an error: after a broker restart the coordinator refuses ids for seconds to
  // a minute while it finishes the transactions it reloaded, and that heals by itself. If it
  // persists, readiness turns unready (READINESS_STALL_MS): that is the operator's signal.
  else if (fields.code === 'COORDINATOR_BUSY')
    logger.warn(
      fields,
      'transaction coordinator keeps refusing this transactional id (CONCURRENT_TRANSACTIONS): after a broker restart this clears within a minute; if it persists, the previous transaction never ended (e.g. its markers refused by an output topic whose max.message.bytes is below a control batch) and the coordinator needs a reload (broker restart)',
    );
  else logger.warn(fields, 'transaction aborted');
}
