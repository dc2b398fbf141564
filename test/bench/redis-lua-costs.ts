// What the steps the feature and event-memory scripts are made of cost inside redis-server on
// this machine: each step run in a loop inside one EVAL, priced from redis-server's own CPU
// (INFO cpu) less an empty loop's, and the fixed cost of one EVALSHA call shaped like the
// feature script's (16 keys, 15 arguments, one of them a packed operand array). It tells which
// changes to the scripts can pay: a command saved is worth what its row says, against what the
// two scripts cost per event (bench:feature-store, decide-path).
// Run: cd test && pnpm exec tsx bench/redis-lua-costs.ts [--loops 200000] [--reps 3]
// (REDIS_URL: a private redis-server keeps other clients' commands out of INFO cpu.)
// Writes test/bench/results/redis-lua-costs.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRedisFixture } from '@vigil/testing';
import { median } from './lib/interleaved-latency.ts';
import { machineMarkdown } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';
import { redisCpuSeconds } from './lib/redis-cpu.ts';

const { values: args } = parseArgs({
  options: {
    loops: { type: 'string', default: '200000' },
    reps: { type: 'string', default: '3' },
  },
});
const LOOPS = Number(args.loops);
const REPS = Number(args.reps);

const fixture = await createRedisFixture();
const { redis, keyPrefix } = fixture;
const hashKey = `${keyPrefix}h`;
const zsetKey = `${keyPrefix}z`;

const redisCpuMicros = async () => (await redisCpuSeconds(redis)) * 1e6;

/** A step as the scripts use it; `i` is the loop counter, KEYS[1] a hash, KEYS[2] a sorted set. */
const STEPS: readonly { name: string; body: string }[] = [
  { name: 'empty loop iteration', body: '' },
  {
    name: "redis.call('HMGET') of 3 fields, all found",
    body: "redis.call('HMGET', KEYS[1], 'a', 'b', 'c')",
  },
  {
    name: "redis.call('HMGET') of 3 fields of a missing key",
    body: "redis.call('HMGET', KEYS[3], 'a', 'b', 'c')",
  },
  {
    name: "redis.call('HSET') of one field (text value)",
    body: "redis.call('HSET', KEYS[1], 'a', '1733212800000')",
  },
  {
    name: "redis.call('PEXPIRE') (text argument)",
    body: "redis.call('PEXPIRE', KEYS[1], '3600000')",
  },
  {
    name: "redis.call('ZADD') of an existing member",
    body: "redis.call('ZADD', KEYS[2], '1733212800000', 'm1')",
  },
  { name: "redis.call('ZCARD')", body: "redis.call('ZCARD', KEYS[2])" },
  { name: 'tonumber of a 13-digit text', body: "local x = tonumber('1733212800000')" },
  { name: "a number into text ('x' .. n)", body: "local x = 'x' .. i" },
  { name: "string.format('%d', n)", body: "local x = string.format('%d', i)" },
  { name: 'a table of two fields', body: 'local t = { a = i, b = i }' },
  {
    name: "string.match of 'a:b:c:d' (4 captures) and 4 tonumber",
    body: "local a, b, c, d = string.match('1733212:120:1733100:5400', '^(%-?%d+):(%-?%d+):(%-?%d+):(%-?%d+)$') a, b, c, d = tonumber(a), tonumber(b), tonumber(c), tonumber(d)",
  },
  {
    name: 'struct.unpack of 4 numbers (packed binary)',
    body: "local a, b, c, d = struct.unpack('>i8i8i8i8', PACKED)",
  },
  { name: 'cmsgpack.unpack of 4 numbers', body: 'local t = cmsgpack.unpack(MSGPACK)' },
];

function loopScript(body: string): string {
  return [
    "local PACKED = struct.pack('>i8i8i8i8', 1733212, 120, 1733100, 5400)",
    'local MSGPACK = cmsgpack.pack({ 1733212, 120, 1733100, 5400 })',
    `for i = 1, tonumber(ARGV[1]) do ${body} end`,
    'return 1',
  ].join('\n');
}

async function loopMicros(body: string): Promise<number> {
  const before = await redisCpuMicros();
  await redis.eval(loopScript(body), 3, hashKey, zsetKey, `${keyPrefix}missing`, String(LOOPS));
  return (await redisCpuMicros()) - before;
}

await redis.hset(hashKey, 'a', '1', 'b', '2', 'c', '3');
await redis.zadd(zsetKey, 1, 'm1', 2, 'm2');
const perStep = new Map<string, number[]>();
for (let rep = 0; rep < REPS; rep += 1) {
  for (const step of STEPS) {
    const nsPerLoop = ((await loopMicros(step.body)) * 1_000) / LOOPS;
    perStep.set(step.name, [...(perStep.get(step.name) ?? []), nsPerLoop]);
  }
}
const empty = median(perStep.get('empty loop iteration')!);

// One EVALSHA of a script that does nothing, with the feature script's argument shape, pipelined
// in thousands as the store sends them: the per-event fixed cost of being a separate call.
const CALLS = 50_000;
const sha = (await redis.script('LOAD', 'return 1')) as string;
const keys = Array.from({ length: 16 }, (_, i) => `${keyPrefix}k${i}`);
const packedOperands = Buffer.from([0xdc, 0, 180, ...Array<number>(180).fill(0x05)]);
const argv = [...Array.from({ length: 13 }, (_, i) => `argument-${i}`), packedOperands, 'x'];
const callMicros: number[] = [];
for (let rep = 0; rep < REPS; rep += 1) {
  const before = await redisCpuMicros();
  for (let sent = 0; sent < CALLS; sent += 1_000) {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 1_000; i += 1) pipeline.evalsha(sha, keys.length, ...keys, ...argv);
    await pipeline.exec();
  }
  callMicros.push(((await redisCpuMicros()) - before) / CALLS);
}

const rows = STEPS.map(({ name }) => {
  const samples = perStep.get(name)!;
  const net = name === 'empty loop iteration' ? empty : median(samples) - empty;
  return [name, net.toFixed(0), samples.map((ns) => ns.toFixed(0)).join(' / ')];
});
rows.push([
  'one EVALSHA call, 16 keys and 15 arguments, script body empty (per call)',
  (median(callMicros) * 1_000).toFixed(0),
  callMicros.map((us) => (us * 1_000).toFixed(0)).join(' / '),
]);
const report = [
  '# Redis: what a script step costs on this machine',
  '',
  machineMarkdown(),
  `- redis-server: ${(await redis.info('server')).match(/^redis_version:(\S+)/m)?.[1] ?? 'unknown'}`,
  '',
  `Each step run ${LOOPS.toLocaleString('en-US')} times in a loop inside one EVAL, ${REPS} repetitions;`,
  "redis-server's CPU (INFO cpu) per iteration, less the empty loop's (the median of the",
  'repetitions; the raw figures beside it). The last row is one whole call, pipelined in',
  `thousands (${CALLS.toLocaleString('en-US')} per repetition), per call. Generated by \`test/bench/redis-lua-costs.ts\`.`,
  '',
  markdownTable(['step', 'ns', 'ns per iteration or call, each repetition'], rows),
  '',
].join('\n');
writeFileSync(join(import.meta.dirname, 'results', 'redis-lua-costs.md'), report);
console.log(report);
await fixture.cleanup();
