import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VigilError } from '@vigil/errors';

export interface ListeningHttp {
  /** The bound port (useful when 0 asked for an ephemeral one). */
  port: number;
  close(): Promise<void>;
}

/**
 * What an operator reads when the port cannot be bound: which setting moves it. Two services
 * started on one host with their defaults (every ops port is 9464) is the usual cause.
 */
function bindFailure(error: Error, port: number, setting: string): Error {
  const { code } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE')
    return new VigilError(
      'PORT_IN_USE',
      `port ${port} (${setting}) is already in use, by another process on this host: set ${setting} to a free port`,
      { retryable: false, cause: error },
    );
  if (code === 'EACCES')
    return new VigilError(
      'PORT_NOT_PERMITTED',
      `port ${port} (${setting}) needs privileges this process lacks: set ${setting} to a port above 1023`,
      { retryable: false, cause: error },
    );
  return error;
}

/**
 * Binds `server` and returns its port and a close that waits for the server to stop. `drop`
 * says which open connections close ends at once: `all` (ops endpoints: a keep-alive scraper
 * must not hold shutdown) or `idle` (requests in flight still get their answer). `setting` names
 * the port's setting in the error when it cannot be bound.
 */
export async function listenHttp(
  server: Server,
  options: { port: number; host?: string; drop: 'all' | 'idle'; setting: string },
): Promise<ListeningHttp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(bindFailure(error, options.port, options.setting)));
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
