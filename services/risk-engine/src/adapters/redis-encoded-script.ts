import { createHash } from 'node:crypto';
import { Command } from 'ioredis';
import { ScratchBuffer } from './redis-scratch-buffer.ts';

/** A script call's arguments after the script: key count, keys, then the script's ARGV. */
export type ScriptArgument = string | number | Buffer;

/**
 * A Lua script whose calls are written to the wire by this adapter instead of ioredis's generic
 * command encoding, which for each call copies the arguments (twice), turns every argument into
 * a string of its own (`$<length>\r\n<argument>\r\n`, measuring each one's UTF-8 length) and
 * joins them: on the feature store's hot path that was most of what ioredis cost per event. Here
 * the arguments are written once, into one buffer, as the RESP bulk strings ioredis would write
 * (numbers as their decimal text, as ioredis's `String(n)`).
 *
 * The script cache is handled as ioredis's `defineCommand` scripts handle it: the first call on a
 * connection is an EVAL carrying the script (later calls in the same pipeline are EVALSHA, which
 * Redis then finds); a call refused with NOSCRIPT (a Redis restart, SCRIPT FLUSH, a failover)
 * marks the connection as not having the script and is sent again, as an EVAL. A refused call
 * changed nothing, so sending it again is safe.
 */
export class EncodedScript {
  readonly sha: string;
  private readonly lua: Buffer;
  /** Connections (sockets) the script was sent on as an EVAL and not refused since. */
  private readonly loaded = new WeakSet<object>();

  constructor(lua: string) {
    this.lua = Buffer.from(lua, 'utf8');
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /**
   * A call of the script, for a pipeline's `sendCommand` (or the client's). `client` is what
   * a call refused with NOSCRIPT is sent again on (the client the pipeline was made from).
   */
  command(
    client: { sendCommand(command: Command): unknown },
    numberOfKeys: number,
    args: readonly ScriptArgument[],
  ): Command {
    const body = encodeArguments(numberOfKeys, args);
    const make = (): Command => new ScriptCall(this, body, args.length + 1);
    const call = make();
    call.promise = call.promise.catch((error: unknown) => {
      if (!isNoScript(error)) throw error;
      const again = make();
      void client.sendCommand(again);
      return again.promise;
    });
    return call;
  }

  /**
   * The whole command: `body` (its arguments after HEAD_ROOM free bytes) behind an EVALSHA head
   * written into that room, or behind an EVAL carrying the script on a connection that lacks it.
   */
  writable(socket: object, argumentCount: number, body: Buffer): Buffer {
    const count = `*${argumentCount + 2}\r\n`;
    if (this.loaded.has(socket)) {
      const head = `${count}$7\r\nevalsha\r\n$40\r\n${this.sha}\r\n`;
      const start = HEAD_ROOM - head.length;
      body.write(head, start, 'latin1');
      return body.subarray(start);
    }
    this.loaded.add(socket);
    return Buffer.concat([
      Buffer.from(`${count}$4\r\neval\r\n$${this.lua.length}\r\n`, 'latin1'),
      this.lua,
      CRLF,
      body.subarray(HEAD_ROOM),
    ]);
  }

  /** After NOSCRIPT on a connection: its next call carries the script. */
  forget(socket: object): void {
    this.loaded.delete(socket);
  }
}

const CRLF = Buffer.from('\r\n', 'latin1');
const scratch = new ScratchBuffer();
/** Room for the longest EVALSHA head: `*<count>\r\n$7\r\nevalsha\r\n$40\r\n<sha>\r\n`. */
const HEAD_ROOM = 80;

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.includes('NOSCRIPT');
}

/** One call of an EncodedScript: its arguments encoded once, its head chosen per connection. */
class ScriptCall extends Command {
  constructor(
    private readonly script: EncodedScript,
    private readonly body: Buffer,
    private readonly argumentCount: number,
  ) {
    // The name and the first argument say what the call is (logs, ioredis's flags); the bytes
    // sent are toWritable's.
    super('evalsha', [script.sha], { replyEncoding: 'utf8' });
  }

  override toWritable(socket: object): Buffer {
    const reject = this.reject;
    this.reject = (error: Error) => {
      if (isNoScript(error)) this.script.forget(socket);
      reject.call(this, error);
    };
    return this.script.writable(socket, this.argumentCount, this.body);
  }
}

/**
 * The key count and arguments as RESP bulk strings, in one buffer after HEAD_ROOM bytes left for
 * the command's head: ASCII strings copied unit by unit (keys, ids and numbers are), any other
 * string as UTF-8.
 */
export function encodeArguments(numberOfKeys: number, args: readonly ScriptArgument[]): Buffer {
  let capacity = HEAD_ROOM + 32;
  for (const arg of args)
    capacity +=
      16 + (typeof arg === 'string' ? arg.length * 3 : Buffer.isBuffer(arg) ? arg.length : 24);
  const out = scratch.atLeast(capacity);
  let offset = writeAscii(out, String(numberOfKeys), HEAD_ROOM);
  out[offset] = 0x0d;
  out[offset + 1] = 0x0a;
  offset += 2;
  for (const arg of args) {
    if (Buffer.isBuffer(arg)) {
      offset = writeLength(out, arg.length, offset);
      offset += arg.copy(out, offset);
    } else {
      const text = typeof arg === 'string' ? arg : String(arg);
      const ascii = writeAscii(out, text, offset);
      offset = ascii >= 0 ? ascii : writeUtf8(out, text, offset);
    }
    out[offset] = 0x0d;
    out[offset + 1] = 0x0a;
    offset += 2;
  }
  return scratch.copy(offset);
}

/** `$<length>\r\n` at `offset`; returns the offset after it. */
function writeLength(out: Buffer, length: number, offset: number): number {
  out[offset] = 0x24; // $
  offset = writeDecimal(out, length, offset + 1);
  out[offset] = 0x0d;
  out[offset + 1] = 0x0a;
  return offset + 2;
}

function writeDecimal(out: Buffer, value: number, offset: number): number {
  if (value < 10) {
    out[offset] = 0x30 + value;
    return offset + 1;
  }
  return offset + out.write(String(value), offset, 'latin1');
}

/** Length and units of an ASCII string; -1 (nothing to rely on written) if it is not ASCII. */
function writeAscii(out: Buffer, text: string, offset: number): number {
  const length = text.length;
  let at = writeLength(out, length, offset);
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return -1;
    out[at++] = unit;
  }
  return at;
}

function writeUtf8(out: Buffer, text: string, offset: number): number {
  const at = writeLength(out, Buffer.byteLength(text, 'utf8'), offset);
  return at + out.write(text, at, 'utf8');
}
