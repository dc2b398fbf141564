import { isBuiltin } from 'node:module';
import type { Metafile, Plugin } from 'esbuild';

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * Inlines the internal `@vigil/*` workspace packages (TypeScript source, never published) and
 * leaves every third-party package external: they are installed in node_modules, keep their
 * own file layout (native add-ons, proto files) and kafkajs keeps its pnpm patch.
 */
export const externalPackagesPlugin: Plugin = {
  name: 'vigil-external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@vigil/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Third-party packages the written bundles still import (after tree shaking), from the
 * metafile: these must be installed beside dist/ at run time.
 */
export function runtimePackages(metafile: Metafile): string[] {
  const names = Object.values(metafile.outputs).flatMap((output) =>
    output.imports
      .filter((imported) => imported.external && !isBuiltin(imported.path))
      .map((imported) => packageName(imported.path)),
  );
  return [...new Set(names)].sort();
}
