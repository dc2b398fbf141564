/** How to start the replay worker: a script for `new Worker`, and whether it is code to evaluate. */
export interface WorkerEntry {
  script: string | URL;
  eval: boolean;
}

/**
 * The replay worker, started the way this module itself runs. Built (`node dist/cli/backtest.js`:
 * what ships), this module is inside a bundle and the worker is its own bundle,
 * dist/backtest/replay-worker.js (package.json "build"). From source (vitest, tsx: tests, the
 * bench, `pnpm backtest`), the worker is replay-worker.ts, which a new thread can load only once
 * tsx's loader is registered in it: module hooks are per thread and `--import` in a worker's
 * execArgv does not carry them on Node 20.
 *
 * `import.meta.filename` is the file actually running (the bundle when built); vigil-build
 * rewrites `import.meta.url` to the source file's URL in bundles (source-url-plugin.ts), which is
 * what makes `../../dist/…` from it point at the built worker wherever the service is installed.
 */
export function replayWorkerEntry(): WorkerEntry {
  if (!import.meta.filename.endsWith('.ts'))
    return {
      script: new URL('../../dist/backtest/replay-worker.js', import.meta.url),
      eval: false,
    };
  const worker = new URL('./replay-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return {
    script: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`,
    eval: true,
  };
}
