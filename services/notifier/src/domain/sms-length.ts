/**
 * SMS are billed and delivered in segments. A text whose every character is in the GSM 03.38
 * alphabet goes as GSM-7: 160 characters in one segment, 153 per segment when concatenated (the
 * rest is the concatenation header), characters of the extension table counting twice. Any
 * other character (all of Chinese and Japanese) makes the whole text UCS-2: 70 UTF-16 units in
 * one segment, 67 when concatenated.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/**
 * The most segments a notice's SMS may take. A verification request carries its signed link
 * (~155 characters with the production URL); in Chinese or Japanese the whole text is UCS-2, so
 * the link alone fills 2⅓ segments of 67, and the question, the activity and its time need a
 * fourth (268 units). Providers deliver four-part messages reliably; past that, handsets start
 * showing parts out of order. A shorter link token would bring it to three.
 */
export const SMS_MAX_SEGMENTS = 4;

export interface SmsSize {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function smsSize(text: string): SmsSize {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return {
    encoding: 'gsm7',
    units: septets,
    segments: septets <= 160 ? 1 : Math.ceil(septets / 153),
  };
}

export function fitsSms(text: string, maxSegments = SMS_MAX_SEGMENTS): boolean {
  return smsSize(text).segments <= maxSegments;
}

/**
 * CLDR puts no-break and narrow no-break spaces in amounts and times ("2:00\u202fAM",
 * "BHD\u00a01.000"); neither is in GSM-7, and one would turn a whole English text into UCS-2.
 */
export function toSmsText(text: string): string {
  return text.replace(/[\u00a0\u2007\u202f]/gu, ' ');
}

/**
 * The first of `candidates` (richest first, each dropping an optional part: the merchant, then
 * more) that fits; the last one when none does (a very long verification URL), since a notice
 * that says less is better than none.
 */
export function fitSms(candidates: readonly string[], maxSegments = SMS_MAX_SEGMENTS): string {
  const texts = candidates.map(toSmsText);
  return texts.find((text) => fitsSms(text, maxSegments)) ?? texts[texts.length - 1] ?? '';
}
