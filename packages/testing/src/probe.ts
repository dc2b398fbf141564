import { connect } from 'node:net';

/** True when something accepts TCP connections at host:port within the timeout. */
export function tcpReachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  if (!url.includes('://')) {
    const [host, port] = url.split(':');
    return { host: host ?? '127.0.0.1', port: Number(port ?? defaultPort) };
  }
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}
