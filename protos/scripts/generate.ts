// Regenerates protos/src/generated from the .proto files: `pnpm --filter @vigil/protos generate`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CASES_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from '../src/load-options.ts';

const outDir = join(PROTO_ROOT, 'src', 'generated');
const require = createRequire(import.meta.url);
const generator = join(
  require.resolve('@grpc/proto-loader/package.json'),
  '..',
  'build',
  'bin',
  'proto-loader-gen-types.js',
);

// Flags derived from the same constant loadSync uses; .ts import extensions for NodeNext.
const flags = [
  ...(PROTO_LOADER_OPTIONS.keepCase ? ['--keepCase'] : []),
  `--longs=${PROTO_LOADER_OPTIONS.longs.name}`,
  `--enums=${PROTO_LOADER_OPTIONS.enums.name}`,
  ...(PROTO_LOADER_OPTIONS.defaults ? ['--defaults'] : []),
  ...(PROTO_LOADER_OPTIONS.oneofs ? ['--oneofs'] : []),
  ...PROTO_LOADER_OPTIONS.includeDirs.flatMap((dir) => ['-I', dir]),
  '--grpcLib=@grpc/grpc-js',
  '--includeComments',
  '--importFileExtension=.ts',
  '--targetFileExtension=.ts',
  '-O',
  outDir,
];

rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [generator, ...flags, CASES_PROTO], {
  cwd: PROTO_ROOT,
  stdio: 'inherit',
});
// The generator stamps absolute paths of this machine into headers; keep the output portable.
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll(`${PROTO_ROOT}/`, ''));
}
console.log(`generated types in ${outDir}`);
