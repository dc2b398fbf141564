import { createRequire } from 'node:module';
import {
  createServer,
  connect as tcpConnect,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infraUrls } from '@vigil/testing';

// A broker that goes away mid-response (a restart under load: the SocketServer stops while a
// response is on the wire) leaves part of a frame in the kafkajs connection's receive buffer. As
// shipped, kafkajs 2.2.4 kept that buffer across the reconnect of the same connection object, so
// every later response was read as the rest of the dead frame: requests on it were never
// answered, only timed out and retried, silently, while the socket looked healthy (a consumer
// whose coordinator connection it hits never rejoins, one whose fetch connection it hits never
// fetches again). patches/kafkajs@2.2.4.patch starts each socket with an empty buffer and ignores
// what a replaced socket still delivers. Real broker; a TCP relay in front of it cuts one response.

interface RequestEntry {
  request: unknown;
  response: unknown;
}
interface Connection {
  connect(): Promise<boolean>;
  send(protocol: RequestEntry & { requestTimeout?: number }): Promise<unknown>;
  disconnect(): Promise<boolean>;
  isConnected(): boolean;
}
const load = createRequire(import.meta.url);
const KafkajsConnection = load('kafkajs/src/network/connection') as new (
  options: object,
) => Connection;
const socketFactory = load('kafkajs/src/network/socketFactory') as () => unknown;
const { createLogger, LEVELS } = load('kafkajs/src/loggers') as {
  createLogger: (options: { level: number; logCreator: () => () => void }) => unknown;
  LEVELS: { NOTHING: number };
};
const { requests } = load('kafkajs/src/protocol/requests') as {
  requests: { ApiVersions: { protocol: (options: { version: number }) => () => RequestEntry } };
};
const apiVersions = () => requests.ApiVersions.protocol({ version: 2 })();

/** Relays to the broker; `cutNextResponse` forwards only the first bytes of the next answer, then closes. */
interface Relay {
  port: number;
  cutNextResponse: boolean;
  close(): Promise<void>;
}

async function startRelay(broker: string): Promise<Relay> {
  const [host, port] = broker.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const relay: Relay = { port: 0, cutNextResponse: false, close: () => Promise.resolve() };
  const server: Server = createServer((client) => {
    const upstream = tcpConnect({ host, port: Number(port) });
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (data: Buffer) => {
      if (!relay.cutNextResponse) {
        client.write(data);
        return;
      }
      relay.cutNextResponse = false;
      // Half a frame, then the end of the stream: what a broker going down mid-write leaves.
      client.end(data.subarray(0, Math.floor(data.length / 2)));
      upstream.destroy();
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.port = (server.address() as AddressInfo).port;
  relay.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return relay;
}

let relay: Relay;
beforeAll(async () => {
  relay = await startRelay(infraUrls().kafkaBrokers[0]!);
});
afterAll(async () => {
  await relay.close();
});

describe('kafkajs connection reconnect (patched)', () => {
  it('answers requests on a reconnected socket after the last one was cut mid-response', async () => {
    const connection = new KafkajsConnection({
      host: '127.0.0.1',
      port: relay.port,
      logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
      socketFactory: socketFactory(),
      requestTimeout: 30_000,
      connectionTimeout: 3_000,
    });
    await connection.connect();
    await connection.send(apiVersions());

    relay.cutNextResponse = true;
    await expect(connection.send(apiVersions())).rejects.toThrow(/Closed connection/);
    expect(connection.isConnected()).toBe(false);

    // The same connection object, as kafkajs's connection pool reuses it: a new socket.
    await connection.connect();
    const started = Date.now();
    const answered = await Promise.race([
      connection.send(apiVersions()).then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5_000)),
    ]);
    expect(answered).toBe('answered');
    expect(Date.now() - started).toBeLessThan(5_000);
    await connection.disconnect();
  });
});
