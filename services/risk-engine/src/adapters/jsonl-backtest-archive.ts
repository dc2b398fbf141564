import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { VigilError } from '@vigil/errors';
import {
  archiveLineOf,
  recordedEventOfLine,
  type RecordedEvent,
} from '../backtest/recorded-event.ts';

/** Writes history as JSON lines (one recorded input event each), replayable by `readArchive`. */
export async function writeArchive(path: string, events: readonly RecordedEvent[]): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const recorded of events) {
    if (!out.write(`${JSON.stringify(archiveLineOf(recorded))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Reads an archive; a line that is not a valid archived event fails the read (an archive is ours). */
export async function readArchive(path: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }) });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (text.trim() === '') continue;
    const recorded = recordedEventOfLine(JSON.parse(text));
    if (!recorded)
      throw new VigilError('INVALID_ARCHIVE', `${path}:${n} is not an archived input event`, {
        retryable: false,
      });
    events.push(recorded);
  }
  return events;
}
