import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { ChildService } from './child-service.ts';

interface HealthClient {
  check(
    request: { service: string },
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
  close(): void;
}
type HealthClientCtor = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => HealthClient;

let healthCtor: HealthClientCtor | undefined;
function healthClient(address: string): HealthClient {
  healthCtor ??= (
    loadPackageDefinition(loadSync(healthProtoPath, { enums: String })) as unknown as {
      grpc: { health: { v1: { Health: HealthClientCtor } } };
    }
  ).grpc.health.v1.Health;
  return new healthCtor(address, credentials.createInsecure());
}

/** grpc.health.v1 Check for `service`; resolves the status string ("SERVING", …). */
export async function grpcHealthStatus(
  address: string,
  service: string,
  timeoutMs = 2_000,
): Promise<string> {
  const client = healthClient(address);
  try {
    return await new Promise<string>((resolve, reject) =>
      client.check({ service }, { deadline: Date.now() + timeoutMs }, (error, response) =>
        error ? reject(error) : resolve(response?.status ?? 'UNKNOWN'),
      ),
    );
  } finally {
    client.close();
  }
}

async function readyzOk(opsUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${opsUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Waits until the service says it is ready (/readyz 200, and `extra` when given). Fails fast,
 * with the end of its log, when the process exits instead.
 */
export async function waitUntilReady(
  child: ChildService,
  opsUrl: string,
  options: { timeoutMs: number; extra?: () => Promise<boolean> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (!child.isRunning()) {
      const exit = await child.exited;
      throw new Error(
        `${child.name} exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before it was ready; log ${child.logFile}:\n${child.tail()}`,
      );
    }
    if (
      (await readyzOk(opsUrl)) &&
      (options.extra === undefined || (await options.extra().catch(() => false)))
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${child.name} not ready after ${options.timeoutMs} ms; log ${child.logFile}:\n${child.tail()}`,
  );
}
