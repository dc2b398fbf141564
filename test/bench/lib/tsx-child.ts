import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** How many of its last lines a child's failure quotes. */
const TAIL_LINES = 30;

/**
 * A benchmark's child process: `node <nodeArgs> --import tsx <root>/<script>`, run in
 * `<root>/test` with `env` added to the benchmark's environment. Every line it prints is read,
 * always (an unread pipe would block its logger): `onLine` sees each first and returns true for a
 * line it took (a ready or result line); the others are kept, the last 30, in `tail`.
 */
export function spawnTsxChild(options: {
  root: string;
  script: string;
  nodeArgs?: readonly string[];
  env: Record<string, string>;
  onLine: (line: string) => boolean;
}): { child: ChildProcess; tail: string[] } {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', join(options.root, options.script)],
    {
      cwd: join(options.root, 'test'),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => {
      if (options.onLine(line)) return;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    });
  return { child, tail };
}
