import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../test-support/smtp-capture.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import type { ChannelSender, OutboundMessage } from '../app/ports.ts';

const message = (n: number): OutboundMessage => ({
  notificationId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  kind: 'verification_request',
  channel: 'email',
  address: `customer-${n}@example.com`,
  subject: `Was this you? (${n})`,
  text: `Message ${n}`,
  short: `Message ${n}`,
  locale: 'en',
});

describe('SMTP email channel (real SMTP server)', () => {
  let smtp: SmtpCapture;
  let channel: ChannelSender;
  beforeEach(async () => {
    smtp = await startSmtpCapture();
    channel = createSmtpEmailChannel({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'Vigil <security@vigil.test>',
      timeoutMs: 5_000,
      maxConnections: 2,
    });
  });
  afterEach(async () => {
    await channel.close?.();
    await smtp.close();
  });

  it('reuses its connections: 24 messages, 8 at a time, over at most maxConnections', async () => {
    for (let round = 0; round < 3; round++)
      await Promise.all(Array.from({ length: 8 }, (_, i) => channel.send(message(round * 8 + i))));
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(
      Array.from({ length: 24 }, (_, n) => `Was this you? (${n})`).sort(),
    );
    expect(smtp.connections).toBeGreaterThanOrEqual(1);
    expect(smtp.connections).toBeLessThanOrEqual(2);
  });

  it('still tells a permanent refusal from a temporary one, and delivers after both', async () => {
    await channel.send(message(1));
    smtp.refuseNext(1, 550);
    await expect(channel.send(message(2))).rejects.toMatchObject({
      code: 'CHANNEL_REJECTED',
      retryable: false,
    });
    smtp.refuseNext(1, 451);
    await expect(channel.send(message(3))).rejects.toMatchObject({
      code: 'CHANNEL_UNAVAILABLE',
      retryable: true,
    });
    await channel.send(message(4));
    expect(smtp.messages.map((m) => m.text)).toEqual(['Message 1', 'Message 4']);
  });
});
