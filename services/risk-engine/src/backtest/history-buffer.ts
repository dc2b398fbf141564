import { Buffer } from 'node:buffer';
import { VigilError } from '@vigil/errors';
import type { RecordedEvent } from './recorded-event.ts';

/**
 * The most UTF-8 bytes a part of the history holds (a single larger event is a part of its own).
 * A worker decodes each part into one string: past V8's regular-object limit (128 KiB, and a
 * part with any non-ASCII character decodes to two bytes per character) the string is allocated
 * in the large-object space, one mapping per part, and decoding 256-event parts (~156 KB) took
 * as long as parsing them. Small parts also die young: a part's parsed events live while the
 * part is replayed.
 */
export const HISTORY_PART_BYTES = 48 * 1024;

/** Events stringified together for a part; halved until they fit the byte budget. */
const PART_EVENTS = 64;

/**
 * The history as the workers receive it: in parts of at most `maxBytes` of JSON (UTF-8), each
 * in a SharedArrayBuffer made once and shared by every worker (posting a string copies it into
 * each worker's message; a shared buffer crosses without a copy). Made one part at a time, as
 * the caller asks: the workers parse and replay a part on their own cores while this thread
 * makes the next, instead of waiting for the whole history's JSON.
 */
export function* historyParts(
  events: readonly RecordedEvent[],
  maxBytes = HISTORY_PART_BYTES,
): Generator<SharedArrayBuffer> {
  for (let from = 0; from < events.length; from += PART_EVENTS)
    yield* partsOf(events, from, Math.min(from + PART_EVENTS, events.length), maxBytes);
}

// One JSON.stringify per part rather than per event: this thread makes the parts while the
// workers replay, on the same two cores.
function* partsOf(
  events: readonly RecordedEvent[],
  from: number,
  to: number,
  maxBytes: number,
): Generator<SharedArrayBuffer> {
  const json = JSON.stringify(events.slice(from, to));
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxBytes && to - from > 1) {
    const middle = (from + to) >>> 1;
    yield* partsOf(events, from, middle, maxBytes);
    yield* partsOf(events, middle, to, maxBytes);
    return;
  }
  const shared = new SharedArrayBuffer(bytes);
  Buffer.from(shared).write(json, 'utf8');
  yield shared;
}

const KINDS = new Set(['transaction', 'login', 'account_change']);

function invalidHistory(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `replay job: ${message}`, { retryable: false });
}

/**
 * The events of a part of the history (`historyParts`). Only their shape is checked, not the engine's schemas: the
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

/**
 * The events of parts of the history, parsed again one part at a time as they are iterated: what
 * a worker keeps between its jobs instead of the parsed events. Held as objects, a month of
 * events (hundreds of MB) survived every young-generation collection of the hits job, was copied
 * into the old generation and marked there again and again; the parts are shared memory, outside
 * the heap, and a part parsed for the decide job dies young.
 */
export function* eventsOfParts(parts: readonly SharedArrayBuffer[]): Generator<RecordedEvent> {
  for (const part of parts) yield* historyFromBuffer(part);
}
