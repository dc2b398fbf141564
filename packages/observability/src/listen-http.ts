import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningHttp {
  /** The bound port (useful when 0 asked for an ephemeral one). */
  port: number;
  close(): Promise<void>;
}

/**
 * Binds `server` and returns its port and a close that waits for the server to stop. `drop`
 * says which open connections close ends at once: `all` (ops endpoints: a keep-alive scraper
 * must not hold shutdown) or `idle` (requests in flight still get their answer).
 */
export async function listenHttp(
  server: Server,
  options: { port: number; host?: string; drop: 'all' | 'idle' },
): Promise<ListeningHttp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if (options.drop === 'all') server.closeAllConnections();
        else server.closeIdleConnections();
      }),
  };
}
