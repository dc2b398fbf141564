import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  RESULT_PREFIX,
  type KafkaClientWorkerResult,
  type KafkaClientWorkerSettings,
} from './kafka-client-settings.ts';
import { REPO_ROOT } from './machine.ts';

/**
 * Runs one client's measurement in a Node process of its own (lib/kafka-client-worker.ts), so the
 * CPU and GC it reports are that client's alone, and resolves with the line it prints. The worker
 * is SIGKILLed after `timeoutMs`. BENCH_KAFKA_CLIENT_NODE_ARGS (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof") adds node flags to it.
 */
export function runKafkaClientWorker(
  settings: KafkaClientWorkerSettings,
  timeoutMs: number,
): Promise<KafkaClientWorkerResult> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_KAFKA_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      join(REPO_ROOT, 'test/bench/lib/kafka-client-worker.ts'),
    ],
    {
      cwd: join(REPO_ROOT, 'test'),
      env: { ...process.env, BENCH_KAFKA_CLIENT: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  let result: KafkaClientWorkerResult | undefined;
  // Every line is read, always: an unread pipe would block the worker's logger.
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => {
      if (line.startsWith(RESULT_PREFIX)) {
        result = JSON.parse(line.slice(RESULT_PREFIX.length)) as KafkaClientWorkerResult;
        return;
      }
      tail.push(line);
      if (tail.length > 30) tail.shift();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else
        reject(
          new Error(
            `${settings.client} worker ${signal ? `killed (${signal}, timeout ${timeoutMs} ms)` : `exited with ${code}`}:\n${tail.join('\n')}`,
          ),
        );
    });
  });
}
