import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Prometheus's own promtool on the alert rules: they load (PromQL, templates), and each alert
// fires on its failure with its labels and rendered annotations, and not on the look-alike next
// to it (deploy/prometheus/alerts*.test.yml). deploy/local/ensure-promtool.sh unpacks promtool
// from Debian's prometheus package; PROMTOOL overrides it.

const root = join(import.meta.dirname, '..', '..');
const rulesDir = join(root, 'deploy/prometheus');
const promtool =
  process.env.PROMTOOL ??
  join(process.env.VIGIL_STATE ?? join(root, '.local'), 'promtool/usr/bin/promtool');
const run = promisify(execFile);

async function promtoolRun(args: string[], cwd = rulesDir) {
  if (!existsSync(promtool))
    throw new Error(`${promtool} is missing: run deploy/local/ensure-promtool.sh`);
  return run(promtool, args, { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
}

describe('alert rules (promtool)', () => {
  it('load: every expression and template is valid', async () => {
    const { code, output } = await promtoolRun(['check', 'rules', 'alerts.yml']);
    expect(output).toContain('SUCCESS: 27 rules found');
    expect(code).toBe(0);
  });

  it('fire on their failures and not on the look-alikes (alerts*.test.yml)', async () => {
    const { code, output } = await promtoolRun([
      'test',
      'rules',
      'alerts.test.yml',
      'alerts-daily.test.yml',
    ]);
    expect(output.match(/SUCCESS/g)).toHaveLength(2);
    expect(code).toBe(0);
  });

  it('the unit tests would catch a broken threshold', async () => {
    // The same tests against a copy whose block-rate alert asks for 50% instead of 5%.
    const dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
    try {
      copyFileSync(join(rulesDir, 'alerts.test.yml'), join(dir, 'alerts.test.yml'));
      const rules = readFileSync(join(rulesDir, 'alerts.yml'), 'utf8');
      const broken = rules.replace(
        'clamp_min(sum(rate(vigil_risk_decisions_total[10m])), 1) > 0.05',
        'clamp_min(sum(rate(vigil_risk_decisions_total[10m])), 1) > 0.5',
      );
      expect(broken).not.toBe(rules);
      writeFileSync(join(dir, 'alerts.yml'), broken);
      const { code, output } = await promtoolRun(['test', 'rules', 'alerts.test.yml'], dir);
      expect(output).toContain('VigilBlockRateSpike');
      expect(code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the compose Prometheus config loads these rules and gives every target its service label', async () => {
    const config = readFileSync(join(rulesDir, 'prometheus.docker.yml'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-prometheus-'));
    try {
      // The container mounts the rules under /etc/prometheus: the copy reads the ones beside it.
      writeFileSync(
        join(dir, 'prometheus.yml'),
        config.replace('/etc/prometheus/alerts.yml', 'alerts.yml'),
      );
      copyFileSync(join(rulesDir, 'alerts.yml'), join(dir, 'alerts.yml'));
      const { code, output } = await promtoolRun(['check', 'config', 'prometheus.yml'], dir);
      expect(output).toContain('SUCCESS: 27 rules found');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The service-down alerts read `up{service=…}`, a label only the scrape config can give it.
    const doc = parse(config) as {
      scrape_configs: { static_configs: { labels?: { service?: string } }[] }[];
    };
    const services = doc.scrape_configs.flatMap((job) =>
      job.static_configs.map((target) => target.labels?.service),
    );
    expect(services.sort()).toEqual(['case-service', 'notifier', 'risk-engine']);
  });

  it("the Grafana dashboard's expressions are valid PromQL too", async () => {
    // promtool checks expressions only inside rule files: each panel query as a recording rule.
    const dashboard = JSON.parse(
      readFileSync(join(root, 'deploy/grafana/dashboards/vigil-overview.json'), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(20);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-dashboard-'));
    try {
      const rules = {
        groups: [
          {
            name: 'dashboard',
            rules: exprs.map((expr, i) => ({ record: `vigil_dashboard_query_${i}`, expr })),
          },
        ],
      };
      // JSON is YAML: no YAML library needed to write it.
      writeFileSync(join(dir, 'dashboard.rules.yml'), JSON.stringify(rules));
      const { code, output } = await promtoolRun(['check', 'rules', 'dashboard.rules.yml'], dir);
      expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
