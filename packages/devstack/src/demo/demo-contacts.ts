import type { ContactSeed } from '../stack/contact-preferences.ts';

const LOCALES = [
  { locale: 'en', timeZone: 'Europe/London', phonePrefix: '+4477009' },
  { locale: 'ja-JP', timeZone: 'Asia/Tokyo', phonePrefix: '+8190000' },
  { locale: 'zh-CN', timeZone: 'Asia/Shanghai', phonePrefix: '+8613800' },
] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Contact preferences for simulated customers: locales spread over en / ja / zh-CN, everyone
 * reachable by email and SMS, half preferring each. Derived from the account id alone, so a
 * re-run of the same traffic gets the same contacts.
 */
export function demoContacts(accountIds: Iterable<string>): ContactSeed[] {
  return [...new Set(accountIds)].sort().map((accountId) => {
    const h = hash(accountId);
    const place = LOCALES[h % LOCALES.length]!;
    const local = accountId
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '-')
      .slice(0, 60);
    return {
      accountId,
      locale: place.locale,
      timeZone: place.timeZone,
      email: `${local}@customers.vigil.test`,
      phone: `${place.phonePrefix}${String(h % 100_000).padStart(5, '0')}`,
      channels: h % 2 === 0 ? ['email', 'sms'] : ['sms', 'email'],
    };
  });
}

/** The account a captured message went to (by email, phone or push token), if it is one of ours. */
export function recipientAccount(
  contacts: readonly ContactSeed[],
  address: string | undefined,
): { accountId: string; to: string } | undefined {
  if (address === undefined) return undefined;
  const wanted = address.toLowerCase();
  const contact = contacts.find((c) =>
    [c.email, c.phone, c.pushToken].some((a) => a?.toLowerCase() === wanted),
  );
  return contact === undefined ? undefined : { accountId: contact.accountId, to: address };
}
