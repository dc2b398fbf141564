import { describe, expect, it } from 'vitest';
import { contactSeed } from '../stack/contact-preferences.ts';
import { demoContacts, recipientAccount } from './demo-contacts.ts';

describe('demoContacts', () => {
  const ids = Array.from({ length: 60 }, (_, i) => `s42-acct-${i}`);
  const contacts = demoContacts([...ids, 's42-acct-0']);

  it('gives every distinct account one valid row reachable by email and SMS', () => {
    expect(contacts).toHaveLength(60);
    for (const contact of contacts) {
      expect(contactSeed.safeParse(contact).success).toBe(true);
      expect([...contact.channels].sort()).toEqual(['email', 'sms']);
    }
  });

  it('spreads locales over en, ja and zh-CN, deterministically', () => {
    expect(new Set(contacts.map((c) => c.locale))).toEqual(new Set(['en', 'ja-JP', 'zh-CN']));
    expect(demoContacts(ids)).toEqual(contacts);
  });

  it('finds whose a captured message was, by phone or email', () => {
    const contact = contacts[7]!;
    expect(recipientAccount(contacts, contact.phone)).toEqual({
      accountId: contact.accountId,
      to: contact.phone,
    });
    expect(recipientAccount(contacts, contact.email!.toUpperCase())?.accountId).toBe(
      contact.accountId,
    );
    expect(recipientAccount(contacts, '+10000000000')).toBeUndefined();
    expect(recipientAccount(contacts, undefined)).toBeUndefined();
  });
});
