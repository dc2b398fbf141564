import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITIONED_ASSIGNER = 'VigilCoPartitioned';
const VERSION = 1;

/** Partition counts of the subscribed topics, as the group leader's metadata knows them. */
export type PartitionCounts = (topic: string) => number;

/**
 * Which member gets which unit (partition number p of every subscribed topic). Balanced (counts
 * differ by at most one), deterministic, and sticky: a member keeps the units it owned, up to its
 * fair share, so a rebalance moves as few units (and their warm state) as it can.
 */
export function assignUnits(
  units: readonly number[],
  members: readonly { memberId: string; owned: readonly number[] }[],
): Map<string, number[]> {
  const ids = members.map((m) => m.memberId).sort();
  const result = new Map<string, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const base = Math.floor(units.length / ids.length);
  let extra = units.length % ids.length;
  const quota = new Map<string, number>();
  // Members that already own the most get the larger shares: fewer moves.
  const byOwned = [...members].sort(
    (a, b) => b.owned.length - a.owned.length || a.memberId.localeCompare(b.memberId),
  );
  for (const member of byOwned) {
    quota.set(member.memberId, base + (extra > 0 ? 1 : 0));
    if (extra > 0) extra -= 1;
  }
  const free = new Set(units);
  for (const member of byOwned) {
    const mine = result.get(member.memberId)!;
    for (const unit of [...member.owned].sort((a, b) => a - b)) {
      if (mine.length >= quota.get(member.memberId)! || !free.has(unit)) continue;
      mine.push(unit);
      free.delete(unit);
    }
  }
  const rest = [...free].sort((a, b) => a - b);
  for (const id of ids) {
    const mine = result.get(id)!;
    while (mine.length < quota.get(id)! && rest.length > 0) mine.push(rest.shift()!);
  }
  for (const mine of result.values()) mine.sort((a, b) => a - b);
  return result;
}

function encodeOwned(units: readonly number[]): Buffer {
  return Buffer.from(JSON.stringify(units));
}

function decodeOwned(userData: Buffer | undefined): number[] {
  if (!userData || userData.length === 0) return [];
  try {
    const parsed: unknown = JSON.parse(userData.toString('utf8'));
    return Array.isArray(parsed) ? parsed.filter((u): u is number => Number.isInteger(u)) : [];
  } catch {
    return [];
  }
}

/**
 * A kafkajs partition assigner that moves whole processing units: partition p of every subscribed
 * (co-partitioned) topic goes to one member, so that member can merge an account's events of all
 * topics by event time. `owned` tells the protocol which units this member holds (stickiness).
 */
export function coPartitionedAssigner(owned: () => readonly number[]): PartitionAssigner {
  return ({ cluster }) => ({
    name: CO_PARTITIONED_ASSIGNER,
    version: VERSION,
    assign({ members, topics }) {
      const counts = new Map(
        topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length]),
      );
      const units = [...new Set([...counts.values()].flatMap((n) => [...Array(n).keys()]))];
      const plan = assignUnits(
        units,
        members.map(({ memberId, memberMetadata }) => ({
          memberId,
          owned: decodeOwned(AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData),
        })),
      );
      return Promise.resolve(
        [...plan].map(([memberId, mine]) => {
          const assignment: Record<string, number[]> = {};
          for (const topic of topics) {
            // A topic with fewer partitions (not co-partitioned) still has every partition assigned.
            const partitions = mine.filter((unit) => unit < (counts.get(topic) ?? 0));
            if (partitions.length > 0) assignment[topic] = partitions;
          }
          return {
            memberId,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: VERSION,
              assignment,
              userData: Buffer.alloc(0),
            }),
          };
        }),
      );
    },
    protocol({ topics }) {
      return {
        name: CO_PARTITIONED_ASSIGNER,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: VERSION,
          topics,
          userData: encodeOwned(owned()),
        }),
      };
    },
  });
}
