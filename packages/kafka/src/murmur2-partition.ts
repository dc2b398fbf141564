import { Partitioners } from 'kafkajs';

/**
 * The partitioner every Vigil producer names: kafkajs's DefaultPartitioner, the Java client's
 * murmur2 (defaultPartitionFor below), which co-partitioned topics rely on. Named rather than
 * left to kafkajs's default: the default is the same one, but kafkajs then logs at every start
 * that it "switched default partitioner" and how to retain the legacy one, advice that would
 * break co-partitioning if an operator took it.
 */
export const JAVA_COMPATIBLE_PARTITIONER = Partitioners.DefaultPartitioner;

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (Java client Utils.murmur2), on 32-bit integers. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
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
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return (murmur2(bytes) & 0x7fffffff) % partitions;
}
