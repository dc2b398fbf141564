import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import pg from 'pg';
import { pino } from 'pino';
import { waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDatabase } from './adapters/pg-health.ts';
import { startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';
import { startCuttableProxy } from './test-support/cuttable-proxy.ts';

let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
});
afterAll(() => h.close());

describe('grpc.health.v1 and reflection', () => {
  type HealthClient = {
    check(
      request: { service: string },
      callback: (error: ServiceError | null, response?: { status: string }) => void,
    ): void;
    close(): void;
  };
  const healthPackage = loadPackageDefinition(
    loadSync(healthProtoPath, { enums: String }),
  ) as unknown as {
    grpc: {
      health: {
        v1: {
          Health: new (
            address: string,
            creds: ReturnType<typeof credentials.createInsecure>,
          ) => HealthClient;
        };
      };
    };
  };
  const check = (client: HealthClient, service: string) =>
    new Promise<string>((resolve, reject) =>
      client.check({ service }, (error, response) =>
        error ? reject(error) : resolve(response?.status ?? ''),
      ),
    );

  it('reports SERVING for the case service once PostgreSQL answered', async () => {
    const client = new healthPackage.grpc.health.v1.Health(h.address, credentials.createInsecure());
    expect(await check(client, 'vigil.cases.v1.CaseService')).toBe('SERVING');
    expect(await check(client, '')).toBe('SERVING');
    client.close();
  });

  it('flips to NOT_SERVING while PostgreSQL is unreachable and back when it returns', async () => {
    const proxy = await startCuttableProxy(new URL(h.pg.url));
    const viaProxy = new URL(h.pg.url);
    viaProxy.port = String(proxy.port);
    const pool = new pg.Pool({
      connectionString: viaProxy.toString(),
      connectionTimeoutMillis: 500,
      max: 2,
    });
    pool.on('error', () => undefined);
    // The harness's own watch would keep reporting the healthy pool; this one drives the server now.
    h.app.database.stop();
    const watch = watchDatabase({
      pool,
      intervalMs: 100,
      timeoutMs: 500,
      logger: pino({ level: 'silent' }),
      onChange: (up) => h.app.grpc.setServing(up),
    });
    const client = new healthPackage.grpc.health.v1.Health(h.address, credentials.createInsecure());
    const statusBecomes = (expected: string) =>
      waitFor(
        async () =>
          (await check(client, 'vigil.cases.v1.CaseService')) === expected ? true : undefined,
        {
          timeoutMs: 5_000,
          what: `health ${expected}`,
        },
      );
    try {
      await statusBecomes('SERVING');
      proxy.cut();
      await statusBecomes('NOT_SERVING');
      expect(watch.isUp()).toBe(false);
      proxy.restore();
      await statusBecomes('SERVING');
    } finally {
      watch.stop();
      client.close();
      await pool.end().catch(() => undefined);
      await proxy.close();
    }
  });

  it('serves reflection listing the case service', async () => {
    const reflectionProto = join(
      dirname(createRequire(import.meta.url).resolve('@grpc/reflection')),
      '..',
      'proto',
      'grpc',
      'reflection',
      'v1',
      'reflection.proto',
    );
    const reflection = loadPackageDefinition(loadSync(reflectionProto)) as unknown as {
      grpc: {
        reflection: {
          v1: {
            ServerReflection: new (
              address: string,
              creds: ReturnType<typeof credentials.createInsecure>,
            ) => {
              serverReflectionInfo(): {
                write(request: unknown): void;
                end(): void;
                on(
                  event: 'data',
                  listener: (response: {
                    listServicesResponse?: { service: { name: string }[] };
                  }) => void,
                ): void;
                on(event: 'error', listener: (error: Error) => void): void;
              };
              close(): void;
            };
          };
        };
      };
    };
    const client = new reflection.grpc.reflection.v1.ServerReflection(
      h.address,
      credentials.createInsecure(),
    );
    const call = client.serverReflectionInfo();
    const names = await new Promise<string[]>((resolve, reject) => {
      call.on('data', (response) =>
        resolve(response.listServicesResponse?.service.map((s) => s.name) ?? []),
      );
      call.on('error', reject);
      call.write({ listServices: '' });
    });
    call.end();
    client.close();
    expect(names).toContain('vigil.cases.v1.CaseService');
  });
});
