#!/usr/bin/env -S tsx
import { buildService } from '../build-service.ts';

// Usage (from a service folder): vigil-build src/main.ts [src/cli/other.ts …]
const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: vigil-build <entry.ts>… (run in the service folder)');
  process.exit(2);
}
const started = performance.now();
try {
  const { outputs, externals } = await buildService(process.cwd(), entries);
  const ms = Math.round(performance.now() - started);
  console.log(`built ${outputs.join(', ')} in ${ms} ms; external: ${externals.join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
