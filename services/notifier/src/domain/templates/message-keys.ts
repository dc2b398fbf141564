/**
 * Every string a customer can see. English defines them all; other locales may lack some and
 * fall back per key, so a new sentence ships in English first without breaking anyone.
 */
export const MESSAGE_KEYS = [
  'greeting',
  'signature',
  'fact.line',
  'fact.what',
  'fact.when',
  'fact.where',
  'fact.device',
  'what.transaction',
  'what.transaction_amount',
  'what.transaction_amount_merchant',
  'what.login',
  'what.account_change',
  'device.ios',
  'device.android',
  'device.web',
  'device.other',
  'activities.count',
  'activities.more',
  'short.more',
  'verification_request.subject',
  'verification_request.intro',
  'verification_request.action',
  'verification_request.expiry',
  'verification_request.short',
  'lock_notice.subject',
  'lock_notice.intro',
  'lock_notice.next_steps',
  'lock_notice.short',
  'access_restored.subject',
  'access_restored.body',
  'access_restored.short',
  'page.title',
  'page.question',
  'page.yes',
  'page.no',
  'page.thanks_yes',
  'page.thanks_no',
  'page.already_answered',
  'page.conflict',
  'page.invalid',
  'page.expired',
  'page.unavailable',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export type FullCatalog = Readonly<Record<MessageKey, string>>;
export type PartialCatalog = Readonly<Partial<Record<MessageKey, string>>>;
