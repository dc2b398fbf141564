import type { SimulatedRecord } from '../domain/ground-truth.ts';
import { createJsonlWriter } from './jsonl-writer.ts';
import type { RecordSink } from './record-sink.ts';

/** Events as JSONL lines of {topic, key, event}; the key is the accountId, as on Kafka. */
export function createFileSink(path: string): RecordSink {
  const writer = createJsonlWriter(path);
  return {
    write: (record: SimulatedRecord) => writer.write({ topic: record.topic, key: record.event.accountId, event: record.event }),
    flush: () => Promise.resolve(),
    close: () => writer.close(),
  };
}

/** Ground truth side file: one label per event, never inside the events. */
export function createLabelSink(path: string): RecordSink {
  const writer = createJsonlWriter(path);
  return {
    write: (record: SimulatedRecord) => writer.write(record.label),
    flush: () => Promise.resolve(),
    close: () => writer.close(),
  };
}

/** Writes every record to each sink in turn. */
export function teeSinks(sinks: readonly RecordSink[]): RecordSink {
  return {
    write: async (record) => {
      for (const sink of sinks) await sink.write(record);
    },
    flush: async () => {
      for (const sink of sinks) await sink.flush();
    },
    close: async () => {
      for (const sink of sinks) await sink.close();
    },
  };
}
