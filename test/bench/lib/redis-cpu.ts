/** What redisCpuSeconds needs of a client (ioredis's `info`). */
export interface RedisInfoSource {
  info(section: 'cpu'): Promise<string>;
}

/**
 * redis-server's own CPU seconds, user + system (INFO cpu). The server is shared with other
 * runs on the box, so a delta is an upper bound for one benchmark's share.
 */
export async function redisCpuSeconds(redis: RedisInfoSource): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) =>
    Number(info.match(new RegExp(`^${name}:([\\d.]+)`, 'm'))?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
