import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'generated') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

// Metric names registered by production code (prom-client `name: '…'`).
const registered = new Set(
  [...sourceFiles(join(root, 'packages')), ...sourceFiles(join(root, 'services'))].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/name: ['"](vigil_[a-z0-9_]+)['"]/g)].map((m) => m[1]!),
  ),
);

function referencedMetrics(text: string): string[] {
  return [...text.matchAll(/\b(vigil_[a-z0-9_]+)/g)]
    .map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''))
    // Default process metrics carry the prefix given to collectDefaultMetrics.
    .filter((name) => !name.startsWith('vigil_process_'));
}

describe('deploy assets', () => {
  it('alert rules parse and name only metrics the services register', () => {
    const text = readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8');
    const doc = parse(text) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = doc.groups.flatMap((group) => group.rules);
    expect(rules.length).toBeGreaterThan(8);
    const unknown = rules.flatMap((rule) => referencedMetrics(rule.expr)).filter((name) => !registered.has(name));
    expect(unknown).toEqual([]);
  });

  it('the Grafana dashboard names only registered metrics', () => {
    const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/vigil-overview.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    const unknown = exprs.flatMap(referencedMetrics).filter((name) => !registered.has(name));
    expect(unknown).toEqual([]);
  });

  it('compose and Kubernetes manifests are valid YAML and name every service', () => {
    const compose = parse(readFileSync(join(root, 'deploy/docker-compose.yml'), 'utf8')) as { services: Record<string, unknown> };
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'postgres', 'redis', 'risk-engine', 'case-service', 'notifier', 'prometheus', 'grafana']),
    );
    const k8sDir = join(root, 'deploy/k8s');
    const kinds = readdirSync(k8sDir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) =>
        readFileSync(join(k8sDir, f), 'utf8')
          .split(/^---$/m)
          .map((doc) => parse(doc) as { kind?: string; metadata?: { name?: string } } | null)
          .filter((doc) => doc?.kind)
          .map((doc) => `${doc!.kind}/${doc!.metadata?.name ?? relative(k8sDir, f)}`),
      );
    expect(kinds).toEqual(
      expect.arrayContaining(['Deployment/risk-engine', 'Deployment/case-service', 'Deployment/notifier', 'Service/case-service']),
    );
  });

  it("the Prometheus Operator's PodMonitor scrapes each service's ops port and labels `up` with its service", () => {
    const monitor = parse(readFileSync(join(root, 'deploy/k8s/monitoring/podmonitor.yaml'), 'utf8')) as {
      kind: string;
      spec: {
        selector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
        podMetricsEndpoints: { port: string; honorLabels?: boolean; relabelings: { sourceLabels: string[]; targetLabel: string }[] }[];
      };
    };
    expect(monitor.kind).toBe('PodMonitor');
    const services = ['case-service', 'notifier', 'risk-engine'];
    expect(monitor.spec.selector.matchExpressions).toEqual([{ key: 'app', operator: 'In', values: expect.arrayContaining(services) as string[] }]);
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    expect(endpoint).toMatchObject({ port: 'ops', honorLabels: true });
    expect(endpoint!.relabelings).toContainEqual({ sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'service' });
    // Each Deployment names that port and carries the app label the relabeling reads.
    for (const service of services) {
      const deployment = parse(readFileSync(join(root, `deploy/k8s/${service}.yaml`), 'utf8').split(/^---$/m)[0]!) as {
        spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { ports?: { name: string }[] }[] } } };
      };
      expect(deployment.spec.template.metadata.labels.app).toBe(service);
      expect(deployment.spec.template.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name)).toContain('ops');
    }
    // The services the service-down alerts name are the ones scraped.
    const alerts = readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8');
    expect(alerts).toContain('up{service=~"risk-engine|case-service|notifier"}');
  });

  it('the image copies every patch pnpm applies before it installs', () => {
    const workspace = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
      patchedDependencies?: Record<string, string>;
    };
    const dockerfile = readFileSync(join(root, 'deploy/docker/Dockerfile'), 'utf8');
    const install = dockerfile.indexOf('RUN pnpm install');
    const copied = [...dockerfile.slice(0, install).matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/),
    );
    const patches = Object.values(workspace.patchedDependencies ?? {});
    expect(patches.length).toBeGreaterThan(0);
    for (const patch of patches)
      expect(copied.some((source) => patch === source || patch.startsWith(`${source}/`))).toBe(true);
  });
});
