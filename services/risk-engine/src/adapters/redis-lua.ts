import { readFileSync } from 'node:fs';
import { VigilError } from '@vigil/errors';
import type { RedisClient } from './redis-client.ts';

/** One Redis script: its parts, files under ./lua/ without the extension. */
export interface LuaCommand {
  /** Keys the script takes; undefined when the caller passes the key count first. */
  numberOfKeys?: number;
  /**
   * Redis scripts cannot `require`: a script written in several files is their text joined in
   * this order, each part using the locals of the parts before it.
   */
  parts: readonly string[];
}

function readPart(part: string): string {
  try {
    return readFileSync(new URL(`./lua/${part}.lua`, import.meta.url), 'utf8');
  } catch (cause) {
    throw new VigilError('LUA_SCRIPT_MISSING', `cannot read Lua script part ${part}.lua`, {
      retryable: false,
      cause,
    });
  }
}

/** A script's text: its parts joined (see LuaCommand). */
export function luaSource(command: LuaCommand): string {
  return command.parts.map(readPart).join('\n');
}

/**
 * Registers the scripts as commands of the client (once per client, however many adapters share
 * it). ioredis then sends EVALSHA, the whole script the first time on a connection and again
 * after NOSCRIPT (a Redis restart or SCRIPT FLUSH); on a cluster, per node connection.
 */
export function defineLuaCommands(
  redis: RedisClient,
  commands: Readonly<Record<string, LuaCommand>>,
) {
  for (const [name, { numberOfKeys, parts }] of Object.entries(commands)) {
    if (name in redis) continue;
    redis.defineCommand(name, { numberOfKeys, lua: luaSource({ parts }) });
  }
}
