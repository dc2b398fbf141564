// The parts of kafkajs's (patched) internals a protocol probe needs, typed as far as it uses them:
// one broker connection, its encoder and decoder, record batches and the request modules. kafkajs
// has no exports map, so its sources are reachable by path; nothing here is a supported API.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('kafkajs/package.json'));
const internal = <T>(path: string): T => require(join(root, 'src', path)) as T;

export interface KafkaEncoder {
  writeInt8(value: number): KafkaEncoder;
  writeInt16(value: number): KafkaEncoder;
  writeInt32(value: number): KafkaEncoder;
  writeInt64(value: string | number | bigint | object): KafkaEncoder;
  writeBoolean(value: boolean): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  /** No argument: an empty tagged-field section (the varint 0). */
  writeUVarIntBytes(value?: Buffer | string | null): KafkaEncoder;
  writeUVarIntString(value: string | null): KafkaEncoder;
  writeUVarIntArray(values: readonly KafkaEncoder[]): KafkaEncoder;
  writeEncoder(value: KafkaEncoder): KafkaEncoder;
  size(): number;
}

export interface KafkaDecoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (decoder: KafkaDecoder) => T): T[];
  readTaggedFields(): void;
}

/** A request as kafkajs's connection sends it; `encode` writes the body after the v1 header. */
export interface KafkaRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  expectResponse?: () => boolean;
  encode: () => Promise<KafkaEncoder>;
}

export interface KafkaResponse<T> {
  decode: (raw: Buffer) => Promise<T>;
  parse: (decoded: T) => Promise<T>;
}

export interface KafkaConnection {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send<T>(protocol: { request: KafkaRequest; response: KafkaResponse<T> }): Promise<T>;
}

type ConnectionClass = new (options: Record<string, unknown>) => KafkaConnection;
type Protocol = (args: Record<string, unknown>) => {
  request: KafkaRequest;
  response: KafkaResponse<unknown>;
};

export const Encoder = internal<new () => KafkaEncoder>('protocol/encoder');
export const Decoder = internal<new (raw: Buffer) => KafkaDecoder>('protocol/decoder');
export const apiKeys = internal<Record<string, number>>('protocol/requests/apiKeys');
export const { RecordBatch } = internal<{
  RecordBatch: (options: Record<string, unknown>) => Promise<KafkaEncoder>;
}>('protocol/recordBatch/v0');
export const Record = internal<(options: Record<string, unknown>) => KafkaEncoder>(
  'protocol/recordBatch/record/v0',
);

/** A request module's builder for one version (kafkajs's `protocol({ version })`). */
export function requestOf(name: string, version: number): Protocol {
  const module = internal<{ protocol: (v: { version: number }) => Protocol }>(
    `protocol/requests/${name}`,
  );
  return module.protocol({ version });
}

/** Produce's arguments as kafkajs's producer passes them to a request module. */
export interface ProduceArgs {
  acks: number;
  timeout: number;
  transactionalId: string;
  producerId: string;
  producerEpoch: number;
  compression: number;
  topicData: {
    topic: string;
    partitions: {
      partition: number;
      /** The producer's next sequence number for the partition (0 after every epoch bump). */
      firstSequence: number;
      messages: { key: string; value: Buffer }[];
    }[];
  }[];
}

export interface ProduceResult {
  topics: { topicName: string; partitions: { partition: number; errorCode: number }[] }[];
}

export interface EndTxnArgs {
  transactionalId: string;
  producerId: string;
  producerEpoch: number;
  transactionResult: boolean;
}

export interface EndTxnV5Result {
  errorCode: number;
  /** The producer id and (bumped) epoch the next transaction must use. */
  producerId: string;
  producerEpoch: number;
}

/**
 * The request builder and response module of a version the kafkajs patch adds beside kafkajs's
 * version tables (its producer picks it itself; see patches/kafkajs@2.2.4.patch).
 */
function patchedModules<A, T>(name: string, version: number) {
  const dir = `protocol/requests/${name}/v${version}`;
  return {
    build: internal<(args: A) => KafkaRequest>(`${dir}/request`),
    response: internal<KafkaResponse<T>>(`${dir}/response`),
  };
}

/**
 * A patched request version (patchedModules) with a response that is decoded, not judged: a
 * probe reads the error codes itself instead of kafkajs throwing on the first.
 */
function patchedProtocol<A, T>(name: string, version: number) {
  const {
    build,
    response: { decode },
  } = patchedModules<A, T>(name, version);
  return (args: A) => ({
    request: build(args),
    response: { decode, parse: (decoded: T) => Promise.resolve(decoded) },
  });
}

/** Produce v12 (KIP-890 transaction protocol v2: the leader adds the partition itself). */
export const produceV12 = patchedProtocol<ProduceArgs, ProduceResult>('produce', 12);
/** EndTxn v5: the coordinator bumps the epoch at every end and returns it. */
export const endTxnV5 = patchedProtocol<EndTxnArgs, EndTxnV5Result>('endTxn', 5);

/**
 * The patch's TxnOffsetCommit v3 (KIP-447 group metadata) or v5 (v3's body; the coordinator adds
 * the offsets partition itself), with kafkajs's response, which throws on a refusal.
 */
export function txnOffsetCommit(version: 3 | 5, args: Record<string, unknown>) {
  const { build, response } = patchedModules<Record<string, unknown>, TxnOffsetCommitResult>(
    'txnOffsetCommit',
    version,
  );
  return { request: build(args), response };
}

export interface TxnOffsetCommitResult {
  topics: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

/** One plaintext connection to a broker, kafkajs's request queue and all, logging nothing. */
export function brokerConnection(host: string, port: number): KafkaConnection {
  const { createLogger, LEVELS } = internal<{
    createLogger: (o: Record<string, unknown>) => unknown;
    LEVELS: Record<string, number>;
  }>('loggers');
  const socketFactory = internal<() => unknown>('network/socketFactory')();
  const Connection = internal<ConnectionClass>('network/connection');
  return new Connection({
    host,
    port,
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
    socketFactory,
    requestTimeout: 30_000,
    connectionTimeout: 3_000,
    clientId: 'vigil-bench-transaction-v2',
  });
}
