import type { Channel, NotificationKind } from '../domain/notification.ts';

/** One rendered notice addressed to one channel. */
export interface OutboundMessage {
  notificationId: string;
  kind: NotificationKind;
  channel: Channel;
  /** Email address, phone number or push token. */
  address: string;
  locale: string;
  subject: string;
  text: string;
  short: string;
}

/**
 * Port for a delivery channel. Resolves once the provider accepted the message; throws a
 * VigilError whose `retryable` says whether trying again later can help.
 */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}
