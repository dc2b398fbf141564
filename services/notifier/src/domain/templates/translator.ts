import type { SupportedLocale } from '../locale-format.ts';
import { en } from './catalog-en.ts';
import { ja } from './catalog-ja.ts';
import { zhCN } from './catalog-zh-cn.ts';
import type { FullCatalog, MessageKey, PartialCatalog } from './message-keys.ts';

export interface Catalogs {
  en: FullCatalog;
  'zh-CN': PartialCatalog;
  ja: PartialCatalog;
}

export const DEFAULT_CATALOGS: Catalogs = { en, 'zh-CN': zhCN, ja };

export type Translate = (key: MessageKey, vars?: Readonly<Record<string, string>>) => string;

/**
 * A translator for one locale: the locale's sentence when it has one, English otherwise (per
 * key). `{name}` placeholders are filled from vars; a missing var renders empty rather than
 * leaking "{name}" to a customer.
 */
export function translator(locale: SupportedLocale, catalogs: Catalogs = DEFAULT_CATALOGS): Translate {
  const own: PartialCatalog = catalogs[locale];
  return (key, vars = {}) => {
    const template = own[key] ?? catalogs.en[key];
    return template.replace(/\{(\w+)\}/g, (_match, name: string) => vars[name] ?? '');
  };
}
