import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { tcpReachable } from './probe.ts';
import { uniqueName } from './unique-name.ts';
import { waitFor } from './wait-for.ts';

const run = promisify(execFile);
const HOST = '127.0.0.1';
/** 3 primaries, each with one replica. */
const NODES = 6;
/** Redis Cluster's bus listens on the client port + 10000: both must be free. */
const BUS_OFFSET = 10_000;
/** Short, so a stopped primary is failed over within seconds in tests (default 15 s). */
const NODE_TIMEOUT_MS = 2_000;

export interface RedisClusterNode {
  port: number;
  /** The node's own connection, for admin commands (ROLE, CLUSTER FAILOVER, INFO). */
  admin: Redis;
}

export interface RedisClusterFixture {
  /** A cluster client connected through every node. */
  cluster: Cluster;
  /** host:port of every node, as REDIS_CLUSTER_NODES takes them. */
  startupNodes: string[];
  /** Every key the test writes starts with this. */
  keyPrefix: string;
  nodes: RedisClusterNode[];
  /** The node serving `key`'s slot as primary, and one of its replicas. */
  owners(key: string): Promise<{ primary: RedisClusterNode; replica: RedisClusterNode }>;
  /**
   * Promotes the replica of `key`'s primary (CLUSTER FAILOVER on the replica: the primary hands
   * over once the replica caught up, so no acknowledged write is lost) and waits until every node
   * sees the new primary and the cluster is ok.
   */
  failover(key: string): Promise<void>;
  /**
   * SIGKILLs the primary of `key`'s slot (no shutdown, no handover: writes not yet replicated are
   * lost, as on a crashed host) and waits until the cluster promoted its replica by itself (after
   * the node timeout) and the surviving nodes say cluster_ok. Returns the killed node.
   * `onExit` is called as soon as the process is gone, before the promotion.
   */
  killPrimary(key: string, onExit?: () => void): Promise<RedisClusterNode>;
  /**
   * Waits until the replica of `key`'s slot has acknowledged everything its primary holds (call it
   * with no writes in flight): a kill then loses nothing, where otherwise the last writes before
   * it may not have reached the replica (Redis replicates asynchronously).
   */
  replicated(key: string): Promise<void>;
  /**
   * Starts a stopped node again on its port and directory: it loads its AOF (appendonly yes,
   * appendfsync everysec) and nodes.conf, rejoins, and (its slots taken over) resyncs as a replica.
   * Waits until every node is up, in sync and agrees the cluster is ok.
   */
  restart(node: RedisClusterNode): Promise<void>;
  /** Stops every node and removes its files. */
  cleanup(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

/** NODES free ports (each with its bus port free) from a random start, so parallel files differ. */
async function freePorts(): Promise<number[]> {
  const ports: number[] = [];
  let port = 17_100 + Math.floor(Math.random() * 2_500);
  while (ports.length < NODES && port < 19_999) {
    if ((await portFree(port)) && (await portFree(port + BUS_OFFSET))) ports.push(port);
    port += 1;
  }
  if (ports.length < NODES) throw new Error('no free loopback ports for a Redis Cluster');
  return ports;
}

function startServer(port: number, dir: string): ChildProcess {
  const nodeDir = join(dir, String(port));
  mkdirSync(nodeDir, { recursive: true });
  // AOF everysec: the durability the README recommends for the feature state.
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(NODE_TIMEOUT_MS),
      '--dir',
      nodeDir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      // A replica syncs at once (default: 5 s later), so the fixture is ready sooner.
      '--repl-diskless-sync-delay',
      '0',
    ],
    { stdio: 'ignore' },
  );
  server.once('error', () => undefined);
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Each slot range's primary port as one node's CLUSTER SLOTS says, e.g. "0-5460:17101,...". */
async function slotOwners(admin: Redis): Promise<string | undefined> {
  const shards = (await admin.cluster('SLOTS').catch(() => undefined)) as
    [number, number, [string, number, ...unknown[]], ...unknown[]][] | undefined;
  if (!shards) return undefined;
  return shards
    .map(([from, to, [, port]]) => `${from}-${to}:${port}`)
    .sort()
    .join(',');
}

/**
 * Every node agrees the cluster is ok, knows all nodes and names the same primary for every slot
 * range; every node is one of those primaries or a replica in sync with its primary (a manual
 * failover waits for that, and times out if it takes more than 5 s). The agreement matters after
 * a restart: a former primary comes back claiming its old slots from its nodes.conf, says
 * cluster_state:ok and role:master, and takes the writes of a client that read the slot map from
 * it, until gossip tells it of the promotion and it resyncs as a replica, dropping them (for
 * 60–80 ms after its start on this box; the old check could pass within that window).
 */
async function clusterSettled(nodes: readonly RedisClusterNode[]): Promise<true | undefined> {
  let agreed: string | undefined;
  const roles: { port: number; primary: boolean }[] = [];
  for (const { admin, port } of nodes) {
    const info = await admin.cluster('INFO').catch(() => '');
    if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${NODES}`))
      return undefined;
    const replication = await admin.info('replication').catch(() => '');
    if (replication.includes('role:slave') && !replication.includes('master_link_status:up'))
      return undefined;
    const owners = await slotOwners(admin);
    if (owners === undefined || (agreed !== undefined && owners !== agreed)) return undefined;
    agreed = owners;
    roles.push({ port, primary: replication.includes('role:master') });
  }
  const primaries = new Set(agreed?.split(',').map((range) => Number(range.split(':')[1])));
  return roles.every(({ port, primary }) => primary === primaries.has(port)) ? true : undefined;
}

/**
 * A Redis Cluster of the test's own: 6 `redis-server --cluster-enabled yes` on free loopback
 * ports (3 primaries, 3 replicas, made with `redis-cli --cluster create`), in a temporary
 * directory, stopped and removed by `cleanup`. Needs the redis-server and redis-cli binaries.
 */
export async function createRedisClusterFixture(): Promise<RedisClusterFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-redis-cluster-'));
  const ports = await freePorts();
  const servers = ports.map((port) => startServer(port, dir));
  const nodes: RedisClusterNode[] = ports.map((port) => {
    const admin = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 3 });
    // A node killed on purpose: its connection's reconnect errors are expected, not unhandled.
    admin.on('error', () => undefined);
    return { port, admin };
  });
  const startupNodes = ports.map((port) => `${HOST}:${port}`);
  let cluster: Cluster | undefined;
  const cleanup = async () => {
    cluster?.disconnect();
    for (const node of nodes) node.admin.disconnect();
    await Promise.all(servers.map(stopServer));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const node of nodes) {
      await waitFor(async () => ((await tcpReachable(HOST, node.port)) ? true : undefined), {
        timeoutMs: 10_000,
        what: `redis-server on port ${node.port}`,
      });
      await node.admin.connect();
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...startupNodes,
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await waitFor(() => clusterSettled(nodes), { timeoutMs: 30_000, what: 'cluster_state:ok' });
    cluster = new Cluster(
      ports.map((port) => ({ host: HOST, port })),
      { redisOptions: { maxRetriesPerRequest: 3 } },
    );
    const client = cluster;
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const connected = cluster;

  const owners = async (key: string) => {
    const slot = Number(await nodes[0]!.admin.cluster('KEYSLOT', key));
    const primaryPort = await waitFor(
      async () => {
        for (const node of nodes) {
          const role = await node.admin.role();
          if (role[0] !== 'master') continue;
          const shards = await node.admin.cluster('SLOTS');
          const serving = shards.find(([from, to]) => slot >= from && slot <= to);
          if (serving?.[2]) return serving[2][1];
        }
        return undefined;
      },
      { what: `the primary of slot ${slot}` },
    );
    const primary = nodes.find((node) => node.port === primaryPort)!;
    for (const node of nodes) {
      const role = await node.admin.role();
      if (role[0] === 'slave' && role[2] === primaryPort) return { primary, replica: node };
    }
    throw new Error(`no replica of the primary on port ${primaryPort}`);
  };

  return {
    cluster: connected,
    startupNodes,
    keyPrefix: `${uniqueName('cluster')}:`,
    nodes,
    owners,
    async failover(key: string) {
      const { replica } = await owners(key);
      // A manual failover the primary did not complete within 5 s is dropped: ask again.
      await waitFor(
        async () => {
          await replica.admin.cluster('FAILOVER');
          const promoted = await waitFor(
            async () => ((await replica.admin.role())[0] === 'master' ? true : undefined),
            { timeoutMs: 6_000, what: `replica ${replica.port} promoted` },
          ).catch(() => undefined);
          return promoted;
        },
        { timeoutMs: 30_000, what: `replica ${replica.port} promoted` },
      );
      await waitFor(() => clusterSettled(nodes), { timeoutMs: 30_000, what: 'cluster_state:ok' });
    },
    async replicated(key: string) {
      const { primary, replica } = await owners(key);
      await waitFor(
        async () => {
          const info = await primary.admin.info('replication');
          const own = /master_repl_offset:(\d+)/.exec(info)?.[1];
          const acked = /slave0:[^\r\n]*offset=(\d+)/.exec(info)?.[1];
          return own !== undefined && own === acked ? true : undefined;
        },
        { timeoutMs: 10_000, what: `replica ${replica.port} caught up with its primary` },
      );
    },
    async killPrimary(key: string, onExit?: () => void) {
      const { primary, replica } = await owners(key);
      const server = servers[nodes.indexOf(primary)]!;
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGKILL');
      await exited;
      onExit?.();
      const survivors = nodes.filter((node) => node !== primary);
      await waitFor(async () => ((await replica.admin.role())[0] === 'master' ? true : undefined), {
        timeoutMs: 30_000,
        what: `replica ${replica.port} promoted by the cluster`,
      });
      await waitFor(
        async () => {
          for (const { admin } of survivors) {
            const info = await admin.cluster('INFO').catch(() => '');
            if (!info.includes('cluster_state:ok')) return undefined;
          }
          return true;
        },
        { timeoutMs: 30_000, what: 'cluster_state:ok on the surviving nodes' },
      );
      return primary;
    },
    async restart(node: RedisClusterNode) {
      const index = nodes.indexOf(node);
      const previous = servers[index]!;
      if (previous.exitCode === null && previous.signalCode === null) await stopServer(previous);
      servers[index] = startServer(node.port, dir);
      await waitFor(async () => ((await tcpReachable(HOST, node.port)) ? true : undefined), {
        timeoutMs: 10_000,
        what: `redis-server on port ${node.port} again`,
      });
      await waitFor(() => clusterSettled(nodes), { timeoutMs: 60_000, what: 'cluster_state:ok' });
    },
    cleanup,
  };
}
