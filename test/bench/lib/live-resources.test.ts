import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpuMsPerEvent, type ResourceSample } from './live-resources.ts';
import { cpuSecondsOfMainClass, machineBusySeconds, threadCpuSeconds } from './proc-cpu.ts';

const sample = (scale: number, postgres: [number, number][]): ResourceSample => ({
  services: {
    'risk-engine': { cpuSeconds: 10 * scale, rssBytes: 1 },
    'case-service': { cpuSeconds: 2 * scale, rssBytes: 1 },
    notifier: { cpuSeconds: scale, rssBytes: 1 },
  },
  redisCpuSeconds: 4 * scale,
  postgres: new Map(postgres),
  kafka: new Map([[7, 20 * scale]]),
  kafkaJit: new Map([[7, 5 * scale]]),
  harnessCpuSeconds: 3 * scale,
  machineBusySeconds: 45 * scale,
});

describe('cpuMsPerEvent', () => {
  it('divides each consumer’s CPU between two samples by the events in between', () => {
    const before = sample(1, [[100, 5]]);
    // Backend 100 used 1 s more; backend 200 was born in between and used 0.5 s.
    const after = sample(2, [
      [100, 6],
      [200, 0.5],
    ]);
    expect(cpuMsPerEvent(before, after, 1_000)).toEqual({
      'risk-engine': 10,
      'case-service': 2,
      notifier: 1,
      'redis-server': 4,
      postgres: 1.5,
      // The broker's 20 s, 5 of them its JIT compiler threads.
      kafka: 15,
      'kafka-jit': 5,
      harness: 3,
      // 45 s of the machine busy, 41.5 of it by the stack's processes.
      other: 3.5,
    });
    expect(cpuMsPerEvent(before, after, 0)['risk-engine']).toBeNaN();
  });
});

describe('machineBusySeconds', () => {
  it('sums the busy fields of /proc/stat’s first line, idle and iowait left out', () => {
    const stat = 'cpu  100 20 30 5000 70 4 6 2 0 0\ncpu0 50 10 15 2500 35 2 3 1 0 0\n';
    expect(machineBusySeconds(stat)).toBeCloseTo((100 + 20 + 30 + 4 + 6 + 2) / 100, 9);
    expect(machineBusySeconds()).toBeGreaterThan(0);
    expect(() => machineBusySeconds('intr 1 2 3\n')).toThrow(/unexpected/);
  });
});

describe('cpuSecondsOfMainClass', () => {
  it('finds a process by an argument of its command line (a JVM by its main class), only that one', async () => {
    // A node process stands in for the JVM: what counts is the exact argument.
    const probe = spawn(process.execPath, [
      '-e',
      'setInterval(() => {}, 1000)',
      'vigil.BenchProbe',
    ]);
    try {
      await new Promise((resolve) => probe.once('spawn', resolve));
      const found = cpuSecondsOfMainClass('vigil.BenchProbe');
      expect([...found.keys()]).toEqual([probe.pid]);
      expect(found.get(probe.pid!)).toBeGreaterThanOrEqual(0);
      expect(cpuSecondsOfMainClass('vigil.Bench').size).toBe(0);
    } finally {
      probe.kill();
    }
  });
});

describe('threadCpuSeconds', () => {
  it('sums the CPU of the threads whose name starts with a prefix, and nothing of the others', async () => {
    // The main thread of a node process is named "node"; it burns 300 ms of CPU (however busy
    // the box), then waits.
    const probe = spawn(process.execPath, [
      '-e',
      'while (process.cpuUsage().user < 300_000); console.log("done"); setInterval(() => {}, 1000)',
    ]);
    try {
      await new Promise((resolve) => probe.stdout.once('data', resolve));
      expect(threadCpuSeconds(probe.pid!, ['node'])).toBeGreaterThanOrEqual(0.2);
      expect(threadCpuSeconds(probe.pid!, ['C2 CompilerThre', 'C1 CompilerThre'])).toBe(0);
    } finally {
      probe.kill();
    }
    await new Promise((resolve) => probe.once('exit', resolve));
    expect(threadCpuSeconds(probe.pid!, ['node'])).toBe(0);
  });
});
