/** Header values as kafkajs hands them over: bytes, strings, or arrays of either. */
export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A header's value as UTF-8 text (the first one when it was sent several times), if present. */
export function headerText(headers: RecordHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return Buffer.isBuffer(first) ? first.toString('utf8') : first;
}

/**
 * A subscription's `skip` for records whose header `name` is one of `values` (e.g. the decision
 * outcomes a consumer does not act on); a record without the header is never skipped.
 */
export function headerIsOneOf(
  name: string,
  values: readonly string[],
): (headers: RecordHeaders) => boolean {
  return (headers) => {
    const value = headerText(headers, name);
    return value !== undefined && values.includes(value);
  };
}

/** A record that passed decoding and its topic's schema, as handlers receive it. */
export interface ConsumedRecord<T = unknown> {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (offsets are int64). */
  offset: string;
  /** The accountId for every Vigil topic; null only when a producer sent no key. */
  key: string | null;
  value: T;
  headers: RecordHeaders;
  /** Broker/producer timestamp in epoch milliseconds, as a string like kafkajs reports it. */
  timestamp: string;
}

/** The raw record as read from the partition, kept so a dead letter carries the original bytes. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
  timestamp: string;
}
