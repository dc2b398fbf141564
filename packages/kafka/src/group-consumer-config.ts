import type { ConsumerConfig } from 'kafkajs';

import type { EventProducer } from './event-producer.ts';

/** Group settings every Vigil consumer shares (tests shorten the timings). */
export interface GroupTimings {
  /** Where a new group starts. Default true: a new group must not skip records. */
  fromBeginning?: boolean;
  /** Producer for dead letters; by default the consumer owns one. */
  deadLetterProducer?: EventProducer;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Broker long-poll for an empty fetch; also bounds how long stop() waits for an idle fetch. */
  maxWaitTimeMs?: number;
  /**
   * Bytes the broker gathers before it answers a fetch (or maxWaitTimeMs passes). Default 1: answer
   * as soon as anything is there, right for the decision path; consumers off it gather bigger
   * batches so their fixed cost per batch (a transaction, an offset commit) is paid less often.
   */
  minBytes?: number;
  /**
   * Static membership (KIP-345, kafkajs patch): this member's id in the group across restarts,
   * unique per member. A member restarted with it within its session gets its partitions back
   * without a rebalance; unset, every start is a new member (dynamic membership).
   */
  groupInstanceId?: string;
}

/** The kafkajs consumer settings shared by the runner and the ordered consumer. */
export function groupConsumerConfig(groupId: string, timings: GroupTimings): ConsumerConfig {
  return {
    groupId,
    // The services pass KAFKA_SESSION_TIMEOUT_MS / KAFKA_HEARTBEAT_INTERVAL_MS (8 s / 1 s by
    // default, @vigil/config); these are kafkajs's own defaults for other callers.
    sessionTimeout: timings.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: timings.heartbeatIntervalMs ?? 3_000,
    rebalanceTimeout: timings.rebalanceTimeoutMs ?? 60_000,
    maxWaitTimeInMs: timings.maxWaitTimeMs ?? 1_000,
    minBytes: timings.minBytes ?? 1,
    ...(timings.groupInstanceId === undefined ? {} : { groupInstanceId: timings.groupInstanceId }),
    // A crash (e.g. a broker outage outlasting kafkajs retries) restarts the consumer inside the
    // process instead of killing it: no crash loop, readiness reports the outage meanwhile.
    // kafkajs never restarts after an error that is not retriable, such as FENCED_INSTANCE_ID.
    retry: { restartOnFailure: () => Promise.resolve(true) },
  };
}
