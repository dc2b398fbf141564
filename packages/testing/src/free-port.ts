import { createServer } from 'node:net';

/**
 * Where ports are picked: below Linux's ephemeral range (32768–60999 by default), from which the
 * OS also takes the local port of every outgoing connection. A port the OS picked with
 * `listen(0)` came from that range, and a test's Kafka or Redis client could connect from it
 * between our close and the child's bind (a service of the console e2e failed with EADDRINUSE in
 * CI). Above 20000 and below 27000: clear of redis-cluster test nodes (17100–19999, bus +10000).
 */
const FIRST_PORT = 20_000;
const END_PORT = 27_000;
const ATTEMPTS = 200;

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port nothing listens on right now, at random outside the ephemeral range. Services need
 * their ports before they start (the notifier's public verify URL embeds its own port), so
 * "port 0" is not enough; what is left of the window between our check and the child binding is
 * another process picking the same port of 7,000 in that instant.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (END_PORT - FIRST_PORT));
    if (await bindable(port, host)) return port;
  }
  throw new Error(`no free port in ${FIRST_PORT}–${END_PORT - 1} after ${ATTEMPTS} attempts`);
}

/** `count` distinct free ports. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}
