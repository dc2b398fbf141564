import type { RunningStack, ServiceName } from '@vigil/devstack';
import {
  cpuSecondsBetween,
  cpuSecondsByPid,
  cpuSecondsOfMainClass,
  machineBusySeconds,
  procStat,
  threadCpuSeconds,
} from './proc-cpu.ts';
import { redisCpuSeconds, type RedisInfoSource } from './redis-cpu.ts';

/** CPU seconds used so far and RSS now, of everything that serves the live stack. */
export interface ResourceSample {
  services: Record<ServiceName, { cpuSeconds: number; rssBytes: number }>;
  /** redis-server (INFO cpu): shared with other runs, so an upper bound. */
  redisCpuSeconds: number;
  /** Every `postgres` process (case-service's and the notifier's backends; shared server). */
  postgres: Map<number, number>;
  /** The Kafka broker's JVM, when it runs on this machine (shared with other runs). */
  kafka: Map<number, number>;
  /**
   * Of which its JIT compiler threads: a broker started minutes before compiles its hot code for
   * several minutes (161 of 651 ms/s at 250 events/s two minutes after a start, 16 ms/s later),
   * which is not what a long-running broker costs per event.
   */
  kafkaJit: Map<number, number>;
  /** This benchmark process: producer, decision reader, local SMTP/webhook sinks. */
  harnessCpuSeconds: number;
  /** The whole machine's busy CPU (/proc/stat), for what none of the above used. */
  machineBusySeconds: number;
}

export const stackPids = (stack: RunningStack): Record<ServiceName, number> => ({
  'case-service': stack.caseService.pid,
  'risk-engine': stack.riskEngine.pid,
  notifier: stack.notifier.pid,
});

export const rssOf = (sample: ResourceSample): Record<ServiceName, number> => ({
  'risk-engine': sample.services['risk-engine'].rssBytes,
  'case-service': sample.services['case-service'].rssBytes,
  notifier: sample.services.notifier.rssBytes,
});

/** HotSpot's compiler threads ("C2 CompilerThread0", truncated to 15 characters by Linux). */
const JIT_THREADS = ['C1 CompilerThre', 'C2 CompilerThre'];

export async function sampleResources(
  pids: Record<ServiceName, number>,
  redis: RedisInfoSource,
): Promise<ResourceSample> {
  const { user, system } = process.cpuUsage();
  const kafka = cpuSecondsOfMainClass('kafka.Kafka');
  return {
    services: {
      'case-service': procStat(pids['case-service']),
      'risk-engine': procStat(pids['risk-engine']),
      notifier: procStat(pids.notifier),
    },
    redisCpuSeconds: await redisCpuSeconds(redis),
    postgres: cpuSecondsByPid('postgres'),
    kafka,
    kafkaJit: new Map([...kafka.keys()].map((pid) => [pid, threadCpuSeconds(pid, JIT_THREADS)])),
    harnessCpuSeconds: (user + system) / 1e6,
    machineBusySeconds: machineBusySeconds(),
  };
}

/**
 * `other`: the machine's busy CPU that none of the rest used (kernel threads, other programs and
 * other engineers' runs on a shared box): a large value marks a noisy measurement.
 */
export type CpuConsumer =
  ServiceName | 'redis-server' | 'postgres' | 'kafka' | 'kafka-jit' | 'harness' | 'other';
export const CPU_CONSUMERS: readonly CpuConsumer[] = [
  'risk-engine',
  'case-service',
  'notifier',
  'redis-server',
  'postgres',
  'kafka',
  'kafka-jit',
  'harness',
  'other',
];

/** CPU milliseconds per event of each consumer between two samples. */
export function cpuMsPerEvent(
  before: ResourceSample,
  after: ResourceSample,
  events: number,
): Record<CpuConsumer, number> {
  const per = (seconds: number) => (events === 0 ? Number.NaN : (seconds * 1_000) / events);
  const service = (name: ServiceName) =>
    per(after.services[name].cpuSeconds - before.services[name].cpuSeconds);
  // A compiler thread the JVM stopped in between takes its CPU out of the sum: never below 0
  // (that CPU then counts as the broker's own, a small overstatement).
  const jit = Math.max(0, cpuSecondsBetween(before.kafkaJit, after.kafkaJit));
  const listed = {
    'risk-engine': service('risk-engine'),
    'case-service': service('case-service'),
    notifier: service('notifier'),
    'redis-server': per(after.redisCpuSeconds - before.redisCpuSeconds),
    postgres: per(cpuSecondsBetween(before.postgres, after.postgres)),
    // The broker's own work apart from compiling itself (kafka-jit).
    kafka: per(cpuSecondsBetween(before.kafka, after.kafka) - jit),
    'kafka-jit': per(jit),
    harness: per(after.harnessCpuSeconds - before.harnessCpuSeconds),
  };
  const machine = per(after.machineBusySeconds - before.machineBusySeconds);
  const used = Object.values(listed).reduce((sum, ms) => sum + ms, 0);
  // Sampled at slightly different instants and in ticks of 10 ms: never below 0.
  return { ...listed, other: Math.max(0, machine - used) };
}

/** CPU and RSS of an interval, labelled: a step's per event, or the idle stack's per second. */
export interface ResourceUse {
  label: string;
  cpuMsPerEvent: Record<CpuConsumer, number>;
  rssBytes: Record<ServiceName, number>;
}

/** The stack doing nothing for `seconds`: its fixed cost (polling loops), CPU ms per second. */
export async function measureIdle(
  stack: RunningStack,
  redis: RedisInfoSource,
  seconds: number,
): Promise<ResourceUse> {
  const before = await sampleResources(stackPids(stack), redis);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const after = await sampleResources(stackPids(stack), redis);
  return {
    label: 'idle (per second)',
    cpuMsPerEvent: cpuMsPerEvent(before, after, seconds),
    rssBytes: rssOf(after),
  };
}
