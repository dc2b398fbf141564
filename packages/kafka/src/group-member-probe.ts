// Test support: a bare group member that reports what the group does to it (joins, records,
// crashes), in the test's process or in a child (group-member-probe-main.ts) a test can kill -9.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import {
  coPartitionedAssigner,
  decodeAssignmentData,
  type SubscriptionData,
} from './co-partitioned-assigner.ts';
import { groupConsumerConfig, type GroupTimings } from './group-consumer-config.ts';
import { isFencedInstance } from './kafka-error-causes.ts';

export interface ProbeOptions extends GroupTimings {
  brokers: string[];
  groupId: string;
  topic: string;
  /** Blocks the event loop this long on the first record: no heartbeat, as in a long GC pause. */
  stallOnFirstRecordMs?: number;
}

export type ProbeEvent =
  | {
      event: 'join';
      at: number;
      generationId: number;
      memberId: string;
      partitions: number[];
      slot: number | undefined;
    }
  | { event: 'record'; at: number; partition: number; offset: string }
  | { event: 'crash'; at: number; fenced: boolean; message: string; restart: boolean };

/**
 * Joins `groupId` with the engine's co-partitioned assigner (units and producer slots, sticky as
 * the ordered consumer keeps them) and reads `topic`, committing nothing.
 */
export async function startGroupMemberProbe(
  options: ProbeOptions,
  report: (event: ProbeEvent) => void,
): Promise<Consumer> {
  const kafka = new Kafka({ brokers: options.brokers, logLevel: logLevel.NOTHING });
  let owned: SubscriptionData = { units: [], slots: 0 };
  const consumer = kafka.consumer({
    ...groupConsumerConfig(options.groupId, options),
    partitionAssigners: [coPartitionedAssigner(() => owned)],
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    // kafkajs patch: the payload also carries generationId and memberUserData.
    const join = payload as typeof payload & { generationId: number; memberUserData?: Buffer };
    const data = decodeAssignmentData(join.memberUserData);
    const partitions = [...(join.memberAssignment[options.topic] ?? [])].sort((a, b) => a - b);
    owned = {
      units: partitions,
      ...(data?.slot === undefined ? {} : { slot: data.slot }),
      slots: data?.slots ?? 0,
    };
    report({
      event: 'join',
      at: Date.now(),
      generationId: join.generationId,
      memberId: join.memberId,
      partitions,
      slot: data?.slot,
    });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    const error = payload.error;
    report({
      event: 'crash',
      at: Date.now(),
      fenced: isFencedInstance(error),
      message: error.message,
      restart: payload.restart,
    });
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  let stalled = false;
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ partition, message }) => {
      report({ event: 'record', at: Date.now(), partition, offset: message.offset });
      if (options.stallOnFirstRecordMs !== undefined && !stalled) {
        stalled = true;
        const until = Date.now() + options.stallOnFirstRecordMs;
        while (Date.now() < until); // synchronous on purpose: nothing else runs
      }
      return Promise.resolve();
    },
  });
  return consumer;
}
