import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';
import { z } from 'zod';

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

/**
 * Which producer slot each member gets: its transactional id is `<prefix>-slot-<n>`, one per
 * member, so a member commits everything it owns in one transaction. A member keeps the slot it
 * reports (the first of two members reporting the same one keeps it); a member without one takes
 * the lowest free slot, which is how a replacement fences a dead member's open transaction at
 * once (the same id, a newer epoch). `vacant`: slots below the highest ever used that nobody holds
 * now: whoever claims units fences them, so a dead member's transaction does not hold its
 * partitions' offsets (and the outputs' last stable offset) until it times out.
 */
export function assignSlots(
  members: readonly { memberId: string; slot?: number | undefined; slots: number }[],
): { slots: Map<string, number>; vacant: number[] } {
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  const ids = [...members].sort((a, b) => a.memberId.localeCompare(b.memberId));
  for (const { memberId, slot } of ids) {
    if (slot === undefined || taken.has(slot)) continue;
    slots.set(memberId, slot);
    taken.add(slot);
  }
  let next = 0;
  for (const { memberId } of ids) {
    if (slots.has(memberId)) continue;
    while (taken.has(next)) next += 1;
    slots.set(memberId, next);
    taken.add(next);
  }
  const bound = Math.max(0, ...members.map((m) => m.slots), ...[...taken].map((t) => t + 1));
  const vacant = [...Array(bound).keys()].filter((slot) => !taken.has(slot));
  return { slots, vacant };
}

/** What a member tells the leader: its units, its slot, and the most slots it has known. */
const subscriptionData = z.object({
  units: z.array(z.number().int().nonnegative()),
  slot: z.number().int().nonnegative().optional(),
  slots: z.number().int().nonnegative(),
});
export type SubscriptionData = z.infer<typeof subscriptionData>;

/** What the leader tells a member beside its partitions. */
const assignmentData = z.object({
  slot: z.number().int().nonnegative(),
  slots: z.number().int().nonnegative(),
  vacant: z.array(z.number().int().nonnegative()),
});
export type AssignmentData = z.infer<typeof assignmentData>;

function decodeSubscription(userData: Buffer | undefined): SubscriptionData {
  const none = { units: [], slots: 0 };
  if (!userData || userData.length === 0) return none;
  try {
    const parsed = subscriptionData.safeParse(JSON.parse(userData.toString('utf8')));
    // Anything else (a member of an older version) reports nothing: it is treated as new.
    return parsed.success ? parsed.data : none;
  } catch {
    return none;
  }
}

/**
 * The leader's word for this member (undefined from a leader of an older version, which sent
 * no slots: the member then cannot publish, and says so).
 */
export function decodeAssignmentData(userData: Buffer | undefined): AssignmentData | undefined {
  if (!userData || userData.length === 0) return undefined;
  try {
    const parsed = assignmentData.safeParse(JSON.parse(userData.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A kafkajs partition assigner that moves whole processing units: partition p of every subscribed
 * (co-partitioned) topic goes to one member, so that member can merge an account's events of all
 * topics by event time. `owned` tells the leader which units and producer slot this member holds
 * (both sticky); the leader tells each member its slot and the vacant ones (see assignSlots).
 */
export function coPartitionedAssigner(owned: () => SubscriptionData): PartitionAssigner {
  return ({ cluster }) => ({
    name: CO_PARTITIONED_ASSIGNER,
    version: VERSION,
    assign({ members, topics }) {
      const counts = new Map(
        topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length]),
      );
      const units = [...new Set([...counts.values()].flatMap((n) => [...Array(n).keys()]))];
      const reported = members.map(({ memberId, memberMetadata }) => ({
        memberId,
        ...decodeSubscription(AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData),
      }));
      const plan = assignUnits(
        units,
        reported.map(({ memberId, units: mine }) => ({ memberId, owned: mine })),
      );
      const { slots, vacant } = assignSlots(reported);
      const bound = Math.max(vacant.length + slots.size, ...reported.map((m) => m.slots));
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
              userData: Buffer.from(
                JSON.stringify({
                  slot: slots.get(memberId)!,
                  slots: bound,
                  vacant,
                } satisfies AssignmentData),
              ),
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
          userData: Buffer.from(JSON.stringify(owned())),
        }),
      };
    },
  });
}
