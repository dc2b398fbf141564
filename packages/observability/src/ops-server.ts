import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { listenHttp } from './listen-http.ts';
import { createReadiness, type ReadinessCheck } from './readiness.ts';

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics for Prometheus, /healthz for liveness (the event loop answers), /readyz for
 * readiness (every gating dependency check passes, or has failed for less than
 * `readinessGraceMs` after passing; the others are only reported). A service that is "up" but
 * cannot reach Kafka is not ready, so Kubernetes stops routing to it and the alert rules see it.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  /** How long a check that passed before may fail before the service reports unready. Default 0. */
  readinessGraceMs?: number;
}): Promise<OpsServer> {
  const evaluate = createReadiness({ graceMs: options.readinessGraceMs ?? 0 });
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/metrics')) {
      options.registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(body);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
      return;
    }
    if (url.startsWith('/healthz')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    if (url.startsWith('/readyz')) {
      void evaluate(options.readiness).then((report) => {
        res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return listenHttp(server, {
    port: options.port,
    host: options.host,
    drop: 'all',
    setting: 'OPS_PORT',
  });
}
