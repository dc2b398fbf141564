/** In-memory fakes of the smaller ports (channels, contact preferences, link signer) for unit tests. */
import type {
  ChannelSender,
  ContactPreferencesStore,
  LinkSigner,
  OutboundMessage,
} from '../app/ports.ts';
import type { ContactPreferences } from '../domain/contact-preferences.ts';
import { notifierError } from '../errors.ts';

/** A provider that accepts everything it is sent, unless told to fail the next sends. */
export class RecordingChannel implements ChannelSender {
  readonly sent: OutboundMessage[] = [];
  readonly attempts: OutboundMessage[] = [];
  private failures: Error[] = [];

  /** The next sends throw these, one each. */
  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  send(message: OutboundMessage): Promise<void> {
    this.attempts.push(message);
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    this.sent.push(message);
    return Promise.resolve();
  }
}

export const providerDown = (detail = 'provider answered 503') =>
  notifierError('CHANNEL_UNAVAILABLE', detail, { retryable: true });
export const providerRejects = (detail = 'provider answered 400') =>
  notifierError('CHANNEL_REJECTED', detail, { retryable: false });

/** Contact preferences as the owning service would have written them. */
export function contactsOf(...prefs: ContactPreferences[]): ContactPreferencesStore {
  return contactsIn(new Map(prefs.map((p) => [p.accountId, p])));
}

/** Reads what `byAccount` holds at the time of each read (a test may write it later). */
export function contactsIn(
  byAccount: ReadonlyMap<string, ContactPreferences>,
): ContactPreferencesStore {
  return {
    get: (accountId) => Promise.resolve(byAccount.get(accountId)),
    getMany: (accountIds) => {
      const found = new Map(accountIds.map((id) => [id, byAccount.get(id)]));
      return Promise.resolve((accountId) => found.get(accountId));
    },
  };
}

export function prefsFor(
  accountId: string,
  overrides: Partial<ContactPreferences> = {},
): ContactPreferences {
  return {
    accountId,
    locale: 'en',
    timeZone: 'UTC',
    email: null,
    phone: null,
    pushToken: null,
    channels: ['email'],
    ...overrides,
  };
}

/** Tokens that name their notification, for tests of what carries them (not of signing). */
export const plainSigner: LinkSigner = {
  sign: (notificationId) => ({
    token: `signed.${notificationId}`,
    expiresAt: new Date('2026-11-25T07:00:00.000Z'),
  }),
  verify(token) {
    const [tag, notificationId, extra] = token.split('.');
    if (tag !== 'signed' || notificationId === undefined || extra !== undefined)
      throw notifierError('TOKEN_INVALID', 'not a token of this signer', { retryable: false });
    // `signed.expired-<id>`: an expired link to notification <id>.
    if (notificationId.startsWith('expired-'))
      throw notifierError('TOKEN_EXPIRED', 'expired', {
        retryable: false,
        details: { notificationId: notificationId.slice('expired-'.length) },
      });
    return { notificationId, expiresAt: new Date('2026-11-25T07:00:00.000Z') };
  },
};
