import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { externalPackagesPlugin, runtimePackages } from './external-plugin.ts';
import { sourceUrlPlugin } from './source-url-plugin.ts';

export interface BuildServiceResult {
  /** Written bundles, relative to the service folder (dist/main.js, …). */
  outputs: string[];
  /** Third-party packages the bundles import at run time. */
  externals: string[];
}

/** src/cli/migrate.ts → dist/cli/migrate.js: dist mirrors src, so paths stay guessable. */
export function outputFor(entry: string): string {
  const fromSrc = relative('src', entry);
  if (fromSrc.startsWith('..')) throw new Error(`entry ${entry} is not under src/`);
  return join('dist', fromSrc.replace(/\.ts$/, '.js'));
}

/**
 * Bundles each entry (relative to `serviceDir`) into its own ESM file for Node 20, with a
 * source map. Fails when a bundle imports a package the service does not list in
 * `dependencies`: a production install (`pnpm install --prod`) would not put it beside dist/.
 */
export async function buildService(
  serviceDir: string,
  entries: string[],
): Promise<BuildServiceResult> {
  const manifest = JSON.parse(readFileSync(join(serviceDir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  rmSync(join(serviceDir, 'dist'), { recursive: true, force: true });
  const outputs: string[] = [];
  const externals = new Set<string>();
  for (const entry of entries) {
    // One build per entry: each bundle's directory is what the source-url plugin is relative to.
    const outfile = resolve(serviceDir, outputFor(entry));
    // esbuild keeps a source hashbang above the banner: two would not parse.
    if (readFileSync(resolve(serviceDir, entry), 'utf8').startsWith('#!'))
      throw new Error(`${entry}: remove its #! line; every bundle gets #!/usr/bin/env node`);
    const { metafile } = await build({
      entryPoints: [resolve(serviceDir, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
      plugins: [externalPackagesPlugin, sourceUrlPlugin(dirname(outfile))],
      // Every bundle is a node program: `./dist/cli/x.js` runs as a command (a package bin).
      banner: { js: '#!/usr/bin/env node' },
    });
    chmodSync(outfile, 0o755);
    for (const name of runtimePackages(metafile)) externals.add(name);
    outputs.push(relative(serviceDir, outfile));
  }
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  const missing = [...externals].filter((name) => !dependencies.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${manifest.name}: the bundles import ${missing.join(', ')}, missing from its "dependencies" ` +
        '(a production install would not provide them)',
    );
  }
  return { outputs, externals: [...externals].sort() };
}
