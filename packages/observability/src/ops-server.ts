import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { listenHttp } from './listen-http.ts';

/** A named dependency probe; it resolves true when the dependency works right now. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
  /**
   * False for what the service can serve without (a background loop that is failing and will
   * catch up): reported in /readyz's checks, never makes the service unready. Default true.
   */
  gating?: boolean;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /metrics for Prometheus, /healthz for liveness (the event loop answers), /readyz for
 * readiness (every gating dependency check passes; the others are only reported). A service that is "up" but cannot reach Kafka is
 * not ready, so Kubernetes stops routing to it and the alert rules see it.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
}): Promise<OpsServer> {
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
      void Promise.all(
        options.readiness.map(async (check) => [check.name, await runCheck(check)] as const),
      ).then((results) => {
        const ready = results.every(([, ok], i) => ok || options.readiness[i]!.gating === false);
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ready, checks: Object.fromEntries(results) }));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return listenHttp(server, { port: options.port, host: options.host, drop: 'all' });
}
