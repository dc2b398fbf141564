import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { builtEntries, ENV_SHAPES, ROOT, SERVICES, type Service } from './support/services.ts';

interface Container {
  command: string[];
  env?: { name: string; value?: string }[];
  ports: { name: string; containerPort: number }[];
}

function documents(file: string): {
  kind?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: unknown;
  metadata?: { annotations?: Record<string, string> };
}[] {
  return readFileSync(join(ROOT, 'deploy/k8s', file), 'utf8')
    .split(/^---$/m)
    .map((doc) => parse(doc) as ReturnType<typeof documents>[number] | null)
    .filter((doc) => doc !== null);
}

function deployment(service: Service) {
  const doc = documents(`${service}.yaml`).find((d) => d.kind === 'Deployment')!;
  const template = (
    doc.spec as {
      template: {
        metadata: { annotations: Record<string, string> };
        spec: { containers: Container[] };
      };
    }
  ).template;
  return { container: template.spec.containers[0]!, annotations: template.metadata.annotations };
}

/** Which variable sets the port a container port name stands for. */
const PORT_VARIABLES: Record<string, string> = {
  ops: 'OPS_PORT',
  grpc: 'GRPC_PORT',
  http: 'HTTP_PORT',
};

function defaultOf(schema: z.ZodType | undefined): unknown {
  return schema?.safeParse(undefined).data;
}

describe('deploy/k8s', () => {
  it.each(SERVICES)('%s runs its built entry point with node as PID 1', (service) => {
    const { command } = deployment(service).container;
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe(`services/${service}/dist/main.js`);
    expect(builtEntries(service)).toContain(command.at(-1));
  });

  it.each(SERVICES)('%s sets only variables its env schema reads', (service) => {
    const names = (deployment(service).container.env ?? []).map((e) => e.name);
    expect(names.filter((name) => !(name in ENV_SHAPES[service]))).toEqual([]);
  });

  it('every shared ConfigMap and Secret key is read by some service', () => {
    const config = documents('config.yaml');
    const keys = config.flatMap((doc) => Object.keys(doc.data ?? doc.stringData ?? {}));
    expect(keys.length).toBeGreaterThan(0);
    const unread = keys.filter((key) => !SERVICES.some((service) => key in ENV_SHAPES[service]));
    expect(unread).toEqual([]);
  });

  it.each(SERVICES)("%s's container ports are the ports it listens on", (service) => {
    const { container, annotations } = deployment(service);
    const shape = ENV_SHAPES[service];
    for (const port of container.ports) {
      const variable = PORT_VARIABLES[port.name];
      expect(variable, `port name ${port.name}`).toBeDefined();
      const set = container.env?.find((e) => e.name === variable)?.value;
      const listens = set === undefined ? defaultOf(shape[variable!]) : Number(set);
      expect(listens, `${service} ${port.name}`).toBe(port.containerPort);
    }
    const ops = container.ports.find((p) => p.name === 'ops');
    expect(annotations['prometheus.io/port']).toBe(String(ops?.containerPort));
  });
});
