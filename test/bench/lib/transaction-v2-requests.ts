// The two requests a transaction-protocol-v2 client (KIP-890 part 2) sends that kafkajs does not
// know: Produce v12 (the partition leader adds the partition to the transaction itself, so no
// AddPartitionsToTxn) and EndTxn v5 (the coordinator bumps the producer epoch at every end and
// returns it). TxnOffsetCommit v5 has v3's body (kafkajs-internals.ts) and adds the offsets
// partition the same way (no AddOffsetsToTxn). Flexible versions: compact strings and arrays,
// tagged fields; like the patch's TxnOffsetCommit v3, the body starts with the request header's
// empty tagged fields.
import {
  apiKeys,
  Decoder,
  Encoder,
  Record,
  RecordBatch,
  type KafkaDecoder,
  type KafkaRequest,
  type KafkaResponse,
} from './kafkajs-internals.ts';

export interface PartitionRecords {
  partition: number;
  /** The producer's next sequence number for this partition (0 after every epoch bump). */
  firstSequence: number;
  messages: { key: string; value: Buffer }[];
}

export interface ProducerIdentity {
  transactionalId: string;
  producerId: string;
  producerEpoch: number;
}

async function partitionData(
  identity: ProducerIdentity,
  { partition, firstSequence, messages }: PartitionRecords,
) {
  const now = Date.now();
  const records = messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: 0 }));
  const batch = await RecordBatch({
    compression: 0,
    records,
    firstTimestamp: now,
    maxTimestamp: now,
    producerId: identity.producerId,
    producerEpoch: identity.producerEpoch,
    firstSequence,
    transactional: true,
    lastOffsetDelta: records.length - 1,
  });
  // COMPACT_RECORDS: the batch's length + 1 as an unsigned varint, then the batch.
  return new Encoder()
    .writeInt32(partition)
    .writeUVarInt(batch.size() + 1)
    .writeEncoder(batch)
    .writeUVarIntBytes();
}

/** Produce v12, acks all: one topic's records of one transaction. */
export function produceV12(
  identity: ProducerIdentity,
  topic: string,
  partitions: readonly PartitionRecords[],
): KafkaRequest {
  return {
    apiKey: apiKeys.Produce!,
    apiVersion: 12,
    apiName: 'Produce',
    expectResponse: () => true,
    encode: async () => {
      const data = await Promise.all(partitions.map((p) => partitionData(identity, p)));
      const topicData = new Encoder()
        .writeUVarIntString(topic)
        .writeUVarIntArray(data)
        .writeUVarIntBytes();
      return new Encoder()
        .writeUVarIntBytes()
        .writeUVarIntString(identity.transactionalId)
        .writeInt16(-1)
        .writeInt32(30_000)
        .writeUVarIntArray([topicData])
        .writeUVarIntBytes();
    },
  };
}

export interface ProducePartitionResult {
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

function producePartition(d: KafkaDecoder): ProducePartitionResult {
  const partition = d.readInt32();
  const errorCode = d.readInt16();
  d.readInt64(); // base offset
  d.readInt64(); // log append time
  d.readInt64(); // log start offset
  d.readUVarIntArray((e) => {
    e.readInt32();
    e.readUVarIntString();
    e.readTaggedFields();
  });
  const errorMessage = d.readUVarIntString();
  d.readTaggedFields();
  return { partition, errorCode, errorMessage };
}

export const produceV12Response: KafkaResponse<ProducePartitionResult[]> = {
  decode: (raw) => {
    const d = new Decoder(raw);
    d.readTaggedFields();
    const topics = d.readUVarIntArray((t) => {
      t.readUVarIntString();
      const partitions = t.readUVarIntArray(producePartition);
      t.readTaggedFields();
      return partitions;
    });
    d.readInt32(); // throttle time
    d.readTaggedFields();
    return Promise.resolve(topics.flat());
  },
  parse: (partitions) => Promise.resolve(partitions),
};

export function endTxnV5(identity: ProducerIdentity, committed: boolean): KafkaRequest {
  return {
    apiKey: apiKeys.EndTxn!,
    apiVersion: 5,
    apiName: 'EndTxn',
    encode: () =>
      Promise.resolve(
        new Encoder()
          .writeUVarIntBytes()
          .writeUVarIntString(identity.transactionalId)
          .writeInt64(identity.producerId)
          .writeInt16(identity.producerEpoch)
          .writeBoolean(committed)
          .writeUVarIntBytes(),
      ),
  };
}

export interface EndTxnResult {
  errorCode: number;
  /** The producer id and (bumped) epoch the next transaction must use. */
  producerId: string;
  producerEpoch: number;
}

export const endTxnV5Response: KafkaResponse<EndTxnResult> = {
  decode: (raw) => {
    const d = new Decoder(raw);
    d.readTaggedFields();
    d.readInt32(); // throttle time
    const errorCode = d.readInt16();
    const producerId = d.readInt64().toString();
    const producerEpoch = d.readInt16();
    d.readTaggedFields();
    return Promise.resolve({ errorCode, producerId, producerEpoch });
  },
  parse: (result) => Promise.resolve(result),
};
