import { randomInt } from 'node:crypto';
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (Java client Utils.murmur2) of the first `length` bytes, on 32-bit integers. */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The Java switch falls through from the third trailing byte down to the first.
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2]! << 16;
  if (tail >= 2) h ^= data[whole + 1]! << 8;
  if (tail >= 1) {
    h ^= data[whole]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition Kafka's default partitioner (Java client, kafkajs DefaultPartitioner) gives a
 * keyed record: co-partitioned topics put one key in the same partition number only if every
 * producer uses it.
 */
export function defaultPartitionFor(key: string | Uint8Array, partitions: number): number {
  return (murmur2OfKey(key) & 0x7fffffff) % partitions;
}

function murmur2OfKey(key: string | Uint8Array): number {
  if (typeof key !== 'string') return murmur2(key);
  // Every produced record's key is hashed: encoded into one reused buffer, not a new one each.
  if (key.length * 3 > keyScratch.length) return murmur2(Buffer.from(key, 'utf8'));
  return murmur2(keyScratch, keyScratch.write(key, 0, 'utf8'));
}

// A UTF-16 code unit takes at most three bytes in UTF-8: keys up to 170 units always fit.
const keyScratch = Buffer.allocUnsafe(512);

/**
 * The partitioner every Vigil producer names: the choices of kafkajs's DefaultPartitioner (the
 * message's partition if it has one, else the Java client's murmur2 of its key, which
 * co-partitioned topics rely on, else round robin over partitions with a leader), computed by
 * defaultPartitionFor. kafkajs's own hashes with a 64-bit Long object per four bytes of key and
 * copies the partition list per message: 2.8% of all the risk engine allocated (a sampling heap
 * profile at a quarter of its max, 2026-12-04).
 * Named rather than left to kafkajs's default also because kafkajs then logs at every start
 * that it "switched default partitioner" and how to retain the legacy one, advice that would
 * break co-partitioning if an operator took it.
 */
export const JAVA_COMPATIBLE_PARTITIONER: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    const partitions = partitionMetadata.length;
    if (message.key !== null && message.key !== undefined)
      return defaultPartitionFor(message.key, partitions);
    const next = ((counters.get(topic) ?? randomInt(0x7fffffff)) + 1) & 0x7fffffff;
    counters.set(topic, next);
    const led = partitionMetadata.filter((partition) => partition.leader >= 0);
    return led.length > 0 ? led[next % led.length]!.partitionId : next % partitions;
  };
};
