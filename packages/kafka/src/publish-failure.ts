import type { Logger } from '@vigil/observability';
import type { FailureEpisode } from './failure-episode.ts';

/** Why a publish failed, for the consumer's retry metrics and the operator's log line. */
export const PUBLISH_FAILURE_CODES = [
  'PRODUCER_FENCED',
  'GROUP_MEMBER_STALE',
  'OUTPUT_REFUSED',
  'COORDINATOR_WEDGED',
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
  else if (fields.code === 'COORDINATOR_WEDGED')
    logger.error(
      fields,
      'transaction coordinator refuses this transactional id: the previous transaction never ended (markers refused by a topic whose max.message.bytes is below a control batch); needs a coordinator reload (broker restart)',
    );
  else logger.warn(fields, 'transaction aborted');
}
