import { formatCountry, type SupportedLocale } from './locale-format.ts';

/**
 * City names in the customer's script, for the cities Vigil's traffic carries today (the
 * simulator's world, packages/simulator/src/domain/world/countries.ts). CLDR has country names
 * but not cities; a city missing here is shown as the event spelled it.
 */
const CITY_NAMES: Readonly<Record<string, { 'zh-CN': string; ja: string }>> = {
  Tokyo: { 'zh-CN': '东京', ja: '東京' },
  Shanghai: { 'zh-CN': '上海', ja: '上海' },
  Beijing: { 'zh-CN': '北京', ja: '北京' },
  Shenzhen: { 'zh-CN': '深圳', ja: '深圳' },
  Osaka: { 'zh-CN': '大阪', ja: '大阪' },
  Fukuoka: { 'zh-CN': '福冈', ja: '福岡' },
  Sapporo: { 'zh-CN': '札幌', ja: '札幌' },
  'New York': { 'zh-CN': '纽约', ja: 'ニューヨーク' },
  Chicago: { 'zh-CN': '芝加哥', ja: 'シカゴ' },
  Atlanta: { 'zh-CN': '亚特兰大', ja: 'アトランタ' },
  Boston: { 'zh-CN': '波士顿', ja: 'ボストン' },
  Berlin: { 'zh-CN': '柏林', ja: 'ベルリン' },
  Munich: { 'zh-CN': '慕尼黑', ja: 'ミュンヘン' },
  Hamburg: { 'zh-CN': '汉堡', ja: 'ハンブルク' },
  Paris: { 'zh-CN': '巴黎', ja: 'パリ' },
  Lyon: { 'zh-CN': '里昂', ja: 'リヨン' },
  Marseille: { 'zh-CN': '马赛', ja: 'マルセイユ' },
  London: { 'zh-CN': '伦敦', ja: 'ロンドン' },
  Manchester: { 'zh-CN': '曼彻斯特', ja: 'マンチェスター' },
  Edinburgh: { 'zh-CN': '爱丁堡', ja: 'エディンバラ' },
  Singapore: { 'zh-CN': '新加坡', ja: 'シンガポール' },
  Seoul: { 'zh-CN': '首尔', ja: 'ソウル' },
  Busan: { 'zh-CN': '釜山', ja: '釜山' },
  'São Paulo': { 'zh-CN': '圣保罗', ja: 'サンパウロ' },
  'Rio de Janeiro': { 'zh-CN': '里约热内卢', ja: 'リオデジャネイロ' },
  Mumbai: { 'zh-CN': '孟买', ja: 'ムンバイ' },
  Bengaluru: { 'zh-CN': '班加罗尔', ja: 'ベンガルール' },
  Lagos: { 'zh-CN': '拉各斯', ja: 'ラゴス' },
  Moscow: { 'zh-CN': '莫斯科', ja: 'モスクワ' },
  'Ho Chi Minh City': { 'zh-CN': '胡志明市', ja: 'ホーチミン' },
};

/** The city in the customer's script when the table has it; otherwise as the event spelled it. */
export function formatCity(city: string, locale: SupportedLocale): string {
  return locale === 'en' ? city : (CITY_NAMES[city]?.[locale] ?? city);
}

/**
 * City and country as each language writes a place: "Osaka, Japan"; 日本大阪 (country first,
 * no separator between CJK names); 大阪（日本）. A city-state is named once (新加坡, not 新加坡新加坡).
 */
export function formatPlace(
  place: { city?: string | undefined; country?: string | undefined },
  locale: SupportedLocale,
): string | undefined {
  const city =
    place.city === undefined || place.city === '' ? undefined : formatCity(place.city, locale);
  const country =
    place.country === undefined || place.country === ''
      ? undefined
      : formatCountry(place.country, locale);
  if (city === undefined || country === undefined || city === country) return city ?? country;
  switch (locale) {
    case 'en':
      return `${city}, ${country}`;
    case 'zh-CN':
      // A city left in Latin script needs a space to stand apart from the Chinese country name.
      return /^[\p{Script=Han}]/u.test(city) ? `${country}${city}` : `${country} ${city}`;
    case 'ja':
      return `${city}（${country}）`;
  }
}
