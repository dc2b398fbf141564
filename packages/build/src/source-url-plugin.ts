import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * A bundle has one `import.meta.url` (its own file), but modules locate their assets relative
 * to themselves: `../../migrations`, `./lua/*.lua`, the protos/ root, the default rule set.
 * This gives every bundled module that mentions `import.meta.url` its source file's URL back,
 * computed from where the bundle sits, so those paths resolve exactly as they do under tsx and
 * the assets stay in one place (the image copies them beside dist/, see deploy/docker).
 */
export function sourceUrlPlugin(outDir: string): Plugin {
  return {
    name: 'vigil-source-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const fromBundle = relative(outDir, args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}
