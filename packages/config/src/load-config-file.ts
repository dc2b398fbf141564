import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { VigilError } from '@vigil/errors';

/** Reads a YAML or JSON configuration file and validates it; a bad file never half-loads. */
export async function loadConfigFile<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
): Promise<z.infer<Schema>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new VigilError('CONFIG_UNREADABLE', `cannot read ${path}`, { retryable: false, cause });
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new VigilError('INVALID_CONFIG', `${path} is not valid YAML/JSON`, { retryable: false, cause });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new VigilError('INVALID_CONFIG', `${path}: ${problems.join('; ')}`, {
      retryable: false,
      details: { problems },
    });
  }
  return result.data;
}
