import { Command } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { EncodedScript } from './redis-encoded-script.ts';

/** What ioredis writes for the same call (its generic encoding, as `defineCommand` scripts use). */
function ioredisBytes(sha: string, numberOfKeys: number, args: (string | number | Buffer)[]) {
  const command = new Command('evalsha', [sha, numberOfKeys, ...args]);
  command.stringifyArguments();
  const written = command.toWritable({});
  return Buffer.isBuffer(written) ? written : Buffer.from(written, 'utf8');
}

const client = { sendCommand: () => undefined };

describe('EncodedScript', () => {
  const script = new EncodedScript('return 1');
  const socket = {};
  const args = [
    'vigil:risk:v1:ctrs:{acct-1}:account',
    'ключ-é', // not ASCII: written as UTF-8
    1_764_740_000_123,
    -7,
    0,
    '',
    Buffer.from([0, 1, 0xff]),
    'x'.repeat(300),
  ];

  it("sends EVAL with the script on a connection's first call, then EVALSHA", () => {
    const first = script.command(client, 2, args).toWritable(socket) as Buffer;
    expect(first.toString('latin1')).toMatch(
      /^\*11\r\n\$4\r\neval\r\n\$8\r\nreturn 1\r\n\$1\r\n2\r\n/,
    );
    const second = script.command(client, 2, args).toWritable(socket);
    expect(second).toEqual(ioredisBytes(script.sha, 2, args));
  });

  it('writes the bytes ioredis writes for the same EVALSHA', () => {
    // Strings whose UTF-8 length has more digits than their length in units (é: 2 bytes, €: 3,
    // an emoji: 4 for 2 units), or as many, and keys concatenated from parts.
    const utf8 = ['é'.repeat(5), 'é'.repeat(20), '€'.repeat(40), 'a😀b'.repeat(30), 'ü'];
    const key = `vigil:risk:v1:ctr:{acct-${args.length}}:account`;
    const sampled = [[], ['a'], args, [Buffer.alloc(0), 'k', 12.5], utf8, [key, 'x']];
    for (const sample of sampled) {
      const call = script.command(client, sample.length, sample);
      expect(call.toWritable(socket)).toEqual(ioredisBytes(script.sha, sample.length, sample));
    }
  });

  it('a connection whose call was refused with NOSCRIPT gets the script again', () => {
    const refused = script.command(client, 0, []);
    refused.toWritable(socket);
    refused.promise.catch(() => undefined);
    refused.reject(new Error('NOSCRIPT No matching script. Please use EVAL.'));
    const next = script.command(client, 0, []).toWritable(socket) as Buffer;
    expect(next.toString('latin1')).toMatch(/^\*3\r\n\$4\r\neval\r\n/);
  });
});
