import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../sinks.ts', import.meta.url));

function setting(output: string, name: string): string {
  const match = new RegExp(`${name}=(\\S+)`).exec(output);
  if (match?.[1] === undefined) throw new Error(`${name} not printed:\n${output}`);
  return match[1];
}

describe('pnpm --filter @vigil/devstack sinks', () => {
  it('prints the notifier settings for its sinks, captures what is sent to them and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ENTRY, '--smtp-port', '0', '--webhook-port', '0', '--page-port', '0'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('(Ctrl-C stops)')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${String(code)} before ready`)));
    });
    try {
      await ready;
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: Number(setting(output, 'SMTP_PORT')),
        secure: false,
      });
      await transport.sendMail({
        from: 'security@vigil.example',
        to: 'ann@example.com',
        subject: 'Was this you?',
        text: 'check',
      });
      transport.close();
      const sms = await fetch(setting(output, 'SMS_WEBHOOK_URL'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+819012345678', text: '確認' }),
      });
      expect(sms.status).toBe(200);

      const page = /what customers were sent: (\S+)/.exec(output)?.[1];
      const listed = (await (await fetch(`${page}messages.json`)).json()) as {
        messages: { channel: string; to: string }[];
      };
      expect(listed.messages.map((m) => [m.channel, m.to]).sort()).toEqual([
        ['email', 'ann@example.com'],
        ['sms', '+819012345678'],
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('refuses a bad port with the usage and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--smtp-port', 'x'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(errors).toContain('usage: pnpm --filter @vigil/devstack sinks');
  });
});
