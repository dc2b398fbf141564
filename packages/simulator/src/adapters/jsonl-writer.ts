import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '@vigil/errors';

export interface JsonlWriter {
  write(value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Appends one JSON value per line, honouring back-pressure so a slow disk never buffers the whole run. */
export function createJsonlWriter(path: string): JsonlWriter {
  // `--labels .local/labels.jsonl` (the README's) on a fresh clone: the directory is made too.
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  const check = () => {
    if (failure !== undefined)
      throw new VigilError('SIM_FILE_WRITE_FAILED', `cannot write ${path}`, {
        retryable: false,
        cause: failure,
      });
  };
  return {
    write: async (value) => {
      check();
      if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
    },
    close: async () => {
      check();
      stream.end();
      await once(stream, 'finish');
    },
  };
}
