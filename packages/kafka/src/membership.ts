import type { Consumer } from 'kafkajs';
import type { CheckResult, Logger } from '@vigil/observability';
import { isFencedInstance } from './kafka-error-causes.ts';
import type { ConsumerMetrics } from './metrics.ts';

const COORDINATOR_PROBE_TIMEOUT_MS = 2_000;

/**
 * Follows kafkajs lifecycle events to answer "is this consumer really consuming?": a member of
 * its group (not between a rebalance's start and its join), not crashed, and its coordinator
 * answers. A restartable crash flips it to not-ready until the rejoin. Each failure says why and
 * since when, so /readyz can apply its grace from the moment the member left its group.
 */
export function trackMembership(
  consumer: Consumer,
  groupId: string,
  metrics: ConsumerMetrics,
  logger: Logger,
) {
  let inGroup = false;
  let rebalancing = false;
  let out: { reason: string; since: number } = { reason: 'not joined yet', since: Date.now() };
  const leave = (reason: string) => {
    if (inGroup && !rebalancing) out = { reason, since: Date.now() };
    else out = { reason, since: out.since };
  };
  const set = (value: boolean, reason = 'left the group') => {
    if (!value) leave(reason);
    inGroup = value;
    rebalancing = false;
    metrics.up.set({ group: groupId }, value ? 1 : 0);
  };
  set(false, 'not joined yet');
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    logger.info({ assignment: event.payload.memberAssignment }, 'joined consumer group');
    set(true);
  });
  // A rebalance in progress: the member processes nothing until it joins again. Readiness only
  // (the up gauge keeps meaning "a member"): /readyz's grace keeps a short one from flapping pods.
  consumer.on(consumer.events.REBALANCING, () => {
    leave('rebalancing');
    rebalancing = true;
  });
  // kafkajs emits REBALANCING before it tries to rejoin, but when that rejoin fails with an error
  // it retries (a JoinGroup answered COORDINATOR_LOAD_IN_PROGRESS by a broker that just restarted),
  // it goes back to fetching in the generation it had, and no GROUP_JOIN follows: the coordinator
  // accepting a heartbeat of that generation is what says the member is in its group again.
  // Without this a broker restart could leave the consumer consuming and /readyz saying
  // "rebalancing" for good.
  consumer.on(consumer.events.HEARTBEAT, () => {
    if (!rebalancing) return;
    rebalancing = false;
    logger.info('back in the group without a rejoin: the coordinator accepts its generation');
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
    const cause = error instanceof Error ? error.message : String(error);
    set(false, isFencedInstance(error) ? `fenced: ${cause}` : `crashed: ${cause}`);
  });
  consumer.on(consumer.events.STOP, () => set(false, 'stopped'));
  consumer.on(consumer.events.DISCONNECT, () => set(false, 'disconnected'));

  const notMember = (): CheckResult => ({ ok: false, reason: out.reason, since: out.since });
  /** Membership plus a live round trip to the group coordinator (catches a dead broker early). */
  const health = async (): Promise<CheckResult> => {
    if (!inGroup || rebalancing) return notMember();
    let timer: NodeJS.Timeout | undefined;
    try {
      const probe = consumer.describeGroup().then((): CheckResult => ({ ok: true }));
      const timeout = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, reason: 'group coordinator did not answer' }),
          COORDINATOR_PROBE_TIMEOUT_MS,
        );
      });
      const result = await Promise.race([probe, timeout]);
      return inGroup && !rebalancing ? result : notMember();
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `group coordinator unreachable: ${cause}` };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    stopped: () => set(false, 'stopped'),
    health,
    isReady: async (): Promise<boolean> => (await health()).ok,
  };
}
