import type { FullCatalog } from './message-keys.ts';

export const en: FullCatalog = {
  greeting: 'Hello,',
  signature: 'Your account security team',
  'fact.line': '{label}: {value}',
  'fact.what': 'What',
  'fact.when': 'When',
  'fact.where': 'Where',
  'fact.device': 'Device',
  'what.transaction': 'A transaction on your account',
  'what.transaction_amount': 'A transaction of {amount}',
  'what.transaction_amount_merchant': 'A transaction of {amount} at {merchant}',
  'what.login': 'A sign-in to your account',
  'what.account_change': 'A change to your account settings',
  'device.ios': 'iPhone or iPad',
  'device.android': 'Android phone or tablet',
  'device.web': 'Web browser',
  'device.other': 'Another device',
  'activities.count': '{count} activities:',
  'activities.more': '…and {count} more.',
  'short.more': ' (+{count} more)',
  'verification_request.subject': 'Was this you? Please confirm recent activity',
  'verification_request.intro':
    'We noticed activity on your account that we want to check with you before it goes ahead.',
  'verification_request.action': 'Tell us whether this was you: {link}',
  'verification_request.expiry':
    'This link works until {expiresAt}. We never ask for your password or codes.',
  'verification_request.short': 'Was this you? {what}{more}, {when}. Confirm: {link}',
  'lock_notice.subject': 'Your account has been locked to protect you',
  'lock_notice.intro':
    'We locked your account after activity that looked like fraud. No further payments can be made until it is reviewed.',
  'lock_notice.next_steps':
    'What to do next: if you did not make this, change your password on a device you trust and contact support from the app or our official website. If it was you, contact support and we will restore access after a quick check. Do not reply to this message and never share one-time codes.',
  'lock_notice.short':
    'Your account was locked after suspicious activity ({what}{more}, {when}). Contact support in the app.',
  'access_restored.subject': 'Access to your account is restored',
  'access_restored.body':
    'We reviewed the recent activity on your account and confirmed it was legitimate. Your account works normally again. Thank you for your patience.',
  'access_restored.short': 'Your account access is restored. Thank you for your patience.',
  'page.title': 'Confirm recent activity',
  'page.question': 'Was this you?',
  'page.yes': 'Yes, it was me',
  'page.no': 'No, it was not me',
  'page.thanks_yes': 'Thank you. We have noted that this was you.',
  'page.thanks_no':
    'Thank you. We have locked your account to protect you and our team will contact you.',
  'page.already_answered': 'This request has already been answered. Thank you.',
  'page.conflict': 'This request was already answered differently. Please contact support.',
  'page.invalid': 'This link is not valid.',
  'page.expired': 'This link has expired. If you did not recognise the activity, contact support.',
  'page.unavailable': 'We could not record your answer right now. Please try again in a minute.',
};
