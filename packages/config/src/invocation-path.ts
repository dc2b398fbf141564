import { resolve } from 'node:path';

/**
 * A file path given on a command line, as the person typing it meant it: relative to the
 * directory the command was run in. `pnpm --filter <package> <script>` (how the READMEs run the
 * CLIs) runs the script in the package's own directory and says where it was started in
 * INIT_CWD, as npm does; without it, the process's directory.
 */
export function invocationPath(
  path: string,
  env: Record<string, string | undefined> = process.env,
): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}
