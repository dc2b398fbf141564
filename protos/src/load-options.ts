import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the .proto tree (protos/), so imports read "vigil/cases/v1/cases.proto". */
export const PROTO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The one set of proto-loader options. `loadSync` uses it at run time and scripts/generate.ts
 * turns it into proto-loader-gen-types flags, so the generated types always describe exactly the
 * objects grpc-js hands to handlers: camelCase fields, enums as their names, 64-bit ints as
 * strings, defaults filled in, and `optional` fields marked through their synthetic oneofs.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} as const;

export const CASES_PROTO = 'vigil/cases/v1/cases.proto';
