import { Buffer } from 'node:buffer';
import { VigilError } from '@vigil/errors';
import type { RecordedEvent } from './recorded-event.ts';

/**
 * The history as the workers receive it: its JSON (UTF-8) in one SharedArrayBuffer, made once
 * and shared by every worker. Posting a string copies it into each worker's message; a shared
 * buffer crosses without a copy, and each worker parses it on its own core.
 */
export function historyBuffer(events: readonly RecordedEvent[]): SharedArrayBuffer {
  const bytes = Buffer.from(JSON.stringify(events), 'utf8');
  const shared = new SharedArrayBuffer(bytes.length);
  bytes.copy(new Uint8Array(shared));
  return shared;
}

const KINDS = new Set(['transaction', 'login', 'account_change']);

function invalidHistory(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `replay job: ${message}`, { retryable: false });
}

/**
 * The events of a history buffer. Only their shape is checked, not the engine's schemas: the
 * buffer is this process's own serialisation of events it validated when it read them (archive
 * or Kafka, recorded-event.ts), and validating 80,000 events again in each worker took longer
 * than replaying a tenth of them.
 */
export function historyFromBuffer(shared: SharedArrayBuffer): RecordedEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(shared).toString('utf8'));
  } catch (cause) {
    throw new VigilError('INVALID_REPLAY_JOB', 'replay job: the history is not JSON', {
      retryable: false,
      cause,
    });
  }
  if (!Array.isArray(json)) throw invalidHistory('the history is not a JSON array');
  json.forEach((entry: unknown, index) => {
    const { scored, origin } = (entry ?? {}) as Partial<Record<keyof RecordedEvent, unknown>>;
    const { kind, event } = (scored ?? {}) as { kind?: unknown; event?: unknown };
    if (
      typeof origin !== 'string' ||
      typeof kind !== 'string' ||
      !KINDS.has(kind) ||
      typeof event !== 'object' ||
      event === null
    )
      throw invalidHistory(`history entry ${index} is not a recorded event`);
  });
  return json as RecordedEvent[];
}
