import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Consumer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import { startGroupMemberProbe, type ProbeEvent, type ProbeOptions } from './group-member-probe.ts';
import { createKafkaFixture, FAST_GROUP, produceRaw } from './int-harness.ts';

// Static membership (KIP-345) through patches/kafkajs@2.2.4.patch, on the real broker: a member
// killed with SIGKILL and restarted with its group instance id gets its partitions (and producer
// slot) back at once, without a rebalance; a dynamic one waits for its old session to time out.

const PARTITIONS = 4;
const PROBE_MAIN = fileURLToPath(new URL('./group-member-probe-main.ts', import.meta.url));

type Join = Extract<ProbeEvent, { event: 'join' }>;

interface Member {
  events: ProbeEvent[];
  joins(): Join[];
  latest(): Join | undefined;
  /** The first record of `partition` this member read at or after `since`. */
  readAt(partition: number, since: number): number | undefined;
}

function member(events: ProbeEvent[]): Member {
  const joins = () => events.filter((e): e is Join => e.event === 'join');
  return {
    events,
    joins,
    latest: () => joins().at(-1),
    readAt: (partition, since) =>
      events.find((e) => e.event === 'record' && e.partition === partition && e.at >= since)?.at,
  };
}

describe('static group membership (real broker)', () => {
  let fx: KafkaFixture;
  let topic: string;
  const consumers: Consumer[] = [];
  const children: { kill: () => void; exited: Promise<unknown> }[] = [];

  beforeEach(async () => {
    fx = await createKafkaFixture(['input'], { partitions: PARTITIONS });
    topic = fx.topics.input!;
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill();
      await child.exited;
    }
    for (const consumer of consumers.splice(0)) await consumer.disconnect().catch(() => undefined);
    await fx.cleanup();
  });

  const options = (groupInstanceId?: string, extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
    brokers: fx.brokers,
    groupId: fx.groupId,
    topic,
    ...FAST_GROUP,
    ...(groupInstanceId === undefined ? {} : { groupInstanceId }),
    ...extra,
  });

  async function inProcess(groupInstanceId?: string): Promise<Member & { consumer: Consumer }> {
    const events: ProbeEvent[] = [];
    const consumer = await startGroupMemberProbe(options(groupInstanceId), (e) => events.push(e));
    consumers.push(consumer);
    return { ...member(events), consumer };
  }

  function child(
    groupInstanceId?: string,
    extra: Partial<ProbeOptions> = {},
  ): Member & { pid: number; exited: Promise<unknown> } {
    const events: ProbeEvent[] = [];
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', PROBE_MAIN, JSON.stringify(options(groupInstanceId, extra))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let rest = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as ProbeEvent);
    });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    children.push({ kill: () => proc.kill('SIGKILL'), exited });
    return { ...member(events), pid: proc.pid!, exited };
  }

  /** Both members in one generation, the partitions split between them. */
  async function settled(a: Member, b: Member): Promise<number> {
    return waitFor(
      () => {
        const [ja, jb] = [a.latest(), b.latest()];
        if (!ja || !jb || ja.generationId !== jb.generationId) return undefined;
        if (ja.partitions.length + jb.partitions.length !== PARTITIONS) return undefined;
        return ja.partitions.length > 0 && jb.partitions.length > 0 ? ja.generationId : undefined;
      },
      { timeoutMs: 30_000, what: 'both members in one generation' },
    );
  }

  /** One record on every partition; resolves with when they were written. */
  async function onePerPartition(): Promise<number> {
    const at = Date.now();
    await produceRaw(
      fx.kafka,
      topic,
      Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: `p${partition}` })),
    );
    return at;
  }

  /** When `m` had read a record written at `since` on each of `partitions`. */
  const allRead = (m: Member, partitions: number[], since: number) =>
    waitFor(
      () => {
        const times = partitions.map((p) => m.readAt(p, since));
        return times.every((t) => t !== undefined) ? Math.max(...times) : undefined;
      },
      { timeoutMs: 30_000, what: `records of partitions ${partitions.join(', ')} read` },
    );

  it('a static member killed with SIGKILL and restarted with its id gets its partitions and slot back at once; the other member is not rebalanced', async () => {
    const b = await inProcess('member-b');
    const a = child('member-a');
    const generation = await settled(a, b);
    const before = a.latest()!;
    const joinsOfB = b.joins().length;

    process.kill(a.pid, 'SIGKILL');
    await a.exited;
    const written = await onePerPartition();
    const restartedAt = Date.now();
    const again = child('member-a');
    const readAt = await allRead(again, before.partitions, written);
    const joined = again.latest()!;
    console.log(
      `static member restarted after SIGKILL: joined ${joined.at - restartedAt} ms, its partitions read ${readAt - restartedAt} ms after the process started`,
    );

    expect(joined.generationId).toBe(generation);
    expect(joined.partitions).toEqual(before.partitions);
    expect(joined.slot).toBe(before.slot);
    expect(again.joins()).toHaveLength(1);
    // No rebalance: the other member never rejoined, and read its own partitions meanwhile.
    expect(b.joins()).toHaveLength(joinsOfB);
    await allRead(b, b.latest()!.partitions, written);
    // Well inside the 6 s session the broker would otherwise wait for.
    expect(readAt - restartedAt).toBeLessThan(5_000);
  });

  it('a dynamic member restarted after SIGKILL waits for its old session to time out, and the group rebalances', async () => {
    const b = await inProcess();
    const a = child();
    const generation = await settled(a, b);
    const before = a.latest()!;

    process.kill(a.pid, 'SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    const written = await onePerPartition();
    const again = child();
    const readAt = await allRead(again, again.latest()?.partitions ?? before.partitions, written);
    // Whatever it was given: it reads only once the group dropped the dead member and rebalanced.
    await waitFor(() => (again.latest() ? true : undefined), { what: 'the new member joined' });
    console.log(
      `dynamic member restarted after SIGKILL: partitions read ${readAt - killedAt} ms after the kill`,
    );
    expect(again.latest()!.generationId).toBeGreaterThan(generation);
    expect(b.latest()!.generationId).toBeGreaterThan(generation);
    expect(readAt - killedAt).toBeGreaterThan(FAST_GROUP.sessionTimeoutMs - 1_500);
  });

  it('the old instance, still alive when another process joins with its id, is fenced and stops for good', async () => {
    const b = await inProcess('member-b');
    const a = await inProcess('member-a');
    const generation = await settled(a, b);
    const before = a.latest()!;
    const joinsOfB = b.joins().length;

    const usurper = await inProcess('member-a');
    const crash = await waitFor(
      () => a.events.find((e): e is Extract<ProbeEvent, { event: 'crash' }> => e.event === 'crash'),
      { timeoutMs: 10_000, what: 'the old instance fenced' },
    );
    expect(crash.fenced).toBe(true);
    expect(crash.restart).toBe(false);
    expect(crash.message).toMatch(/another consumer joined with group instance id "member-a"/);
    expect(usurper.latest()).toMatchObject({
      generationId: generation,
      partitions: before.partitions,
    });

    // It stays out: no rejoin that would fence the newer instance in turn.
    const written = await onePerPartition();
    await allRead(usurper, before.partitions, written);
    await new Promise((resolve) => setTimeout(resolve, 2 * FAST_GROUP.heartbeatIntervalMs + 500));
    expect(a.joins()).toHaveLength(1);
    expect(a.events.filter((e) => e.event === 'record' && e.at >= written)).toEqual([]);
    expect(usurper.joins()).toHaveLength(1);
    expect(b.joins()).toHaveLength(joinsOfB);
  });

  it('a static member dropped for a missed session (UNKNOWN_MEMBER_ID) rejoins with its id as a new member and reads on', async () => {
    const a = child('member-a', { stallOnFirstRecordMs: FAST_GROUP.sessionTimeoutMs + 2_000 });
    const first = await waitFor(() => a.latest(), { timeoutMs: 30_000, what: 'the member joined' });
    await onePerPartition(); // its first record stalls it past the session: the group drops it
    const rejoined = await waitFor(
      () => a.joins().find((join) => join.generationId > first.generationId),
      { timeoutMs: 30_000, what: 'the member rejoined' },
    );
    expect(rejoined.memberId).not.toBe(first.memberId);
    expect(rejoined.partitions).toEqual([0, 1, 2, 3]);
    const written = await onePerPartition();
    await allRead(a, [0, 1, 2, 3], written);
    expect(a.events.filter((e) => e.event === 'crash')).toEqual([]);
  });

  it('a static member that stops cleanly leaves at once: the other member takes its partitions before any session timeout', async () => {
    const b = await inProcess('member-b');
    const a = await inProcess('member-a');
    const generation = await settled(a, b);

    const stoppedAt = Date.now();
    await a.consumer.disconnect();
    const rejoined = await waitFor(
      () => {
        const latest = b.latest()!;
        return latest.generationId > generation && latest.partitions.length === PARTITIONS
          ? latest
          : undefined;
      },
      { timeoutMs: 15_000, what: 'the other member owning every partition' },
    );
    console.log(
      `static member left: the other owned every partition ${rejoined.at - stoppedAt} ms later`,
    );
    expect(rejoined.at - stoppedAt).toBeLessThan(FAST_GROUP.sessionTimeoutMs - 2_000);
  });
});
