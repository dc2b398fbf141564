import { verificationLinkIn, type CustomerMessage } from '../sinks/customer-messages.ts';

/** The demo's customer languages, in the order the demo prints them. */
export const DEMO_LANGUAGES = ['en', 'ja', 'zh-CN'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

export interface SampleLink {
  language: DemoLanguage;
  /** The /verify link as the customer got it. */
  link: string;
  /** Who got it (phone, email or push token). */
  to: string;
}

function languageOf(locale: string | undefined): DemoLanguage | undefined {
  const tag = (locale ?? '').toLowerCase();
  if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
  if (tag === 'zh-cn' || tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * One "was this you?" link per language from what the sinks caught, the newest of each, for
 * the demo to print: open one and see the page that customer would see.
 */
export function sampleVerificationLinks(messages: readonly CustomerMessage[]): SampleLink[] {
  const newest = new Map<DemoLanguage, SampleLink>();
  for (const message of messages) {
    const language = languageOf(message.locale);
    const link = verificationLinkIn(message.text);
    if (language === undefined || link === undefined || newest.has(language)) continue;
    newest.set(language, { language, link, to: message.to });
  }
  return DEMO_LANGUAGES.flatMap((language) => newest.get(language) ?? []);
}
