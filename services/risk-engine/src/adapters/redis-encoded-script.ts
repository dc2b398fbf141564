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
  let offset = writeString(out, String(numberOfKeys), HEAD_ROOM);
  out[offset] = 0x0d;
  out[offset + 1] = 0x0a;
  offset += 2;
  for (const arg of args) {
    if (Buffer.isBuffer(arg)) {
      offset = writeLength(out, arg.length, offset);
      offset += arg.copy(out, offset);
    } else {
      offset = writeString(out, typeof arg === 'string' ? arg : String(arg), offset);
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

/** Digits of a non-negative whole number. */
function digits(value: number): number {
  let count = 1;
  while (value >= 10) {
    value = Math.floor(value / 10);
    count += 1;
  }
  return count;
}

/**
 * A string as a bulk string: its UTF-8 written by one native call, its length put in front.
 * Keys and ids arrive as strings concatenated from parts (V8 cons strings): read unit by unit
 * from JavaScript, each was first flattened into a new string (an allocation and a copy per key
 * of every call), where the native write walks the parts as they are. Its length in bytes is
 * known only once written: room is left for the length of an ASCII string (bytes = units), and
 * the rare other string is moved to where its longer length ends.
 */
function writeString(out: Buffer, text: string, offset: number): number {
  const units = text.length;
  if (units <= SHORT_UNITS) {
    const ascii = writeShortAscii(out, text, offset);
    if (ascii >= 0) return ascii;
  }
  const room = 3 + digits(units); // `$<units>\r\n`
  const written = utf8Write(out, text, offset + room);
  if (written === units) return writeLength(out, units, offset) + written;
  // Moved before its length is written: the longer length overlaps the string's first bytes.
  const at = offset + 3 + digits(written);
  out.copyWithin(at, offset + room, offset + room + written);
  return writeLength(out, written, offset) + written;
}

/**
 * Node's `Buffer#utf8Write` (not in @types/node): what `Buffer#write(text, offset, 'utf8')` calls
 * once it has checked and normalised its arguments, a cost as large as the copy for a key.
 */
type NodeBuffer = Buffer & { utf8Write?: (text: string, offset: number) => number };

const utf8Write: (out: Buffer, text: string, offset: number) => number =
  typeof (Buffer.prototype as NodeBuffer).utf8Write === 'function'
    ? (out, text, offset) => (out as NodeBuffer).utf8Write!(text, offset)
    : (out, text, offset) => out.write(text, offset, 'utf8');

/**
 * Short strings (numbers, flags, hashes: most arguments) are copied by a loop here, cheaper than
 * a native call each.
 */
const SHORT_UNITS = 24;

/** Length and units of an ASCII string; -1 (nothing to rely on written) if it is not ASCII. */
function writeShortAscii(out: Buffer, text: string, offset: number): number {
  const length = text.length;
  let at = writeLength(out, length, offset);
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return -1;
    out[at++] = unit;
  }
  return at;
}
