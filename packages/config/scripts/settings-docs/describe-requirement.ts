import { isAbsolute, relative } from 'node:path';
import type { z } from 'zod';

/** How a setting must be given, read from the runtime schema (not from the source text). */
export type Requirement =
  { kind: 'required' } | { kind: 'optional' } | { kind: 'default'; value: string };

/** zod 4 keeps a schema's definition on `_zod.def`; only the fields read here are typed. */
interface Def {
  type: string;
  in?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  defaultValue?: unknown;
}

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def;
}

/** The default of a setting, looking through pipes and transforms to the `.default(…)`. */
function defaultOf(schema: z.core.$ZodType): unknown {
  const def = defOf(schema);
  if (def.type === 'default' || def.type === 'prefault') return def.defaultValue;
  const inner = def.in ?? def.innerType;
  return inner === undefined ? undefined : defaultOf(inner);
}

/**
 * The default as an operator would write it in the environment. Paths computed from the
 * module's location are shown relative to the service, so the table is the same on every machine.
 */
function envText(value: unknown, serviceDir: string): string {
  if (Array.isArray(value)) return value.map((item) => envText(item, serviceDir)).join(',');
  if (typeof value === 'string' && isAbsolute(value)) return relative(serviceDir, value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

export function describeRequirement(schema: z.core.$ZodType, serviceDir: string): Requirement {
  switch (schema._zod.optin) {
    case 'defaulted': {
      const value = defaultOf(schema);
      // A `.default()` inside a transform yields the raw env text; one outside it the parsed value.
      return value === undefined
        ? { kind: 'optional' }
        : { kind: 'default', value: envText(value, serviceDir) };
    }
    case 'optional':
      return { kind: 'optional' };
    case undefined:
      return { kind: 'required' };
  }
}

/** Messages of the object's refinements: rules that tie settings together (zod 4 internals). */
export function refinementMessages(schema: z.core.$ZodType): string[] {
  const checks = (schema._zod.def as { checks?: z.core.$ZodCheck[] }).checks ?? [];
  return checks.flatMap((check) => {
    const error = (check._zod.def as { error?: unknown }).error;
    const message: unknown = typeof error === 'function' ? (error as () => unknown)() : error;
    return typeof message === 'string' ? [message] : [];
  });
}
