import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts, REPO_ROOT } from '@vigil/devstack';

const run = promisify(execFile);

/** A KRaft broker of the test's own (deploy/local/kafka.sh on free ports and a temporary dir). */
export interface PrivateBroker {
  /** host:port, as KAFKA_BROKERS takes it. */
  brokers: string[];
  /** kafka.sh start: returns once the broker logged "Kafka Server started" and listens. */
  start(): Promise<void>;
  /** kafka.sh stop: SIGTERM (controlled shutdown), SIGKILL after 30 s. Data stays. */
  stop(): Promise<void>;
  /** Stops the broker and removes its data. */
  cleanup(): Promise<void>;
}

/**
 * The shared broker on 127.0.0.1:9092 serves every other test, so a test that restarts "the
 * broker" starts one of its own: same script, same jars (under $VIGIL_STATE/kafka), other ports
 * and state directory (KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_STATE_DIR).
 */
export async function createPrivateBroker(): Promise<PrivateBroker> {
  const [port, controllerPort] = await freePorts(2);
  const stateDir = mkdtempSync(join(tmpdir(), 'vigil-chaos-kafka-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_STATE_DIR: stateDir,
    KAFKA_BROKERS: `127.0.0.1:${String(port)}`,
  };
  const script = (command: 'start' | 'stop') =>
    run('bash', ['deploy/local/kafka.sh', command], { cwd: REPO_ROOT, env, timeout: 120_000 });
  const stop = async () => {
    await script('stop');
  };
  return {
    brokers: [`127.0.0.1:${String(port)}`],
    start: async () => {
      await script('start');
    },
    stop,
    cleanup: async () => {
      await stop().catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
