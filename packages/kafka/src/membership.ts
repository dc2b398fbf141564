import type { Consumer } from 'kafkajs';
import type { Logger } from '@vigil/observability';
import { isFencedInstance } from './kafka-error-causes.ts';
import type { ConsumerMetrics } from './metrics.ts';

const COORDINATOR_PROBE_TIMEOUT_MS = 2_000;

/**
 * Follows kafkajs lifecycle events to answer "is this consumer really consuming?": a member of
 * its group and not crashed. A restartable crash flips it to not-ready until the rejoin.
 */
export function trackMembership(
  consumer: Consumer,
  groupId: string,
  metrics: ConsumerMetrics,
  logger: Logger,
) {
  let inGroup = false;
  const set = (value: boolean) => {
    inGroup = value;
    metrics.up.set({ group: groupId }, value ? 1 : 0);
  };
  set(false);
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    logger.info({ assignment: event.payload.memberAssignment }, 'joined consumer group');
    set(true);
  });
  consumer.on(consumer.events.CRASH, (event) => {
    // kafkajs restarts the consumer itself after a retriable crash: that is a warning; only a
    // crash it gives up on needs an operator.
    const { error, restart } = event.payload;
    if (restart) logger.warn({ err: error, restart }, 'consumer crashed, restarting');
    else if (isFencedInstance(error))
      logger.error(
        { err: error, restart },
        'consumer fenced: another process joined the group with this KAFKA_GROUP_INSTANCE_ID and took its partitions; this consumer has stopped (each replica needs its own id)',
      );
    else logger.error({ err: error, restart }, 'consumer crashed');
    set(false);
  });
  consumer.on(consumer.events.STOP, () => set(false));
  consumer.on(consumer.events.DISCONNECT, () => set(false));

  return {
    stopped: () => set(false),
    /** Membership plus a live round trip to the group coordinator (catches a dead broker early). */
    isReady: async (): Promise<boolean> => {
      if (!inGroup) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const probe = consumer.describeGroup().then(() => true);
        const timeout = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), COORDINATOR_PROBE_TIMEOUT_MS);
        });
        return (await Promise.race([probe, timeout])) && inGroup;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
