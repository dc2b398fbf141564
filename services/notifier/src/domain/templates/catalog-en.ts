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
  'page.thanks_no_unreviewed':
    'Thank you. We have locked your account to protect you. Please contact support to secure it and restore access.',
  'page.already_answered': 'This request has already been answered. Thank you.',
  'page.conflict': 'This request was already answered differently. Please contact support.',
  'page.invalid': 'This link is not valid.',
  'page.expired': 'This link has expired. If you did not recognise the activity, contact support.',
  'page.unavailable': 'We could not record your answer right now. Please try again in a minute.',
  'page.intro':
    'We noticed this activity on your account and want to check with you before it goes ahead.',
  'page.details': 'What we are asking about',
  'page.detail_activity': 'Activity',
  'page.detail_amount': 'Amount',
  'page.detail_merchant': 'Merchant',
  'page.detail_place': 'Place',
  'page.detail_time': 'Time',
  'page.detail_device': 'Device',
  'page.also': 'Also in this request',
  'page.yes_next':
    'We will record that it was you and recognise this device next time. You do not need to do anything else.',
  'page.no_next':
    'We will lock your account straight away so that no more payments can be made, and our team will contact you to help secure it.',
  'page.no_next_unreviewed':
    'We will lock your account straight away so that no more payments can be made. Then contact support to secure it and restore access.',
  'page.never_ask': 'We never ask for your password, PIN or one-time codes.',
  'page.expires': 'This link works until {expiresAt}.',
  'page.close': 'You can close this page now.',
  'page.after_no':
    'No payments can be made until this is resolved. If you notice anything else you do not recognise, please contact support.',
  'page.support': 'Need help?',
  'page.support_call': 'Call {phone}',
  'page.support_web': 'Visit the {brand} help centre',
  'page.support_app': 'Contact {brand} support from the app or the official website.',
  'page.heading_thanks': 'Answer received',
  'page.heading_done': 'Already answered',
  'page.heading_contact': 'Please contact us',
  'page.heading_link': 'This link cannot be used',
  'page.heading_retry': 'Please try again',
  'page.server_error': 'Something went wrong on our side. Please try again in a few minutes.',
  'page.bad_request':
    'We could not read your answer. Please open the link in your message again and tap one of the two buttons.',
  'device.computer': 'Computer',
};
