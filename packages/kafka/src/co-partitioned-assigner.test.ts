import { AssignerProtocol, type Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  assignSlots,
  assignUnits,
  coPartitionedAssigner,
  decodeAssignmentData,
} from './co-partitioned-assigner.ts';

const units = (n: number) => [...Array(n).keys()];

describe('assignUnits', () => {
  it('balances units across members, each unit to exactly one member', () => {
    const plan = assignUnits(units(12), [
      { memberId: 'b', owned: [] },
      { memberId: 'a', owned: [] },
      { memberId: 'c', owned: [] },
      { memberId: 'd', owned: [] },
      { memberId: 'e', owned: [] },
    ]);
    const all = [...plan.values()].flat().sort((x, y) => x - y);
    expect(all).toEqual(units(12));
    const sizes = [...plan.values()].map((mine) => mine.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('keeps owned units where the quota allows: a joining member takes only its share', () => {
    const before = assignUnits(units(6), [{ memberId: 'a', owned: [] }]);
    expect(before.get('a')).toEqual(units(6));
    const after = assignUnits(units(6), [
      { memberId: 'a', owned: before.get('a')! },
      { memberId: 'b', owned: [] },
    ]);
    expect(after.get('a')).toEqual([0, 1, 2]);
    expect(after.get('b')).toEqual([3, 4, 5]);
    // A member leaving gives its units to the survivors; theirs stay put.
    const shrunk = assignUnits(units(6), [
      { memberId: 'b', owned: after.get('b')! },
      { memberId: 'c', owned: [] },
      { memberId: 'd', owned: [] },
    ]);
    expect(shrunk.get('b')).toEqual([3, 4]);
    expect([...shrunk.values()].flat().sort()).toEqual(units(6));
  });

  it('never gives one unit to two members even when both claim it', () => {
    const plan = assignUnits(units(4), [
      { memberId: 'a', owned: [0, 1] },
      { memberId: 'b', owned: [1, 2] },
    ]);
    expect([...plan.values()].flat().sort()).toEqual(units(4));
  });
});

describe('assignSlots', () => {
  it('keeps reported slots, gives new members the lowest free one, and lists the vacant', () => {
    const { slots, vacant } = assignSlots([
      { memberId: 'a', slot: 0, slots: 4 },
      { memberId: 'b', slot: 3, slots: 4 },
      { memberId: 'c', slots: 0 },
    ]);
    expect(Object.fromEntries(slots)).toEqual({ a: 0, b: 3, c: 1 });
    // Slot 2's last user is gone: whoever claims units fences it.
    expect(vacant).toEqual([2]);
  });

  it("gives a dead member's slot to its replacement, so its open transaction is fenced at once", () => {
    const { slots, vacant } = assignSlots([
      { memberId: 'a', slot: 0, slots: 2 },
      { memberId: 'replacement', slots: 0 },
    ]);
    expect(slots.get('replacement')).toBe(1);
    expect(vacant).toEqual([]);
  });

  it('never gives one slot to two members, even when both report it', () => {
    const { slots } = assignSlots([
      { memberId: 'b', slot: 0, slots: 1 },
      { memberId: 'a', slot: 0, slots: 1 },
    ]);
    expect(slots.get('a')).toBe(0);
    expect(slots.get('b')).toBe(1);
  });
});

describe('coPartitionedAssigner', () => {
  const cluster = {
    findTopicPartitionMetadata: (topic: string) =>
      units(topic === 'short' ? 2 : 4).map((partitionId) => ({ partitionId })),
  } as unknown as Cluster;

  it('gives partition p of every topic to the same member and advertises what it owns', async () => {
    const assigner = coPartitionedAssigner(() => ({ units: [1, 3], slot: 1, slots: 3 }))({
      cluster,
      groupId: 'g',
      logger: {} as never,
    });
    const metadata = assigner.protocol({ topics: ['tx', 'logins'] }).metadata;
    const assignments = await assigner.assign({
      members: [
        { memberId: 'm1', memberMetadata: metadata },
        {
          memberId: 'm2',
          memberMetadata: AssignerProtocol.MemberMetadata.encode({
            version: 1,
            topics: ['tx', 'logins'],
            userData: Buffer.alloc(0),
          }),
        },
      ],
      topics: ['tx', 'logins', 'short'],
    });
    const decoded = new Map(
      assignments.map(({ memberId, memberAssignment }) => [
        memberId,
        AssignerProtocol.MemberAssignment.decode(memberAssignment)!,
      ]),
    );
    expect(decoded.get('m1')!.assignment).toEqual({ tx: [1, 3], logins: [1, 3], short: [1] });
    expect(decoded.get('m2')!.assignment).toEqual({ tx: [0, 2], logins: [0, 2], short: [0] });
    // m1 keeps its slot; m2 (an older member, no data) takes the lowest free one; slot 2 of the
    // three m1 knew of is vacant.
    expect(decodeAssignmentData(decoded.get('m1')!.userData)).toEqual({
      slot: 1,
      slots: 3,
      vacant: [2],
    });
    expect(decodeAssignmentData(decoded.get('m2')!.userData)).toEqual({
      slot: 0,
      slots: 3,
      vacant: [2],
    });
  });
});
