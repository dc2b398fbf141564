import { describe, expect, it } from 'vitest';
import { chooseChannel, type ContactPreferences } from './contact-preferences.ts';

const prefs: ContactPreferences = {
  accountId: 'acc-1',
  locale: 'en',
  timeZone: 'UTC',
  email: 'a@example.com',
  phone: '+819012345678',
  pushToken: null,
  channels: ['push', 'sms', 'email'],
};

describe('chooseChannel', () => {
  it('picks the first preferred channel that has an address and is deliverable here', () => {
    expect(chooseChannel(prefs, ['email', 'sms', 'push'])).toEqual({ channel: 'sms', address: '+819012345678' });
    expect(chooseChannel(prefs, ['email', 'push'])).toEqual({ channel: 'email', address: 'a@example.com' });
  });

  it('finds nothing when no enabled channel has an address', () => {
    expect(chooseChannel({ ...prefs, channels: ['push'] }, ['email', 'sms', 'push'])).toBeUndefined();
    expect(chooseChannel({ ...prefs, channels: [] }, ['email'])).toBeUndefined();
    expect(chooseChannel({ ...prefs, email: '  ', channels: ['email'] }, ['email'])).toBeUndefined();
  });
});
