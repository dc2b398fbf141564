import type { SimulatedRecord } from '../domain/ground-truth.ts';

/** Where simulated events go. `write` may buffer; `flush` makes everything written durable. */
export interface RecordSink {
  write(record: SimulatedRecord): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
