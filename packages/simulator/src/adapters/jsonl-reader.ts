import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ZodType } from 'zod';
import { VigilError } from '@vigil/errors';

/** Reads a JSONL file line by line, validating each line; a bad line fails with its line number. */
export async function* readJsonl<T>(path: string, schema: ZodType<T>): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new VigilError('SIM_BAD_INPUT', `${path}:${n}: not JSON`, { retryable: false, cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new VigilError('SIM_BAD_INPUT', `${path}:${n}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
        retryable: false,
        details: { issues: parsed.error.issues.slice(0, 3) },
      });
    yield parsed.data;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
