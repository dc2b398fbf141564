import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The broker the local scripts run is whatever kafka_<scala>-<version>.jar they fetched. */
function kafkaVersion(): string {
  const dir = join(REPO_ROOT, '.local', 'kafka');
  if (!existsSync(dir)) return process.env.KAFKA_VERSION ?? 'unknown';
  for (const libs of readdirSync(dir).filter((d) => d.startsWith('libs-'))) {
    const jar = readdirSync(join(dir, libs)).find((f) => /^kafka_[\d.]+-[\d.]+\.jar$/.test(f));
    const version = jar?.match(/-([\d.]+)\.jar$/)?.[1];
    if (version) return `Apache Kafka ${version} (KRaft, single broker on loopback)`;
  }
  return process.env.KAFKA_VERSION ?? 'unknown';
}

/** The machine line every results file starts with: numbers mean little without it. */
export function describeMachine(): { label: string; value: string }[] {
  const [one, five] = loadavg();
  return [
    { label: 'date (UTC)', value: new Date().toISOString() },
    { label: 'cpus (nproc)', value: String(availableParallelism()) },
    { label: 'cpu model', value: cpuModel() },
    { label: 'memory', value: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB` },
    { label: 'node', value: process.version },
    { label: 'kafka', value: kafkaVersion() },
    { label: 'load average at start (1m, 5m)', value: `${one?.toFixed(2)}, ${five?.toFixed(2)}` },
  ];
}

export function machineMarkdown(): string {
  return describeMachine()
    .map(({ label, value }) => `- ${label}: ${value}`)
    .join('\n');
}
