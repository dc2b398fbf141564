import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { isVigilError } from '@vigil/errors';
import { createMetricsRegistry } from './metrics.ts';
import { startOpsServer, type OpsServer } from './ops-server.ts';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('ops server', () => {
  it('serves metrics from the given registry and reports readiness per dependency', async () => {
    const registry = createMetricsRegistry('test-service');
    new Counter({ name: 'vigil_test_things_total', help: 'things', registers: [registry] }).inc(3);
    let kafkaUp = true;
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      readiness: [{ name: 'kafka', check: () => Promise.resolve(kafkaUp) }],
    });
    const base = `http://127.0.0.1:${server.port}`;

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('vigil_test_things_total{service="test-service"} 3');

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);

    kafkaUp = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      checks: { kafka: false },
      failing: { kafka: { reason: 'check failed', forMs: 0, unready: true } },
    });
  });

  it('reports a check that does not gate readiness without making the service unready', async () => {
    let relayOk = true;
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry('test-service'),
      readiness: [
        { name: 'postgres', check: () => Promise.resolve(true) },
        { name: 'outbox-relay', gating: false, check: () => Promise.resolve(relayOk) },
      ],
    });
    const readyz = () => fetch(`http://127.0.0.1:${server!.port}/readyz`);
    relayOk = false;
    const degraded = await readyz();
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      ready: true,
      checks: { postgres: true, 'outbox-relay': false },
      failing: { 'outbox-relay': { unready: false } },
    });
    relayOk = true;
    expect(await (await readyz()).json()).toEqual({
      ready: true,
      checks: { postgres: true, 'outbox-relay': true },
    });
  });

  it('a port already taken fails start-up with the setting to change, not a stack (PORT_IN_USE)', async () => {
    const registry = createMetricsRegistry('test-service');
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry, readiness: [] });
    const taken = server.port;
    const second = startOpsServer({ port: taken, host: '127.0.0.1', registry, readiness: [] });
    await expect(second).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      retryable: false,
      message: `port ${taken} (OPS_PORT) is already in use, by another process on this host: set OPS_PORT to a free port`,
    });
    // A VigilError: the service's start-up report (describeStartupFailure, @vigil/config) prints
    // its message and code, without the stack it prints for unclassified errors.
    expect(isVigilError(await second.catch((e: unknown) => e))).toBe(true);
  });
});
