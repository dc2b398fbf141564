import { classifyError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { failureEpisode } from './failure-episode.ts';
import type { CommitOffsets, OffsetCommitCoalescer } from './offset-commit-coalescer.ts';

export interface OffsetCommitFlush {
  /** Arms the timer for when the gathered offsets are due (no-op while armed or nothing waits). */
  schedule(): void;
  cancel(): void;
}

/**
 * Commits a coalescer's offsets once they are due, by a timer: the last batches of partitions
 * that then go quiet have no later batch to commit them. A failed commit keeps its offsets for
 * the next attempt (until then a crash redelivers more, never loses any) and is logged once per
 * episode.
 */
export function createOffsetCommitFlush(options: {
  commits: OffsetCommitCoalescer;
  commit: CommitOffsets;
  /** False once the consumer stops: it commits what is left itself. */
  active: () => boolean;
  logger: Logger;
}): OffsetCommitFlush {
  const { commits, logger } = options;
  const episode = failureEpisode();
  let timer: NodeJS.Timeout | undefined;
  function schedule(): void {
    const due = commits.dueInMs();
    if (timer !== undefined || due === undefined || !options.active()) return;
    timer = setTimeout(() => {
      timer = undefined;
      commits
        .commitAll(options.commit)
        .then(() => {
          if (episode.recovered()) logger.info('offset commits succeed again');
        })
        .catch((error: unknown) => {
          const classified = classifyError(error);
          const log = episode.failed(classified.code) ? logger.warn : logger.debug;
          log.call(
            logger,
            { code: classified.code, err: classified },
            'offset commit failed; retrying',
          );
        })
        .finally(schedule);
    }, due);
    timer.unref();
  }
  return {
    schedule,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
