import {
  RESULT_PREFIX,
  type KafkaClientWorkerResult,
  type KafkaClientWorkerSettings,
} from './kafka-client-settings.ts';
import { REPO_ROOT } from './machine.ts';
import { spawnTsxChild } from './tsx-child.ts';

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
  let result: KafkaClientWorkerResult | undefined;
  const { child, tail } = spawnTsxChild({
    root: REPO_ROOT,
    script: 'test/bench/lib/kafka-client-worker.ts',
    nodeArgs: process.env.BENCH_KAFKA_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    env: { BENCH_KAFKA_CLIENT: JSON.stringify(settings) },
    onLine: (line) => {
      if (!line.startsWith(RESULT_PREFIX)) return false;
      result = JSON.parse(line.slice(RESULT_PREFIX.length)) as KafkaClientWorkerResult;
      return true;
    },
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
