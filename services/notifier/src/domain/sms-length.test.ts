import { describe, expect, it } from 'vitest';
import { fitSms, smsSize, toSmsText } from './sms-length.ts';

describe('smsSize', () => {
  it('counts GSM-7 septets: 160 in one segment, 153 per concatenated segment, extension characters twice', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsSize('a'.repeat(306)).segments).toBe(2);
    expect(smsSize('a'.repeat(307)).segments).toBe(3);
    expect(smsSize('€10 {x}')).toMatchObject({ encoding: 'gsm7', units: 10 }); // €, { and } count 2
    expect(smsSize('¥12,500 at Acme').encoding).toBe('gsm7');
  });

  it('counts UCS-2 units as soon as one character is outside GSM-7: 70, then 67 per segment', () => {
    expect(smsSize('是'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsSize('是'.repeat(71)).segments).toBe(2);
    expect(smsSize('a'.repeat(133) + '日').segments).toBe(2);
    expect(smsSize('a'.repeat(134) + '日').segments).toBe(3);
    expect(smsSize('₩974 at Acme').encoding).toBe('ucs2');
  });
});

describe('fitSms', () => {
  it('takes the richest candidate that fits, else the plainest', () => {
    const long = '確'.repeat(300);
    expect(fitSms([long, '確認してください'])).toBe('確認してください');
    expect(fitSms(['Acme ¥100', 'plain'])).toBe('Acme ¥100');
    expect(fitSms([long, long + '!'])).toBe(long + '!');
  });

  it('turns CLDR no-break spaces into spaces so English stays GSM-7', () => {
    expect(toSmsText('2:00\u202fAM, BHD\u00a01.000')).toBe('2:00 AM, BHD 1.000');
    expect(smsSize(toSmsText('Nov 24, 2026, 2:00\u202fAM')).encoding).toBe('gsm7');
  });
});
