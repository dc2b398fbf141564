// Writes packages/events/schemas/<topic>.schema.json from the zod schemas.
// Run: pnpm --filter @vigil/events exec tsx scripts/export-json-schema.ts
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { renderJsonSchemaFiles } from '../src/json-schema.ts';

const outDir = fileURLToPath(new URL('../schemas/', import.meta.url));
await mkdir(outDir, { recursive: true });
const files = renderJsonSchemaFiles();
// Remove schemas of topics that no longer exist so the folder mirrors the catalog.
for (const name of await readdir(outDir)) {
  if (name.endsWith('.schema.json') && !files.has(name)) await rm(join(outDir, name));
}
for (const [name, content] of files) {
  // Prettier-formatted so `pnpm format:check` passes on the committed files.
  await writeFile(join(outDir, name), await format(content, { parser: 'json', printWidth: 100 }));
  console.log(`wrote schemas/${name}`);
}
